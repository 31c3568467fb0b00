"""Track 4 on the CPPCC side: the member drafts and submits a proposal from one or more petitions,
a reviewer accepts (possibly editing) or returns it, assigns it to a lead department and optional
co-handlers, resolves contested assignments and extension requests; the member grades the result
and replies to every petitioner. The department's own steps are in departments.services.

Each function checks the role and the relation (author, reviewer) itself and raises
ActionNotAllowed; states are checked under the row lock by proposals.workflow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import staff_notify
from common.deadlines import Stage, stage_due_date
from common.i18n import in_office_language
from petitions.choices import EventType, Outcome, Track
from petitions.choices import Status as PetitionStatus
from petitions.models import Petition
from petitions.services.handling import member_for, notify_citizens_after_commit
from petitions.services.telling import after_commit, citizen_ask_rating
from petitions.workflow import ActionNotAllowed, TransitionError, petition_transition
from proposals import permissions as perms
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
from proposals.models import DeadlineExtension, Proposal, ProposalAssignment
from proposals.slots import assignment_handoff
from proposals.workflow import (
    TimelineEntry,
    following_petition_ids,
    lock_proposal,
    proposal_transition,
    timeline_write,
)
from workstations.models import CppccBody
from workstations.permissions import acts_for_body


def author_tell_after_commit(*, proposal_id: int, subject: str, body: str, values: dict | None = None) -> None:
    """After commit, tell the proposal's author (accounts.services.staff_notify), linking the
    proposal's page; `body` is formatted with `values` and the proposal's title as %(title)s."""

    def tell():
        proposal = Proposal.objects.select_related("author__user").filter(pk=proposal_id).first()
        if proposal is None or proposal.author is None:
            return
        staff_notify(
            user=proposal.author.user,
            subject=subject,
            body=body % {**(values or {}), "title": proposal.title},
            link=reverse("proposals:detail", args=[proposal.pk]),
            phone=proposal.author.phone,
        )

    transaction.on_commit(tell, robust=True)


EDITABLE_FIELDS = ("kind", "title", "facts", "suggestion", "suggested_department", "livelihood_type")


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_perm(f"proposals.{perms.REVIEW_PROPOSAL}")


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise ActionNotAllowed(_("只有政协审核人员可以审核和交办建议。"))


def require_reviewing_body(user, proposal: Proposal) -> None:
    """A reviewer decides only the proposals their own CPPCC body reviews: those filed at its
    workstations and those forwarded to it, not those of the bodies below (nor, once forwarded,
    those it sent up)."""
    require_reviewer(user)
    if not acts_for_body(user, proposal.body_id):
        raise ActionNotAllowed(_("这份建议由其他政协审核，您不能进行此操作。"))


def require_body_department(proposal: Proposal, department) -> None:
    """A proposal goes only to departments of the body reviewing it (a county's reviewer never
    assigns a city bureau; after a forward, the departments of the body that took it)."""
    if department.body_id is None or department.body_id != proposal.body_id:
        raise ActionNotAllowed(
            _("%(department)s不属于审核这份建议的政协，不能交办。") % {"department": department.name}
        )


def require_author(user, proposal: Proposal):
    member = member_for(user)
    if not user.has_perm(f"proposals.{perms.DRAFT_PROPOSAL}") or member is None:
        raise ActionNotAllowed(_("只有政协委员可以起草建议。"))
    if proposal.author_id != member.pk:
        raise ActionNotAllowed(_("只有提交这份建议的委员可以进行此操作。"))
    return member


def _clean_fields(*, kind, title, facts, suggestion, livelihood_type) -> dict:
    title, facts, suggestion = (title or "").strip(), (facts or "").strip(), (suggestion or "").strip()
    if kind not in Kind.values:
        raise TransitionError(_("请选择建议类型。"))
    if not title:
        raise TransitionError(_("请填写建议标题。"))
    if not facts:
        raise TransitionError(_("请填写实地走访核实的情况。"))
    if not suggestion:
        raise TransitionError(_("请填写具体建议。"))
    if livelihood_type and livelihood_type not in LivelihoodType.values:
        raise TransitionError(_("民生工程类型无效。"))
    return {
        "kind": kind,
        "title": title,
        "facts": facts,
        "suggestion": suggestion,
        "livelihood_type": livelihood_type or "",
        "is_livelihood_project": bool(livelihood_type),
    }


def _join_petition(*, user, member, proposal: Proposal, petition_id: int) -> None:
    petition = Petition.objects.select_for_update(of=("self",)).get(pk=petition_id)
    if petition.assigned_member_id != member.pk:
        raise ActionNotAllowed(_("只能把分派给您的诉求纳入建议。"))
    if petition.track != Track.PROPOSE:
        raise TransitionError(_("请先把诉求的办理方式定为“提交建议”。"))
    if petition.workstation_id != proposal.workstation_id:
        raise ActionNotAllowed(_("只能把本工作室的诉求纳入同一份建议。"))
    proposal.petitions.add(petition)
    petition_transition(
        petition_id=petition.pk,
        to_status=PetitionStatus.PROPOSING,
        event_type=EventType.PROPOSAL_DRAFTED,
        actor=user,
        expected_from={PetitionStatus.ASSIGNED},
        changes={"due_date": None},
        message=_("委员已实地走访核实，正在起草%(kind)s。") % {"kind": Kind(proposal.kind).label},
        public=True,
        data={"proposal_id": proposal.pk},
    )


def _check_suggested_department(department, body_id) -> None:
    """A member suggests a department of their workstation's CPPCC body or of a body above it (the
    body that reviews the proposal, or one it may be forwarded to); never a sibling county's."""
    if department is None or body_id is None:
        return
    if department.body_id is None or department.body_id not in CppccBody.objects.get(pk=body_id).chain_ids:
        raise TransitionError(_("建议承办部门只能是本工作室所在政协或上级政协的部门。"))


