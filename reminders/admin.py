from django.contrib import admin

from reminders.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "subject_type", "subject_id", "due_date", "created_at", "sent_at", "recipients")
    list_filter = ("kind", "subject_type", "due_date")
    date_hierarchy = "created_at"
    readonly_fields = [f for f in list_display if f != "id"] + ["attempts", "last_error"]

    def has_add_permission(self, request):
        return False
