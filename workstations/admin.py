from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from workstations.models import Workstation


@admin.register(Workstation)
class WorkstationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "address", "member_count", "is_active")
    list_filter = ("level", "is_active", "parent")
    search_fields = ("name", "code", "address")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("liaison_officers",)
    list_select_related = ("parent",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members", distinct=True))

    @admin.display(description=_("委员人数"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