@in_office_language
@transaction.atomic
def proposal_draft(
    *,
    user,
    petition_ids: list[int],
    kind: str,
    title: str,
    facts: str,
    suggestion: str,
    suggested_department=None,
    livelihood_type: str = "",
) -> Proposal:
    """The member drafts a proposal from the petitions assigned to them (track 4), with the facts
    found on the field visit. The petitions move to PROPOSING."""
    member = member_for(user)
    if not user.has_perm(f"proposals.{perms.DRAFT_PROPOSAL}") or member is None:
        raise ActionNotAllowed(_("只有政协委员可以起草建议。"))
    if not petition_ids:
        raise TransitionError(_("建议至少要有一件来源诉求。"))
    fields = _clean_fields(kind=kind, title=title, facts=facts, suggestion=suggestion, livelihood_type=livelihood_type)
    first = (
        Petition.objects.filter(pk=min(petition_ids))
        .select_related("workstation")
        .only("workstation_id", "workstation__body_id")
        .first()
    )
    if first is None:
        raise TransitionError(_("找不到来源诉求。"))
    _check_suggested_department(suggested_department, first.workstation.body_id)
    proposal = Proposal.objects.create(
        author=member,
        workstation_id=first.workstation_id,
        body_id=first.workstation.body_id,
        suggested_department=suggested_department,
        **fields,
    )
    for petition_id in sorted(set(petition_ids)):
        _join_petition(user=user, member=member, proposal=proposal, petition_id=petition_id)
    return proposal


