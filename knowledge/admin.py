from django.contrib import admin

from knowledge.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_active", "updated_at")
    list_filter = ("is_active", "category")
    search_fields = ("title", "question", "answer", "policy_basis")
