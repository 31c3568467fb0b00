from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import ApiToken, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Lists and revokes API tokens; issuing is on /accounts/tokens/, the one place that shows a new
    token once. Neither the token nor its digest is shown here."""

    list_display = (
        "client_name",
        "prefix",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("read_only",)
    search_fields = ("client_name", "prefix", "user__username")
    list_select_related = ("user",)
    fields = (
        "client_name",
        "prefix",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "created_by",
    )
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(services.MANAGE_API_TOKENS)

    def has_module_permission(self, request):
        return request.user.has_perm(services.MANAGE_API_TOKENS)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选令牌"), permissions=["manage"])
    def revoke(self, request, queryset):
        ids = queryset.values_list("pk", flat=True)
        count = sum(services.api_token_revoke(actor=request.user, token_id=pk) for pk in ids)
        self.message_user(request, _("已吊销 %(count)d 个令牌。") % {"count": count})

    def has_manage_permission(self, request):
        return request.user.has_perm(services.MANAGE_API_TOKENS)
