"""The department's side of a hand-off: acknowledge (签收) or contest (退单) an assignment, send a
co-handler's opinion to the lead, report the result with attachments, ask for more time, answer a
consultation.

A department acts either as a signed-in handler of that department (`user`), or through the signed,
expiring link in the hand-off e-mail (`via_link=True`, `user=None`): then the link is the authority,
verified by the portal view with `portal_token_read` before it calls these functions."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.i18n import in_office_language
from departments.models import Department, new_webhook_secret
from departments.permissions import is_department_handler
from petitions.choices import EventType
from petitions.choices import Status as PetitionStatus
from petitions.services.handling import consultation_answer  # noqa: F401  (re-exported for the portal)
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.choices import AssignmentRole, AssignmentStatus, ExtensionStatus, Status
from proposals.models import DeadlineExtension, ProposalAssignment, ResultAttachment
from proposals.services import author_tell_after_commit
from proposals.workflow import TimelineEntry, proposal_transition, timeline_write

PORTAL_LINK_SALT = "departments.portal-link"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5
ATTACHMENT_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"})
# What a file of each kind starts with; a file whose content does not match its name is refused.
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


# --- signed links --------------------------------------------------------------------------------


def portal_token_make(*, kind: str, pk: int) -> str:
    """The token of the link a department gets in the hand-off e-mail: "consultation" or
    "assignment" and its id, signed and timestamped (expires after HANDOFF_PORTAL_LINK_MAX_AGE_DAYS)."""
    if kind not in ("consultation", "assignment"):
        raise ValueError(kind)
    return signing.TimestampSigner(salt=PORTAL_LINK_SALT).sign(f"{kind}:{pk}")


def portal_link_path(*, kind: str, pk: int) -> str:
    """The path of the signed portal link for a hand-off e-mail (prefix it with the site's URL)."""
    from django.urls import reverse

    return reverse("departments:link", kwargs={"token": portal_token_make(kind=kind, pk=pk)})


def portal_token_read(token: str) -> tuple[str, int] | None:
    """(kind, pk) of a valid, unexpired token; None for anything else."""
    try:
        value = signing.TimestampSigner(salt=PORTAL_LINK_SALT).unsign(
            token, max_age=datetime.timedelta(days=settings.HANDOFF_PORTAL_LINK_MAX_AGE_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    kind, _sep, pk = value.partition(":")
    if kind not in ("consultation", "assignment") or not pk.isdigit():
        return None
    return kind, int(pk)


# --- assignments ---------------------------------------------------------------------------------


def _lock_assignment(assignment_id: int) -> ProposalAssignment:
    return (
        ProposalAssignment.objects.select_for_update(of=("self",))
        .select_related("department", "proposal")
        .get(pk=assignment_id)
    )


def _check_actor(user, assignment: ProposalAssignment, via_link: bool) -> None:
    if via_link:
        return
    if not is_department_handler(user, assignment.department):
        raise ActionNotAllowed(
            _("只有%(department)s的办理人员可以进行此操作。") % {"department": assignment.department.name}
        )


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


@in_office_language
@transaction.atomic
def assignment_acknowledge(*, assignment_id: int, user=None, via_link: bool = False) -> ProposalAssignment:
    assignment = _lock_assignment(assignment_id)
    _check_actor(user, assignment, via_link)
    if assignment.status != AssignmentStatus.PENDING:
        raise TransitionError(
            _("该交办当前状态为“%(status)s”，不能签收。") % {"status": assignment.get_status_display()}
        )
    assignment.status = AssignmentStatus.ACKNOWLEDGED
    assignment.acknowledged_at = timezone.now()
    assignment.acknowledged_by = _user_or_none(user)
    assignment.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_at"])
    timeline_write(
        proposal=assignment.proposal,
        entry=TimelineEntry(
            type=EventType.DEPARTMENT_ACKNOWLEDGED,
            message=_("%(department)s已签收，正在办理。") % {"department": assignment.department.name},
            public=True,
            actor_label=assignment.department.name,
            data={"assignment_id": assignment.pk},
        ),
        actor=_user_or_none(user),
    )
    return assignment


@in_office_language
@transaction.atomic
def assignment_contest(*, assignment_id: int, reason: str, user=None, via_link: bool = False) -> ProposalAssignment:
    """退单: the department says the matter is not theirs; a reviewer resolves it."""
    reason = (reason or "").strip()
    assignment = _lock_assignment(assignment_id)
    _check_actor(user, assignment, via_link)
    if assignment.status != AssignmentStatus.PENDING:
        raise TransitionError(_("只有待签收的交办可以退单。"))
    if not reason:
        raise TransitionError(_("退单须说明理由。"))
    assignment.status = AssignmentStatus.CONTESTED
    assignment.contest_reason = reason
    assignment.save(update_fields=["status", "contest_reason", "updated_at"])
    timeline_write(
        proposal=assignment.proposal,
        entry=TimelineEntry(
            type=EventType.DEPARTMENT_CONTESTED,
            message=reason,
            public=False,
            actor_label=assignment.department.name,
            data={"assignment_id": assignment.pk},
        ),
        actor=_user_or_none(user),
    )
    return assignment


def attachment_check(upload) -> None:
    """The one rule for a result attachment (type, size, content matching its name), for the portal
    form, the API's upload and assignment_report itself: raises TransitionError with the reason."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise TransitionError(
            _("附件“%(name)s”的类型不支持，请上传 PDF、图片、Word、Excel 或文本文件。") % {"name": upload.name}
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise TransitionError(_("附件“%(name)s”超过 10 MB。") % {"name": upload.name})
    if suffix in _MAGIC:
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in _MAGIC[suffix]):
            raise TransitionError(_("附件“%(name)s”的内容与文件类型不符。") % {"name": upload.name})


def attachments_check(files) -> None:
    """A result's attachments as a whole: at most ATTACHMENT_MAX_COUNT, each by attachment_check."""
    if len(files) > ATTACHMENT_MAX_COUNT:
        raise TransitionError(_("附件最多 %(count)d 个。") % {"count": ATTACHMENT_MAX_COUNT})
    for upload in files:
        attachment_check(upload)


@in_office_language
@transaction.atomic
def assignment_report(
    *, assignment_id: int, result: str, files=(), user=None, via_link: bool = False
) -> ProposalAssignment:
    """The lead department reports its result (the proposal and its cases move to "result
    reported"); a co-handler's report is its opinion, which goes to the lead."""
    result = (result or "").strip()
    files = list(files or ())
    assignment = _lock_assignment(assignment_id)
    _check_actor(user, assignment, via_link)
    if assignment.status != AssignmentStatus.ACKNOWLEDGED:
        raise TransitionError(_("请先签收，再反馈办理结果。"))
    if not result:
        raise TransitionError(_("请填写办理结果。"))
    attachments_check(files)
    assignment.status = AssignmentStatus.REPORTED
    assignment.result = result
    assignment.reported_at = timezone.now()
    assignment.reported_by = _user_or_none(user)
    assignment.save(update_fields=["status", "result", "reported_at", "reported_by", "updated_at"])
    for upload in files:
        ResultAttachment.objects.create(
            assignment=assignment, file=upload, original_name=PurePath(upload.name).name[:200], size=upload.size
        )
    department = assignment.department.name
    if assignment.role == AssignmentRole.CO:
        timeline_write(
            proposal=assignment.proposal,
            entry=TimelineEntry(
                type=EventType.NOTE,
                message=_("%(department)s（会办）提交会办意见：%(result)s")
                % {"department": department, "result": result},
                public=False,
                actor_label=department,
                data={"assignment_id": assignment.pk, "co_opinion": True},
            ),
            actor=_user_or_none(user),
        )
        return assignment
    proposal_transition(
        proposal_id=assignment.proposal_id,
        to_status=Status.RESULT_REPORTED,
        actor=_user_or_none(user),
        expected_from={Status.ASSIGNED},
        entry=TimelineEntry(
            type=EventType.RESULT_REPORTED,
            message=_("%(department)s已反馈办理结果，委员正在确认。") % {"department": department},
            public=True,
            actor_label=department,
            petition_status=PetitionStatus.RESULT_REPORTED,
            petition_expected_from=frozenset({PetitionStatus.PROPOSING}),
            petition_changes={"due_date": None},
            data={"assignment_id": assignment.pk, "result": result},
        ),
    )
    author_tell_after_commit(
        proposal_id=assignment.proposal_id,
        subject=gettext("部门已反馈办理结果"),
        body=gettext("%(department)s已反馈建议“%(title)s”的办理结果，请确认并答复群众："),
        values={"department": department},
    )
    return assignment


@in_office_language
@transaction.atomic
def extension_request(
    *, assignment_id: int, new_due_date: datetime.date, reason: str, user=None, via_link: bool = False
) -> DeadlineExtension:
    reason = (reason or "").strip()
    assignment = _lock_assignment(assignment_id)
    _check_actor(user, assignment, via_link)
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED):
        raise TransitionError(_("该交办已反馈或已撤销，不能申请延期。"))
    if not reason:
        raise TransitionError(_("申请延期须说明理由。"))
    if new_due_date <= assignment.due_date:
        raise TransitionError(
            _("延期后的期限须晚于原办理期限（%(date)s）。") % {"date": assignment.due_date.isoformat()}
        )
    if assignment.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise TransitionError(_("已有一份延期申请正在审批，请等待审核人员处理。"))
    extension = DeadlineExtension.objects.create(
        assignment=assignment,
        requested_due_date=new_due_date,
        previous_due_date=assignment.due_date,
        reason=reason,
        requested_by=_user_or_none(user),
    )
    timeline_write(
        proposal=assignment.proposal,
        entry=TimelineEntry(
            type=EventType.NOTE,
            message=_("%(department)s申请延期至 %(date)s：%(reason)s")
            % {"department": assignment.department.name, "date": new_due_date.isoformat(), "reason": reason},
            public=False,
            actor_label=assignment.department.name,
            data={"extension_id": extension.pk},
        ),
        actor=_user_or_none(user),
    )
    return extension


# --- webhook secret ------------------------------------------------------------------------------


@transaction.atomic
def department_webhook_secret_rotate(*, department_id: int) -> str:
    """Give the department a new webhook secret and return it: the one moment it can be read, to be
    shown once and handed to the department's system. Outbound deliveries sign with it at once;
    inbound messages signed with the old one are accepted for WEBHOOK_SECRET_GRACE_HOURS more, so
    the department's system can switch over. A second rotation within that time ends the first
    one's grace (only one previous secret is kept).

    The caller checks the permission (the admin: change_department)."""
    department = Department.objects.select_for_update().get(pk=department_id)
    department.webhook_secret_previous = department.webhook_secret
    department.webhook_secret_previous_until = timezone.now() + datetime.timedelta(
        hours=settings.WEBHOOK_SECRET_GRACE_HOURS
    )
    department.webhook_secret = new_webhook_secret()
    department.save(
        update_fields=["webhook_secret", "webhook_secret_previous", "webhook_secret_previous_until", "updated_at"]
    )
    return department.webhook_secret