@in_office_language
@transaction.atomic
def proposal_draft_from_topic(
    *,
    user,
    topic,
    kind: str,
    title: str,
    facts: str,
    suggestion: str,
    suggested_department=None,
    livelihood_type: str = "",
) -> Proposal:
    """A member drafts a proposal that came out of a key research topic's consultation (the topics
    app checks that they are in its research group and that the topic was consulted). It has no
    case of its own behind it, so no case moves; it is filed at the member's first workstation and
    then reviewed and assigned like any other."""
    member = member_for(user)
    if not user.has_perm(f"proposals.{perms.DRAFT_PROPOSAL}") or member is None:
        raise ActionNotAllowed(_("只有政协委员可以起草建议。"))
    workstation = member.workstations.order_by("pk").first()
    if workstation is None:
        raise TransitionError(_("您尚未加入任何委员工作室，不能提交建议。"))
    fields = _clean_fields(kind=kind, title=title, facts=facts, suggestion=suggestion, livelihood_type=livelihood_type)
    _check_suggested_department(suggested_department, workstation.body_id)
    return Proposal.objects.create(
        author=member, workstation=workstation, suggested_department=suggested_department, topic=topic, **fields
    )


@in_office_language
@transaction.atomic
def proposal_add_petition(*, user, proposal_id: int, petition_id: int) -> Proposal:
    """Another petition about the same problem feeds an existing draft or returned proposal."""
    proposal = lock_proposal(proposal_id)
    member = require_author(user, proposal)
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise TransitionError(_("建议已提交，不能再加入诉求。"))
    _join_petition(user=user, member=member, proposal=proposal, petition_id=petition_id)
    return proposal


@in_office_language
@transaction.atomic
def proposal_update(*, user, proposal_id: int, **values) -> Proposal:
    """The author edits a draft or a returned proposal."""
    proposal = lock_proposal(proposal_id)
    require_author(user, proposal)
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise TransitionError(_("建议已提交审核，不能再修改。"))
    current = {name: getattr(proposal, name) for name in EDITABLE_FIELDS}
    current.update({k: v for k, v in values.items() if k in EDITABLE_FIELDS})
    fields = _clean_fields(
        kind=current["kind"],
        title=current["title"],
        facts=current["facts"],
        suggestion=current["suggestion"],
        livelihood_type=current["livelihood_type"],
    )
    if "suggested_department" in values:
        _check_suggested_department(current["suggested_department"], proposal.workstation.body_id)
    for name, value in {**fields, "suggested_department": current["suggested_department"]}.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=[*fields, "suggested_department", "updated_at"])
    return proposal


@in_office_language
@transaction.atomic
def proposal_submit(*, user, proposal_id: int) -> Proposal:
    """The author submits a draft, or a returned proposal again, to the reviewers of the body that
    returned it (the workstation's body, or the body it was forwarded to)."""
    proposal = lock_proposal(proposal_id)
    require_author(user, proposal)
    body = proposal.body or proposal.workstation.body
    review_due = stage_due_date(
        Stage.PROPOSAL_REVIEW, start=timezone.localdate(), proposal_kind=proposal.kind, body=body
    )
    return proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.SUBMITTED,
        actor=user,
        expected_from={Status.DRAFT, Status.RETURNED},
        changes={"submitted_at": timezone.now(), "review_due": review_due, "body": body},
        entry=TimelineEntry(
            type=EventType.PROPOSAL_SUBMITTED,
            message=_("委员已提交%(kind)s，等待政协审核。") % {"kind": proposal.get_kind_display()},
            public=True,
            data={"review_due": review_due.isoformat()},
        ),
    )


@in_office_language
@transaction.atomic
def proposal_resubmit(*, user, proposal_id: int, **values) -> Proposal:
    """The author answers a reviewer's return: the revised text and the new submission in one
    transaction, so a refused submission leaves the text as it was."""
    proposal_update(user=user, proposal_id=proposal_id, **values)
    return proposal_submit(user=user, proposal_id=proposal_id)


