from django.contrib import admin

from knowledge.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "body", "shared_with_below", "is_active", "updated_at")
    list_filter = ("is_active", "body", "shared_with_below", "category")
    list_select_related = ("category", "body")
    search_fields = ("title", "question", "answer", "policy_basis")
