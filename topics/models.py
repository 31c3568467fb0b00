import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel, AppendOnlyQuerySet, TimeStampedModel
from topics import permissions
from topics.choices import ADOPTED_STATUSES, ActivityKind, EventType, GroupRole, OutcomeKind, Status


class TopicQuerySet(models.QuerySet):
    def published(self):
        """What the public pages and the public API show: adopted topics office staff published."""
        return self.filter(published_at__isnull=False, status__in=ADOPTED_STATUSES)


class Topic(TimeStampedModel):
    """One key research topic (重点调研课题) of one year: raised from what citizens brought most,
    adopted by office staff, researched by a group of members, reported, discussed at a
    consultation meeting, and followed to the policies and measures that came of it. The petitions
    linked to it are its evidence; the public page shows only their count."""

    title = models.CharField(_("课题名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.TextField(_("课题说明"), max_length=5000, blank=True)
    # Where it came from, e.g. "类别：城市管理 2026年" (the candidates view's row).
    source = models.CharField(_("来源"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    petitions = models.ManyToManyField(
        "petitions.Petition", verbose_name=_("相关诉求"), related_name="topics", blank=True
    )
    sectors = models.ManyToManyField("members.Sector", verbose_name=_("参与界别"), related_name="topics", blank=True)
    departments = models.ManyToManyField(
        "departments.Department", verbose_name=_("涉及部门"), related_name="topics", blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    decline_reason = models.TextField(_("未采纳理由"), blank=True)
    report_summary = models.TextField(_("调研报告摘要"), max_length=5000, blank=True)
    report_submitted_at = models.DateTimeField(_("报告报送时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    # When the citizens behind the linked cases were told of the outcome (once per topic).
    citizens_told_at = models.DateTimeField(_("告知群众时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结题时间"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("重点调研课题")
        verbose_name_plural = _("重点调研课题")
        permissions = permissions.PERMISSIONS
        indexes = [models.Index(fields=["year", "status"], name="topic_year_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status__in=sorted(ADOPTED_STATUSES)),
                name="topic_published_only_adopted",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DECLINED) | ~models.Q(decline_reason=""),
                name="topic_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100), name="topic_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class TopicMember(models.Model):
    """One member of a topic's research group (调研组): its lead (牵头委员, one per topic) or a member."""

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="group")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="topic_roles"
    )
    role = models.CharField(_("角色"), max_length=8, choices=GroupRole.choices, default=GroupRole.MEMBER)

    class Meta:
        ordering = ["topic", "role", "id"]
        verbose_name = _("调研组成员")
        verbose_name_plural = _("调研组成员")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="topic_member_once"),
            models.UniqueConstraint(fields=["topic"], condition=models.Q(role=GroupRole.LEAD), name="topic_one_lead"),
        ]

    def __str__(self):
        return f"{self.topic_id} {self.member} {self.get_role_display()}"


class Milestone(TimeStampedModel):
    """One step of a topic's research plan with its date (a visit round finished, the report's
    draft due); reminded before and on its due date like a case's deadline (reminders)."""

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("工作节点"), max_length=200)
    due_date = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The due date a reminder / an overdue notice was last sent for: one each per date, however
    # often the beat runs, and again if the date is moved.
    reminded_for = models.DateField(_("已提醒的期限"), null=True, blank=True)
    overdue_told_for = models.DateField(_("已督办的期限"), null=True, blank=True)

    class Meta:
        ordering = ["topic", "due_date", "id"]
        verbose_name = _("工作节点")
        verbose_name_plural = _("工作节点")
        indexes = [
            models.Index(fields=["due_date"], condition=models.Q(done_at__isnull=True), name="milestone_open_due_idx")
        ]

    def __str__(self):
        return f"{self.title} {self.due_date}"


class Activity(TimeStampedModel):
    """One research activity of the group: a visit to a department or county, a seminar, a
    survey, field research, with its date, place, participating members and notes."""

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    participants = models.ManyToManyField(
        "members.Member", verbose_name=_("参加委员"), related_name="topic_activities", blank=True
    )
    notes = models.TextField(_("情况记录"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["topic", "date", "id"]
        verbose_name = _("调研活动")
        verbose_name_plural = _("调研活动")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date} {self.place}"


class Meeting(TimeStampedModel):
    """The consultation meeting (专题协商 / 议政性常委会议) that discussed the topic's report: when,
    where, which members took part, which departments were invited, and its minutes."""

    topic = models.OneToOneField(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="meeting")
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "members.Member", verbose_name=_("参会委员"), related_name="topic_meetings", blank=True
    )
    departments = models.ManyToManyField(
        "departments.Department", verbose_name=_("邀请部门"), related_name="topic_meetings", blank=True
    )
    minutes = models.TextField(_("会议纪要"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("协商会议")
        verbose_name_plural = _("协商会议")

    def __str__(self):
        return f"{self.title} {self.date}"


class Outcome(TimeStampedModel):
    """One policy or measure adopted because of the topic, with its document reference (文号) and date."""

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("成果类型"), max_length=16, choices=OutcomeKind.choices)
    title = models.CharField(_("成果名称"), max_length=200)
    document_ref = models.CharField(_("文件文号"), max_length=100, blank=True)
    date = models.DateField(_("日期"))
    description = models.TextField(_("说明"), max_length=5000, blank=True)

    class Meta:
        ordering = ["topic", "date", "id"]
        verbose_name = _("课题成果")
        verbose_name_plural = _("课题成果")

    def __str__(self):
        return self.title


def topic_file_path(instance, filename: str) -> str:
    # A random stored name: the uploader's file name is kept only as data, never as a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"topics/{uuid.uuid4().hex}{suffix}"


class TopicFile(TimeStampedModel):
    """A document of a topic: the research report, an activity's photos or survey sheets, the
    meeting's minutes. Private media, served only through a permission-checked download."""

    class Purpose(models.TextChoices):
        REPORT = "report", _("调研报告")
        ACTIVITY = "activity", _("活动材料")
        MINUTES = "minutes", _("会议纪要")

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="files")
    activity = models.ForeignKey(
        Activity, verbose_name=_("调研活动"), null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    file = models.FileField(_("文件"), upload_to=topic_file_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("字节数"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = _("课题文件")
        verbose_name_plural = _("课题文件")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="activity") | models.Q(activity__isnull=False),
                name="topic_file_activity_has_activity",
            )
        ]

    def __str__(self):
        return self.original_name


class TopicEvent(AppendOnlyModel):
    """One entry in a topic's history: who did what and when, the status before and after. Written
    only by topics.events inside the caller's transaction; it is the timeline and the audit trail.
    Its messages name no citizen."""

    topic = models.ForeignKey(Topic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("事件"), max_length=24, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices, blank=True)
    message = models.TextField(_("内容"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("课题记录")
        verbose_name_plural = _("课题记录")

    def __str__(self):
        return f"{self.topic_id} {self.get_type_display()}"