@in_office_language
@transaction.atomic
def proposal_withdraw(*, user, proposal_id: int, reason: str = "") -> Proposal:
    """The author gives up a draft or returned proposal: its cases go back to the member, who
    chooses a track again."""
    proposal = lock_proposal(proposal_id)
    require_author(user, proposal)
    return proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.WITHDRAWN,
        actor=user,
        expected_from={Status.DRAFT, Status.RETURNED},
        entry=TimelineEntry(
            type=EventType.PROPOSAL_RETURNED,
            message=_("委员撤回建议，将重新确定办理方式。%(reason)s") % {"reason": (reason or "").strip()},
            public=False,
            petition_status=PetitionStatus.ASSIGNED,
            petition_expected_from=frozenset({PetitionStatus.PROPOSING}),
            petition_changes={"track": None},
            data={"withdrawn": True},
        ),
    )


@in_office_language
@transaction.atomic
def proposal_return(*, user, proposal_id: int, reason: str) -> Proposal:
    require_reviewing_body(user, lock_proposal(proposal_id))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("退回建议须说明理由。"))
    author_tell_after_commit(
        proposal_id=proposal_id,
        subject=gettext("建议被退回"),
        body=gettext("您的建议“%(title)s”被审核人员退回，请查看退回理由并修改后重新提交："),
    )
    return proposal_transition(
        proposal_id=proposal_id,
        to_status=Status.RETURNED,
        actor=user,
        expected_from={Status.SUBMITTED},
        changes={"return_reason": reason, "reviewed_by": user, "reviewed_at": timezone.now()},
        entry=TimelineEntry(type=EventType.PROPOSAL_RETURNED, message=reason, public=False),
    )


@in_office_language
@transaction.atomic
def proposal_accept(*, user, proposal_id: int, **edits) -> Proposal:
    """The reviewer accepts, possibly editing the text (title, facts, suggestion, kind)."""
    proposal = lock_proposal(proposal_id)
    require_reviewing_body(user, proposal)
    changes = {"reviewed_by": user, "reviewed_at": timezone.now(), "return_reason": ""}
    edited = {k: v for k, v in edits.items() if k in EDITABLE_FIELDS and v not in (None, "")}
    if edited:
        merged = {name: getattr(proposal, name) for name in EDITABLE_FIELDS} | edited
        changes |= _clean_fields(
            kind=merged["kind"],
            title=merged["title"],
            facts=merged["facts"],
            suggestion=merged["suggestion"],
            livelihood_type=merged["livelihood_type"],
        )
        changes["suggested_department"] = merged["suggested_department"]
    author_tell_after_commit(
        proposal_id=proposal.pk,
        subject=gettext("建议审核通过"),
        body=gettext("您的建议“%(title)s”已通过政协审核，即将交办相关部门："),
    )
    return proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.ACCEPTED,
        actor=user,
        expected_from={Status.SUBMITTED},
        changes=changes,
        entry=TimelineEntry(
            type=EventType.PROPOSAL_ACCEPTED,
            message=_("建议已通过政协审核，即将交办相关部门。"),
            public=True,
            data={"edited": sorted(edited)},
        ),
    )


@in_office_language
@transaction.atomic
def proposal_forward(*, user, proposal_id: int, reason: str = "") -> Proposal:
    """转报: a reviewer sends a submitted proposal of their body up to the body above (a public-
    opinion report of wider reach, a matter for the city's bureaus). It stays submitted, now at
    the body above, whose reviewers accept, return or assign it, with a review deadline of that
    body's; the forwarding body keeps seeing it but no longer decides it. The step goes on the
    timeline of every case behind it."""
    proposal = lock_proposal(proposal_id)
    require_reviewing_body(user, proposal)
    current = proposal.body
    if current is None or current.parent_id is None:
        raise TransitionError(_("本级政协没有上级政协，不能转报。"))
    target = current.parent
    review_due = stage_due_date(
        Stage.PROPOSAL_REVIEW, start=timezone.localdate(), proposal_kind=proposal.kind, body=target
    )
    reason = (reason or "").strip()
    message = _("%(from)s已将建议转报%(to)s审核。") % {"from": current.name, "to": target.name}
    if reason:
        message = _("%(from)s已将建议转报%(to)s审核：%(reason)s") % {
            "from": current.name,
            "to": target.name,
            "reason": reason,
        }
    return proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.SUBMITTED,
        actor=user,
        expected_from={Status.SUBMITTED},
        changes={"body": target, "review_due": review_due},
        entry=TimelineEntry(
            type=EventType.PROPOSAL_FORWARDED,
            message=message,
            public=True,
            data={"from_body_id": current.pk, "to_body_id": target.pk, "review_due": review_due.isoformat()},
        ),
    )


