"""The admin reads topics; every step is taken on the topic pages (topics.services), so status,
timeline and files are read-only here, and the cases behind a topic are shown by id only."""

from django.contrib import admin

from topics.models import Topic, TopicEvent


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TopicEventInline(_ReadOnly, admin.TabularInline):
    model = TopicEvent
    extra = 0
    fields = ("created_at", "type", "actor", "from_status", "to_status", "message")
    readonly_fields = fields


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "status", "published_at", "created_at")
    list_filter = ("status", "year")
    search_fields = ("title", "summary", "source")
    readonly_fields = (
        "status",
        "proposed_by",
        "adopted_at",
        "report_submitted_at",
        "published_at",
        "citizens_told_at",
        "closed_at",
    )
    raw_id_fields = ("petitions",)
    filter_horizontal = ("sectors", "departments")
    inlines = [TopicEventInline]


@admin.register(TopicEvent)
class TopicEventAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("topic", "type", "actor", "created_at")
    list_filter = ("type",)
    list_select_related = ("topic", "actor")
