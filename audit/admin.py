from django.contrib import admin

from audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read only: the log is append-only, and the audit page (/audit/) is where it is read."""

    list_display = ["created_at", "actor_label", "kind", "tracking_code", "ip_address", "path", "row_count"]
    list_filter = ["kind"]
    search_fields = ["actor_label", "tracking_code"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