def _new_assignment(*, user, proposal, department, role, due_date=None) -> ProposalAssignment:
    if not department.is_active:
        raise TransitionError(_("%(department)s已停用，不能交办。") % {"department": department.name})
    require_body_department(proposal, department)
    today = timezone.localdate()
    acknowledge_due = stage_due_date(Stage.DEPARTMENT_ACKNOWLEDGE, start=today, department=department)
    due = due_date or stage_due_date(
        Stage.DEPARTMENT_HANDLING, start=today, department=department, proposal_kind=proposal.kind
    )
    if due < acknowledge_due:
        raise TransitionError(_("办理期限不能早于签收期限（%(date)s）。") % {"date": acknowledge_due.isoformat()})
    assignment = ProposalAssignment.objects.create(
        proposal=proposal,
        department=department,
        role=role,
        assigned_by=user,
        acknowledge_due=acknowledge_due,
        due_date=due,
    )
    assignment_handoff(assignment=assignment)
    return assignment


@in_office_language
@transaction.atomic
def proposal_assign(
    *, user, proposal_id: int, lead_department, co_departments=(), due_date: datetime.date | None = None
) -> Proposal:
    """交办: one lead department (主办) and optional co-handlers (会办), each with an acknowledge and
    a handling deadline, each a hand-off in the outbox committed with the move."""
    require_reviewer(user)
    co_departments = [d for d in co_departments if d.pk != lead_department.pk]
    if due_date is not None and due_date <= timezone.localdate():
        raise TransitionError(_("办理期限必须晚于今天。"))
    proposal = lock_proposal(proposal_id)
    require_reviewing_body(user, proposal)
    if proposal.status != Status.ACCEPTED:
        raise TransitionError(_("该建议当前状态为“%(status)s”，不能交办。") % {"status": proposal.get_status_display()})
    lead = _new_assignment(
        user=user, proposal=proposal, department=lead_department, role=AssignmentRole.LEAD, due_date=due_date
    )
    for department in co_departments:
        _new_assignment(user=user, proposal=proposal, department=department, role=AssignmentRole.CO, due_date=due_date)
    names = "、".join(d.name for d in co_departments)
    message = _("建议已交办%(lead)s（主办）。") % {"lead": lead_department.name}
    if names:
        message = _("建议已交办%(lead)s（主办），%(co)s（会办）。") % {"lead": lead_department.name, "co": names}
    return proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.ASSIGNED,
        actor=user,
        expected_from={Status.ACCEPTED},
        entry=TimelineEntry(
            type=EventType.PROPOSAL_ASSIGNED,
            message=message,
            public=True,
            petition_changes={"due_date": lead.due_date},
            data={"lead_department_id": lead_department.pk, "due_date": lead.due_date.isoformat()},
        ),
    )


