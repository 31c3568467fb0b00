from django.contrib import admin

from opinions.models import OpinionReport


@admin.register(OpinionReport)
class OpinionReportAdmin(admin.ModelAdmin):
    """Read-only in the admin: reports are written and forwarded through the pages (services)."""

    list_display = ("title", "workstation", "status", "forwarded_at", "receiving_reference")
    list_filter = ("status",)
    search_fields = ("title", "receiving_reference")
    readonly_fields = [field.name for field in OpinionReport._meta.fields] + ["cases"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
