import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.i18n import reading_office_language
from common.models import AppendOnlyModel, TimeStampedModel
from members import permissions
from members.choices import (
    ROSTER_CHANGE_TEXTS,
    DutyKind,
    RosterChangeAction,
    RosterStatus,
    Slot,
    SwapStatus,
    Weekday,
    WeekOfMonth,
)


class Sector(models.Model):
    """A CPPCC sector (界别) a committee member belongs to, e.g. 中共, 民革, 经济界."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The sector's name in the reader's language: a national sector's name translates
        (members.choices.SECTOR_NAMES); the office's own names stay as written."""
        return gettext(self.name)


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


class ReceptionRule(models.Model):
    """One fixed reception time of a workstation, e.g. "every first Monday morning": a weekday, which
    occurrence of it in the month (NULL: every week) and a slot. The reception slots a month's
    roster must cover are computed from these rules (members.generator.reception_slots)."""

    workstation = models.ForeignKey(
        "workstations.Workstation",
        verbose_name=_("工作室"),
        on_delete=models.CASCADE,
        related_name="reception_rules",
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("第几周"), choices=WeekOfMonth.choices, null=True, blank=True, help_text=_("留空表示每周。")
    )
    slot = models.CharField(_("时段"), max_length=16, choices=Slot.choices, default=Slot.MORNING)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["workstation", "weekday", "week_of_month", "slot"]
        verbose_name = _("接待日规则")
        verbose_name_plural = _("接待日规则")
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6), name="reception_rule_weekday"),
            models.CheckConstraint(
                condition=models.Q(week_of_month__isnull=True) | models.Q(week_of_month__in=[1, 2, 3, 4, -1]),
                name="reception_rule_week_of_month",
            ),
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["workstation", "weekday", "week_of_month", "slot"],
                condition=models.Q(week_of_month__isnull=False),
                name="reception_rule_unique_nth",
            ),
            models.UniqueConstraint(
                fields=["workstation", "weekday", "slot"],
                condition=models.Q(week_of_month__isnull=True),
                name="reception_rule_unique_weekly",
            ),
        ]

    def __str__(self):
        every = self.get_week_of_month_display() if self.week_of_month else _("每个")
        return f"{every}{self.get_weekday_display()}{self.get_slot_display()}"


class RosterChange(AppendOnlyModel):
    """One recorded change to a roster: who did what to it and when (generated, a duty added, removed
    or moved, published, a swap approved). Append-only: the audit trail of every roster, and the
    proof that a published month changed only by a swap or an explicit edit."""

    roster = models.ForeignKey(DutyRoster, verbose_name=_("值班表"), on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(_("操作"), max_length=16, choices=RosterChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # True when the roster was already published: such a change needed an explicit confirmation.
    after_publication = models.BooleanField(_("发布后修改"), default=False)
    summary = models.CharField(_("内容"), max_length=500)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("值班表变更记录")
        verbose_name_plural = _("值班表变更记录")
        indexes = [models.Index(fields=["roster", "created_at"], name="roster_change_timeline_idx")]

    @property
    def summary_text(self) -> str:
        """The summary as the reader's language reads it (stored in the office's language)."""
        if reading_office_language():
            return self.summary
        rendered = ROSTER_CHANGE_TEXTS.render(self.action, self.summary)
        return self.summary if rendered is None else rendered

    def __str__(self):
        return f"{self.roster} {self.get_action_display()} {self.summary}"


class DutySwapRequest(TimeStampedModel):
    """A member's request to hand one of their duties to another member, or to exchange it for one
    of that member's duties; a liaison officer of the duty's workstation approves or declines it."""

    duty = models.ForeignKey(
        DutyAssignment, verbose_name=_("本人值班"), on_delete=models.CASCADE, related_name="swap_requests"
    )
    requester = models.ForeignKey(
        Member, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="swap_requests_made"
    )
    target_member = models.ForeignKey(
        Member, verbose_name=_("对方委员"), on_delete=models.PROTECT, related_name="swap_requests_received"
    )
    # Empty: the target member simply takes the duty over; set: the two members exchange duties.
    target_duty = models.ForeignKey(
        DutyAssignment,
        verbose_name=_("对方值班"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="swap_requests_targeted",
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=SwapStatus.choices, default=SwapStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")
        constraints = [
            models.UniqueConstraint(
                fields=["duty"], condition=models.Q(status=SwapStatus.PENDING), name="swap_one_pending_per_duty"
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("target_member")), name="swap_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(status=SwapStatus.PENDING)
                | models.Q(status=SwapStatus.CANCELLED)
                | models.Q(decided_at__isnull=False),
                name="swap_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.requester} → {self.target_member} {self.duty}"


class DutyReminder(models.Model):
    """A reminder sent to a member about one duty on one day. The unique key is what makes the
    reminder task idempotent: a second beat, or a retried task, finds the row and sends nothing."""

    duty = models.ForeignKey(DutyAssignment, verbose_name=_("值班"), on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("提醒日期"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("值班提醒")
        verbose_name_plural = _("值班提醒")
        constraints = [models.UniqueConstraint(fields=["duty", "sent_on"], name="duty_reminder_once_per_day")]

    def __str__(self):
        return f"{self.duty} {self.sent_on}"


class UncoveredSlotsReminder(models.Model):
    """A reminder sent to a liaison officer about the uncovered reception slots of a month at their
    workstations; one per officer and month."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("联络员"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("月份"))
    uncovered = models.PositiveIntegerField(_("未安排时段数"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("缺岗提醒")
        verbose_name_plural = _("缺岗提醒")
        constraints = [models.UniqueConstraint(fields=["officer", "month"], name="uncovered_reminder_once_per_month")]

    def __str__(self):
        return f"{self.officer} {self.month:%Y-%m}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(TimeStampedModel):
    """The secret in a member's private iCalendar feed URL (/my/duties.ics?token=...), so a phone
    calendar can subscribe without a session. Replacing the token revokes the old URL."""

    member = models.OneToOneField(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("令牌"), max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("日历订阅令牌")
        verbose_name_plural = _("日历订阅令牌")

    def __str__(self):
        return str(self.member)
