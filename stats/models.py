from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureRow(models.Model):
    """The additive petition figures of `stats.selectors.aggregates.petition_cube` for one
    combination of workstation, category, assigned member (with the member's sector) and channel.
    Ids are plain integers, not foreign keys: these tables are derived, rebuilt, never edited."""

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
        abstract = True


class MonthlyFigure(FigureRow):
    """One finished calendar month's petition figures for one combination of dimensions.

    The trend, and periods made of whole finished months, read from here instead of counting a
    year of petitions on every page view. Rebuilt by `stats.services` from the very function the
    live dashboard runs, for the months that recent petition events touched (every minute) and
    for any month not yet built; the current month is read from DailyFigure and counted live."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("月度统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_monthly_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id}"


class DailyFigure(FigureRow):
    """One past day of the current month, like MonthlyFigure: the current month's figures are
    these days plus today counted live."""

    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        indexes = [models.Index(fields=["day", "workstation_id"], name="stats_daily_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.workstation_id}"


class BuiltMonth(models.Model):
    """A month whose MonthlyFigure rows are built, and when: only these are read from the table."""

    month = models.DateField(_("月份"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的月度统计")
        verbose_name_plural = _("已生成的月度统计")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class BuiltDay(models.Model):
    """A day whose DailyFigure rows are built, and when."""

    day = models.DateField(_("日期"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的每日统计")
        verbose_name_plural = _("已生成的每日统计")

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"
