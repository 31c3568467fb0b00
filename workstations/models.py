from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from workstations.choices import BodyLevel, Level

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,30}$",
    _("只能使用小写字母、数字和连字符，2 至 31 个字符。"),
)


class CppccBody(TimeStampedModel):
    """One CPPCC committee (政协) of the install: a province's, a city's or a county's. It owns a part
    of the workstation tree (Workstation.body), its reviewers and office staff (BodyMembership), its
    departments, its knowledge base and its deadline defaults. Bodies form their own tree (a county
    under its city, a city under the province).

    `path` is the materialised chain of ids from the root ("/1/4/9/"), kept by
    workstations.services.body_save: "this body and those below" is one `path__startswith` index
    range, so every list's scope is a subquery, not a walk (workstations.permissions)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("层级"), max_length=16, choices=BodyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级政协"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=255, editable=False, default="", db_index=True)
    # Working-day deadline defaults of this body: empty means the body above decides (and at the
    # top, settings.DEADLINE_DEFAULTS). A workstation's or a department's own value wins over them.
    first_response_days = models.PositiveSmallIntegerField(_("首次响应时限（工作日）"), null=True, blank=True)
    reply_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), null=True, blank=True)
    consultation_days = models.PositiveSmallIntegerField(_("咨询答复时限（工作日）"), null=True, blank=True)
    proposal_review_days = models.PositiveSmallIntegerField(_("建议审核时限（工作日）"), null=True, blank=True)
    acknowledge_days = models.PositiveSmallIntegerField(_("签收时限（工作日）"), null=True, blank=True)
    handling_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("政协")
        verbose_name_plural = _("政协")
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="cppccbody_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """The ids of the bodies above this one, from the root down (read from `path`)."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def chain_ids(self) -> list[int]:
        """This body's id and those of the bodies above it: whose departments a case here may
        consult and a member here may suggest (a county's member may turn to a city bureau)."""
        return [*self.ancestor_ids, self.pk]


class BodyMembership(models.Model):
    """The CPPCC body a reviewer or an office staff member works for: one body per person. What
    they see and decide is that body's (and, for office staff, the bodies below it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="body_membership"
    )
    body = models.ForeignKey(CppccBody, verbose_name=_("政协"), on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = _("政协工作人员")
        verbose_name_plural = _("政协工作人员")

    def __str__(self):
        return f"{self.user} · {self.body}"


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
    # The CPPCC body that owns this workstation: its reviewers review the proposals filed here and
    # its office staff (and those of the bodies above) see its cases. An explicit column rather
    # than "the nearest body up the tree", so that a scope is one indexed filter.
    body = models.ForeignKey(
        CppccBody,
        verbose_name=_("所属政协"),
        null=True,
        on_delete=models.PROTECT,
        related_name="workstations",
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
