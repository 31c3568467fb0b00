from django.contrib import admin

from departments.models import Department


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "contact_name", "contact_phone", "channel", "is_active")
    list_filter = ("channel", "is_active")
    search_fields = ("name", "short_name", "contact_name", "email")
    filter_horizontal = ("handlers",)
