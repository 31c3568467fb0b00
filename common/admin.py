from django.contrib import admin

from common.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday", "date")
    search_fields = ("note",)
    date_hierarchy = "date"