@in_office_language
@transaction.atomic
def assignment_contest_resolve(*, user, assignment_id: int, decision: str, department=None, note: str = ""):
    """A reviewer settles a 退单: "reassign" to another department (the contested assignment is
    withdrawn, a new hand-off goes out) or "confirm" (the department must handle it after all)."""
    require_reviewer(user)
    assignment = (
        ProposalAssignment.objects.select_for_update(of=("self",))
        .select_related("department", "proposal")
        .get(pk=assignment_id)
    )
    proposal = assignment.proposal
    require_reviewing_body(user, proposal)
    if assignment.status != AssignmentStatus.CONTESTED:
        raise TransitionError(_("该交办没有被退单，无需处理。"))
    if decision == "reassign":
        if department is None or department.pk == assignment.department_id:
            raise TransitionError(_("请选择另一个承办部门。"))
        if proposal.assignments.exclude(status=AssignmentStatus.WITHDRAWN).filter(department=department).exists():
            raise TransitionError(_("该部门已在承办这份建议。"))
        assignment.status = AssignmentStatus.WITHDRAWN
        assignment.save(update_fields=["status", "updated_at"])
        new = _new_assignment(
            user=user, proposal=proposal, department=department, role=assignment.role, due_date=assignment.due_date
        )
        entry = TimelineEntry(
            type=EventType.PROPOSAL_ASSIGNED,
            message=_("建议改为交办%(department)s。") % {"department": department.name},
            public=True,
            data={"assignment_id": new.pk, "replaces": assignment.pk, "note": note},
        )
        timeline_write(proposal=proposal, entry=entry, actor=user)
        return new
    if decision == "confirm":
        assignment.status = AssignmentStatus.PENDING
        assignment.acknowledge_due = stage_due_date(
            Stage.DEPARTMENT_ACKNOWLEDGE, start=timezone.localdate(), department=assignment.department
        )
        if assignment.due_date < assignment.acknowledge_due:
            assignment.due_date = assignment.acknowledge_due
        assignment.save(update_fields=["status", "acknowledge_due", "due_date", "updated_at"])
        entry = TimelineEntry(
            type=EventType.PROPOSAL_ASSIGNED,
            message=_("审核人员维持交办%(department)s：%(note)s")
            % {"department": assignment.department.name, "note": note or _("请按期办理。")},
            public=False,
            data={"assignment_id": assignment.pk, "confirmed": True},
        )
        timeline_write(proposal=proposal, entry=entry, actor=user)
        return assignment
    raise TransitionError(_("请选择改派或维持交办。"))


@in_office_language
@transaction.atomic
def extension_decide(*, user, extension_id: int, grant: bool, note: str = "") -> DeadlineExtension:
    require_reviewer(user)
    extension = (
        DeadlineExtension.objects.select_for_update(of=("self",))
        .select_related("assignment__department", "assignment__proposal")
        .get(pk=extension_id)
    )
    require_reviewing_body(user, extension.assignment.proposal)
    if extension.status != ExtensionStatus.PENDING:
        raise TransitionError(_("该延期申请已经审批过。"))
    if not grant and not (note or "").strip():
        raise TransitionError(_("不同意延期须说明理由。"))
    extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_note = (note or "").strip()
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    assignment = extension.assignment
    if grant:
        assignment.due_date = extension.requested_due_date
        assignment.save(update_fields=["due_date", "updated_at"])
    message = (
        _("同意%(department)s延期至 %(date)s。") if grant else _("不同意%(department)s延期（原期限 %(date)s）。")
    ) % {
        "department": assignment.department.name,
        "date": (extension.requested_due_date if grant else assignment.due_date).isoformat(),
    }
    proposal = assignment.proposal
    if grant and assignment.role == AssignmentRole.LEAD:
        # The cases' current deadline follows the lead department's (a field, not the status).
        Petition.objects.filter(proposals=proposal).update(due_date=assignment.due_date, updated_at=timezone.now())
    timeline_write(
        proposal=proposal,
        entry=TimelineEntry(
            type=EventType.NOTE, message=message, public=False, data={"extension_id": extension.pk, "granted": grant}
        ),
        actor=user,
    )
    return extension


@dataclass(frozen=True)
class AssignmentGrade:
    """The member's grade of one department's part: A–D, why (required for C and D), and how the
    department handled it (满意 / 基本满意 / 不满意)."""

    assignment_id: int
    grade: str
    handling_rating: str
    reason: str = ""


def gradeable_assignments(proposal: Proposal) -> list[ProposalAssignment]:
    """The assignments a confirmation grades: every department still on the proposal, the lead
    first, co-handlers after (a withdrawn hand-off was replaced and is not graded)."""
    rows = [a for a in proposal.assignments.all() if a.status != AssignmentStatus.WITHDRAWN]
    return sorted(rows, key=lambda a: (a.role != AssignmentRole.LEAD, a.department.name, a.pk))


