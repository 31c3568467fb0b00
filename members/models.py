from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from members import permissions
from members.choices import DutyKind, RosterStatus, Slot


class Sector(models.Model):
    """A CPPCC sector (界别) a committee member belongs to, e.g. 中共, 民革, 经济界."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Member(TimeStampedModel):
    """A CPPCC committee member (政协委员) who signs in, serves at one or more workstations and
    takes duties there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="member"
    )
    sector = models.ForeignKey(Sector, verbose_name=_("界别"), on_delete=models.PROTECT, related_name="members")
    title = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    workstations = models.ManyToManyField(
        "workstations.Workstation", verbose_name=_("所在工作室"), related_name="members", blank=True
    )
    is_active = models.BooleanField(_("在职"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name", "user__username"]
        verbose_name = _("政协委员")
        verbose_name_plural = _("政协委员")

    def __str__(self):
        return self.user.display_name

    @property
    def name(self) -> str:
        return self.user.display_name


class DutyRoster(TimeStampedModel):
    """The duty roster (值班表) of one workstation for one calendar month: drafted by a liaison
    officer, then published."""

    workstation = models.ForeignKey(
        "workstations.Workstation", verbose_name=_("工作室"), on_delete=models.CASCADE, related_name="rosters"
    )
    month = models.DateField(_("月份"), help_text=_("该月的第一天。"))
    status = models.CharField(_("状态"), max_length=16, choices=RosterStatus.choices, default=RosterStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-month", "workstation__code"]
        verbose_name = _("值班表")
        verbose_name_plural = _("值班表")
        permissions = permissions.PERMISSIONS
        constraints = [
            models.UniqueConstraint(fields=["workstation", "month"], name="roster_one_per_workstation_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="roster_month_is_first_day"),
            models.CheckConstraint(
                condition=models.Q(status=RosterStatus.DRAFT) | models.Q(published_at__isnull=False),
                name="roster_published_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.workstation} {self.month:%Y-%m}"


class DutyAssignment(TimeStampedModel):
    """One duty on a roster: either the member responsible for the whole month, or one member at
    one reception slot (a date, morning or afternoon)."""

    roster = models.ForeignKey(
        DutyRoster, verbose_name=_("值班表"), on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(Member, verbose_name=_("委员"), on_delete=models.PROTECT, related_name="duties")
    kind = models.CharField(_("类型"), max_length=8, choices=DutyKind.choices, default=DutyKind.SLOT)
    date = models.DateField(_("日期"), null=True, blank=True)
    slot = models.CharField(_("时段"), max_length=16, choices=Slot.choices, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["roster", "kind", "date", "slot"]
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        indexes = [models.Index(fields=["date", "roster"], name="duty_date_roster_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=DutyKind.MONTH, date__isnull=True, slot="")
                    | (models.Q(kind=DutyKind.SLOT, date__isnull=False) & ~models.Q(slot=""))
                ),
                name="duty_month_or_dated_slot",
            ),
            # A member is on duty at most once a day, so never at two workstations the same day.
            models.UniqueConstraint(
                fields=["member", "date"], condition=models.Q(date__isnull=False), name="duty_one_per_member_per_day"
            ),
            models.UniqueConstraint(
                fields=["roster", "date", "slot"],
                condition=models.Q(date__isnull=False),
                name="duty_one_member_per_slot",
            ),
            models.UniqueConstraint(
                fields=["roster"], condition=models.Q(kind=DutyKind.MONTH), name="duty_one_month_lead_per_roster"
            ),
        ]

    def __str__(self):
        if self.kind == DutyKind.MONTH:
            return f"{self.roster} {self.get_kind_display()} {self.member}"
        return f"{self.date:%Y-%m-%d} {self.get_slot_display()} {self.member}"


class MemberUnavailability(models.Model):
    """A stretch of days on which a member cannot take a duty (travel, sessions, illness)."""

    member = models.ForeignKey(Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="unavailable")
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("不可值班日期")
        verbose_name_plural = _("不可值班日期")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="unavailability_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.start}–{self.end}"
