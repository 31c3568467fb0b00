from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from common.calendar import unknown_years
from common.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday", "date")
    search_fields = ("note",)
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        # Until someone enters next year's official schedule, its deadlines count only weekends.
        missing = unknown_years(today=timezone.localdate())
        if missing:
            years = "、".join(str(year) for year in missing)
            messages.warning(
                request,
                _(
                    "%(years)s 年的法定节假日安排尚未录入：这些年份的期限只按周末计算。"
                    "请录入放假和调休日期（说明栏填写节日名称）。"
                )
                % {"years": years},
            )
        return super().changelist_view(request, extra_context)