def _clean_grades(*, proposal: Proposal, grades, grade: str, handling_rating: str) -> list[tuple]:
    """(assignment, AssignmentGrade) for every gradeable assignment, or TransitionError naming the
    department whose grade is missing or incomplete.

    An old client's single `grade` and `handling_rating` still serve a proposal with one department
    (the lead alone); with co-handlers each department must be graded (docs/api-areas.md)."""
    assignments = list(
        ProposalAssignment.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(proposal=proposal)
        .exclude(status=AssignmentStatus.WITHDRAWN)
    )
    assignments.sort(key=lambda a: (a.role != AssignmentRole.LEAD, a.department.name, a.pk))
    if not assignments:
        raise TransitionError(_("这份建议没有承办部门，无法评定。"))
    if grades is None:
        if len(assignments) > 1:
            raise TransitionError(_("这份建议有会办部门：请分别评定每个承办部门的办理结果。"))
        grades = [AssignmentGrade(assignments[0].pk, grade, handling_rating)]
    given = {}
    for item in grades:
        if item.assignment_id in given:
            raise TransitionError(_("同一个承办部门只能评定一次。"))
        given[item.assignment_id] = item
    known = {a.pk for a in assignments}
    if set(given) - known:
        raise TransitionError(_("评定的承办部门不属于这份建议。"))
    cleaned = []
    for assignment in assignments:
        item = given.get(assignment.pk)
        values = {"department": assignment.department.name}
        if item is None or item.grade not in ResultGrade.values:
            raise TransitionError(_("请评定%(department)s的办理结果（A/B/C/D）。") % values)
        if item.handling_rating not in HandlingRating.values:
            raise TransitionError(_("请评价%(department)s的办理情况（满意/基本满意/不满意）。") % values)
        reason = (item.reason or "").strip()
        if len(reason) > 500:
            raise TransitionError(_("%(department)s的评定理由最多 500 个字。") % values)
        if item.grade in (ResultGrade.C, ResultGrade.D) and not reason:
            raise TransitionError(_("评定%(department)s为 C 或 D，请说明理由。") % values)
        cleaned.append((assignment, replace(item, reason=reason)))
    return cleaned


def _save_grades(graded, *, now, keep_date: bool = False) -> None:
    """With `keep_date` (a reviewer's correction) a grade keeps the date it was first given: the
    period it counts in (stats.selectors.grades) does not move."""
    for assignment, item in graded:
        assignment.grade = item.grade
        assignment.grade_reason = item.reason
        assignment.handling_rating = item.handling_rating
        if not (keep_date and assignment.graded_at):
            assignment.graded_at = now
        assignment.save(update_fields=["grade", "grade_reason", "handling_rating", "graded_at", "updated_at"])


@in_office_language
@transaction.atomic
def proposal_grade(*, user, proposal_id: int, grades: list[AssignmentGrade]) -> Proposal:
    """A reviewer of the body reviewing the proposal grades each department's part once the member
    has confirmed the result: to correct a grade, or to grade a proposal closed before grades were
    kept per department. Every department is graded again, as at confirmation (a missing grade saves
    nothing); the proposal's own grade stays the lead's. The change is an internal note on the
    cases' timeline, with the grades before and after."""
    proposal = lock_proposal(proposal_id)
    require_reviewer(user)
    require_reviewing_body(user, proposal)
    if proposal.status != Status.CLOSED:
        raise TransitionError(_("委员确认办理结果后，审核人员才能评定承办部门。"))
    graded = _clean_grades(proposal=proposal, grades=grades, grade="", handling_rating="")
    before = {assignment.pk: assignment.grade or "—" for assignment, _item in graded}
    _save_grades(graded, now=timezone.now(), keep_date=True)
    lead = graded[0][1]
    proposal.result_grade, proposal.handling_rating = lead.grade, lead.handling_rating
    proposal.save(update_fields=["result_grade", "handling_rating", "updated_at"])
    summary = "；".join(
        f"{assignment.department.name} {before[assignment.pk]}→{item.grade}" for assignment, item in graded
    )
    timeline_write(
        proposal=proposal,
        entry=TimelineEntry(
            type=EventType.NOTE,
            message=gettext("审核人员评定承办部门：%(summary)s。") % {"summary": summary},
            public=False,
            data={"regraded": {str(a.pk): item.grade for a, item in graded}},
        ),
        actor=user,
    )
    return proposal


