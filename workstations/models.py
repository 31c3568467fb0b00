from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from workstations.choices import Level

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,30}$",
    _("只能使用小写字母、数字和连字符，2 至 31 个字符。"),
)


class WorkstationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Workstation(TimeStampedModel):
    """One committee-member workstation (委员工作室): a place where citizens bring their problems,
    with its own reception hours, QR code and liaison officers. Workstations form a tree: the city,
    its districts and counties, townships and streets, villages and communities."""

    code = models.CharField(
        _("公开代码"),
        max_length=31,
        unique=True,
        validators=[code_validator],
        help_text=_("用于网址和二维码，例如 xiliuwan。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    reception_hours = models.TextField(
        _("接待时间"), blank=True, help_text=_("例如：每月第一个星期一上午，居委会二楼。")
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    liaison_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络员"),
        blank=True,
        related_name="liaison_workstations",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    # Working-day deadlines that override the office-wide defaults for this workstation.
    first_response_days = models.PositiveSmallIntegerField(_("首次响应时限（工作日）"), null=True, blank=True)
    reply_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), null=True, blank=True)

    objects = WorkstationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("委员工作室")
        verbose_name_plural = _("委员工作室")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="workstation_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workstations:detail", kwargs={"code": self.code})
