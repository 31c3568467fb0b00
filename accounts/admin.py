from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "phone", "email", "is_active", "is_staff", "roles")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("username", "full_name", "phone", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("联系方式"), {"fields": ("full_name", "phone")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("角色"))
    def roles(self, obj):
        return "、".join(group.name for group in obj.groups.all())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivated here: end the sessions it still has in every browser.
            services.user_sessions_end(user=obj)