@in_office_language
@transaction.atomic
def proposal_confirm(
    *,
    user,
    proposal_id: int,
    reply: str,
    outcome: str,
    grades: list[AssignmentGrade] | None = None,
    grade: str = "",
    handling_rating: str = "",
    households_helped: int = 0,
) -> Proposal:
    """The member grades each department's part (A–D with a reason, and its handling: the lead and
    every co-handler), replies to every petitioner behind the proposal and closes their cases
    (solved / not solved), in one transaction: a missing grade saves nothing.

    The proposal's own result_grade and handling_rating are the lead department's, as before, so
    the figures that read them (the projects figure, a member's record) do not change meaning.

    Households helped are counted once, on the earliest petition, so that statistics summing
    solved petitions do not count one project's households several times."""
    proposal = lock_proposal(proposal_id)
    require_author(user, proposal)
    reply = (reply or "").strip()
    if proposal.status != Status.RESULT_REPORTED:
        raise TransitionError(
            _("该建议当前状态为“%(status)s”，不能进行此操作。") % {"status": proposal.get_status_display()}
        )
    graded = _clean_grades(proposal=proposal, grades=grades, grade=grade, handling_rating=handling_rating)
    if outcome not in (Outcome.SOLVED, Outcome.NOT_SOLVED):
        raise TransitionError(_("请选择是否已解决。"))
    if not reply:
        raise TransitionError(_("请填写给群众的答复。"))
    if households_helped < 0:
        raise TransitionError(_("帮助困难群众户数不能为负数。"))
    now = timezone.now()
    _save_grades(graded, now=now)
    # The lead sorts first: its grade is the proposal's.
    grade, handling_rating = graded[0][1].grade, graded[0][1].handling_rating
    proposal = proposal_transition(
        proposal_id=proposal.pk,
        to_status=Status.CLOSED,
        actor=user,
        expected_from={Status.RESULT_REPORTED},
        changes={"result_grade": grade, "handling_rating": handling_rating, "closed_at": now},
        entry=TimelineEntry(
            type=EventType.REPLIED,
            message=reply,
            public=True,
            petition_status=PetitionStatus.REPLIED,
            petition_expected_from=frozenset({PetitionStatus.RESULT_REPORTED}),
            petition_changes={"replied_at": timezone.now(), "due_date": None},
            data={
                "grade": grade,
                "handling_rating": handling_rating,
                "grades": {str(a.pk): item.grade for a, item in graded},
            },
        ),
    )
    petition_ids = following_petition_ids(proposal)
    for index, petition_id in enumerate(petition_ids):
        petition_transition(
            petition_id=petition_id,
            to_status=PetitionStatus.CLOSED,
            event_type=EventType.CLOSED,
            actor=user,
            expected_from={PetitionStatus.REPLIED},
            changes={
                "outcome": outcome,
                "households_helped": households_helped if index == 0 and outcome == Outcome.SOLVED else 0,
                "closed_at": timezone.now(),
            },
            message=_("已办结：%(outcome)s。") % {"outcome": Outcome(outcome).label},
            public=True,
            data={"outcome": outcome, "proposal_id": proposal.pk},
        )
    notify_citizens_after_commit(petition_ids=petition_ids, body=reply)
    for petition_id in petition_ids:
        after_commit(citizen_ask_rating, petition_id=petition_id)
    return proposal
