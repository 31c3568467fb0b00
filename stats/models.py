from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyFigure(models.Model):
    """One finished calendar month's petition figures (collected, handled, solved, households,
    response, rating) for one combination of workstation, category, assigned member (with the
    member's sector) and channel: `stats.selectors.aggregates.petition_cube` of that month.

    The trend, and periods made of whole finished months, read from here instead of counting a
    year of petitions on every page view. Rows are rebuilt by `stats.services.monthly_figures_refresh` from the very
    definitions in stats/selectors/figures.py, for the months that recent petition events touched
    (every minute) and for any month not yet built; the current month is always counted live.
    Ids are plain integers, not foreign keys: this is a derived table, rebuilt, never edited."""

    month = models.DateField(_("月份"))
    workstation_id = models.BigIntegerField(_("工作室"))
    category_id = models.BigIntegerField(_("类别"), null=True)
    member_id = models.BigIntegerField(_("承办委员"), null=True)
    sector_id = models.BigIntegerField(_("界别"), null=True)
    channel = models.CharField(_("渠道"), max_length=16)
    collected = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    response_due = models.PositiveIntegerField(default=0)
    responded_on_time = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("月度统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_monthly_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id}"


class BuiltMonth(models.Model):
    """A month whose MonthlyFigure rows are built, and when: the trend reads only these from the
    table."""

    month = models.DateField(_("月份"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的月度统计")
        verbose_name_plural = _("已生成的月度统计")

    def __str__(self):
        return f"{self.month:%Y-%m}"
