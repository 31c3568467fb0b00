from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """One day whose working-day status office staff set by hand: next year's official holiday
    schedule before the calendar package knows it, a make-up working day (调休), or a local day off.
    A row here wins over the package and over the weekend rule."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("例如：春节、国庆调休上班"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        kind = _("工作日") if self.is_workday else _("休息日")
        return f"{self.date:%Y-%m-%d} {kind} {self.note}".strip()
