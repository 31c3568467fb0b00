import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from proposals import permissions
from proposals.choices import (
    AssignmentRole,
    AssignmentStatus,
    ExtensionStatus,
    HandlingRating,
    Kind,
    LivelihoodType,
    ResultGrade,
    Status,
)


class Proposal(TimeStampedModel):
    """Track 4: a micro-proposal (微建议), public-opinion report (社情民意信息) or mobile proposal
    (掌上提案) a member files from one or more petitions, reviewed by the CPPCC and assigned to
    government departments."""

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.MICRO)
    title = models.CharField(_("标题"), max_length=200)
    facts = models.TextField(_("调查核实情况"), max_length=5000)
    suggestion = models.TextField(_("建议内容"), max_length=5000)
    author = models.ForeignKey(
        "members.Member", verbose_name=_("提交委员"), on_delete=models.PROTECT, related_name="proposals"
    )
    workstation = models.ForeignKey(
        "workstations.Workstation", verbose_name=_("工作室"), on_delete=models.PROTECT, related_name="proposals"
    )
    # The CPPCC body reviewing it now: the workstation's body when submitted, the body above after a
    # forward (转报, proposals.services.proposal_forward). Its reviewers accept, return and assign it.
    body = models.ForeignKey(
        "workstations.CppccBody",
        verbose_name=_("审核政协"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    petitions = models.ManyToManyField("petitions.Petition", verbose_name=_("来源诉求"), related_name="proposals")
    suggested_department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("建议承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggested_proposals",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # A proposal that came out of a key research topic's consultation meeting (topics app).
    topic = models.ForeignKey(
        "topics.Topic",
        verbose_name=_("重点调研课题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    is_livelihood_project = models.BooleanField(_("民生工程"), default=False)
    livelihood_type = models.CharField(_("民生工程类型"), max_length=16, choices=LivelihoodType.choices, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due = models.DateField(_("审核期限"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)

    result_grade = models.CharField(_("办理结果评定"), max_length=1, choices=ResultGrade.choices, blank=True)
    handling_rating = models.CharField(_("对部门办理的评价"), max_length=24, choices=HandlingRating.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("建议")
        verbose_name_plural = _("建议")
        permissions = permissions.PERMISSIONS
        indexes = [models.Index(fields=["status", "review_due"], name="proposal_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_livelihood_project=True) | models.Q(livelihood_type=""),
                name="proposal_livelihood_type_needs_flag",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.RETURNED) | ~models.Q(return_reason=""),
                name="proposal_returned_has_reason",
            ),
        ]

    def __str__(self):
        return self.title


class ProposalAssignment(TimeStampedModel):
    """The hand-off (交办) of one accepted proposal to one department, as lead (主办) or co-handler
    (会办), with its deadlines, the acknowledgement (签收) or contest (退单) and the result."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    status = models.CharField(
        _("状态"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("交办人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledge_due = models.DateField(_("签收期限"))
    due_date = models.DateField(_("办理期限"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contest_reason = models.TextField(_("退单理由"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    reported_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The member's grade of this department's part, lead and co-handlers alike, set when the member
    # confirms the result (proposals.services.proposal_confirm). The proposal's result_grade is the
    # lead's grade, kept for the figures that read it.
    # db_default: rows written by raw COPY (stats.management.commands.generate_load) get blanks too.
    grade = models.CharField(
        _("办理结果评定"), max_length=1, choices=ResultGrade.choices, blank=True, default="", db_default=""
    )
    grade_reason = models.CharField(_("评定理由"), max_length=500, blank=True, default="", db_default="")
    handling_rating = models.CharField(
        _("对部门办理的评价"), max_length=24, choices=HandlingRating.choices, blank=True, default="", db_default=""
    )
    graded_at = models.DateTimeField(_("评定时间"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "role", "department__name"]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        indexes = [
            models.Index(fields=["status", "acknowledge_due"], name="assignment_ack_due_idx"),
            models.Index(fields=["status", "due_date"], name="assignment_status_due_idx"),
            # A department's queue by status, in deadline order (departments.selectors and the API's
            # department queue): one index range per page at a province's size.
            models.Index(fields=["department", "status", "due_date", "id"], name="assignment_dept_queue_idx"),
            # The dashboard's grades per department (stats.selectors.grades): the assignments graded in
            # a period, a range of this index.
            models.Index(
                fields=["graded_at"], condition=models.Q(graded_at__isnull=False), name="assignment_graded_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "department"],
                condition=~models.Q(status=AssignmentStatus.WITHDRAWN),
                name="assignment_one_per_department",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(role=AssignmentRole.LEAD) & ~models.Q(status=AssignmentStatus.WITHDRAWN),
                name="assignment_one_lead_per_proposal",
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("acknowledge_due")),
                name="assignment_due_after_acknowledge",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AssignmentStatus.CONTESTED) | ~models.Q(contest_reason=""),
                name="assignment_contest_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AssignmentStatus.REPORTED) | ~models.Q(result=""),
                name="assignment_reported_has_result",
            ),
            models.CheckConstraint(
                condition=models.Q(grade="", graded_at__isnull=True)
                | (~models.Q(grade="") & ~models.Q(handling_rating="") & models.Q(graded_at__isnull=False)),
                name="assignment_graded_complete",
            ),
            # A C or D says why (留作参考: what stood in the way).
            models.CheckConstraint(
                condition=~models.Q(grade__in=[ResultGrade.C, ResultGrade.D]) | ~models.Q(grade_reason=""),
                name="assignment_low_grade_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} → {self.department}（{self.get_role_display()}）"


def result_attachment_path(instance, filename: str) -> str:
    # A random stored name: the uploader's file name is kept only as data, never as a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"proposals/results/{uuid.uuid4().hex}{suffix}"


class ResultAttachment(TimeStampedModel):
    """A file a department attached to its result report (photos of the fixed site, a letter).
    Served only through a permission-checked view, always as a download."""

    assignment = models.ForeignKey(
        ProposalAssignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=result_attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("字节数"))

    class Meta:
        ordering = ["assignment", "id"]
        verbose_name = _("办理结果附件")
        verbose_name_plural = _("办理结果附件")

    def __str__(self):
        return self.original_name


class DeadlineExtension(TimeStampedModel):
    """A department's request to move the handling deadline of one assignment, and the reviewer's
    decision on it."""

    assignment = models.ForeignKey(
        ProposalAssignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_due_date = models.DateField(_("申请延期至"))
    previous_due_date = models.DateField(_("原办理期限"))
    reason = models.TextField(_("延期理由"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(status=ExtensionStatus.PENDING),
                name="extension_one_pending_per_assignment",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_due_date__gt=models.F("previous_due_date")),
                name="extension_moves_deadline_later",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ExtensionStatus.PENDING) | models.Q(decided_at__isnull=False),
                name="extension_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} → {self.requested_due_date}"
