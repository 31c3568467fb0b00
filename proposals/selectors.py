"""Reads of proposals for the member's, the reviewer's and the case pages."""

from django.db.models import BooleanField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from petitions.models import Petition
from petitions.permissions import petition_visibility_filter
from petitions.services.handling import member_for
from proposals.choices import AssignmentStatus, ExtensionStatus, Status
from proposals.models import DeadlineExtension, Proposal, ProposalAssignment
from proposals.slots import departments_active


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Reviewers and office staff: all; a member: their own and those of their workstations."""
    if not user.is_authenticated or not user.is_active:
        return Proposal.objects.none()
    if user.is_superuser or user.has_perm("proposals.review_proposal") or user.has_perm("petitions.view_all_petitions"):
        return Proposal.objects.all()
    member = member_for(user)
    if member is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(Q(author=member) | Q(workstation__in=member.workstations.values("pk")))


def proposal_get_for_user(*, user, pk) -> Proposal:
    proposal = (
        proposals_visible_to(user)
        .select_related("author__user", "workstation", "suggested_department", "reviewed_by")
        .prefetch_related(
            "petitions",
            Prefetch(
                "assignments",
                queryset=ProposalAssignment.objects.select_related("department").prefetch_related(
                    "attachments",
                    Prefetch("extensions", queryset=DeadlineExtension.objects.order_by("-created_at")),
                    "deliveries__attempt_log",
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposals_for_case(*, petition) -> QuerySet[Proposal]:
    """The proposals made from a case, for its page: assignments, attachments, extensions and
    hand-offs with their attempts prefetched (handed down to petitions, petitions.slots)."""
    return petition.proposals.select_related("author__user", "suggested_department").prefetch_related(
        Prefetch(
            "assignments",
            queryset=ProposalAssignment.objects.select_related("department").prefetch_related(
                "attachments", "extensions", "deliveries__attempt_log"
            ),
        ),
        "petitions",
    )


def proposals_open_for_petitions(*, member) -> QuerySet[Proposal]:
    """The member's proposals that can still take another petition."""
    if member is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(author=member, status__in=[Status.DRAFT, Status.RETURNED]).only("pk", "title")


def review_queue(*, user) -> QuerySet[Proposal]:
    """Submitted proposals, earliest review deadline first, and accepted ones awaiting assignment,
    each with `source_petitions`: its cases' tracking codes in one more query, every case marked
    `reviewer_may_see` by the same rule the case page applies (so the page links only those)."""
    condition = petition_visibility_filter(user)
    may_see = (
        Value(True, output_field=BooleanField())
        if condition is None
        else Exists(Petition.objects.filter(condition, pk=OuterRef("pk")))
    )
    sources = Petition.objects.only("pk", "tracking_code").annotate(reviewer_may_see=may_see).order_by("pk")
    return (
        Proposal.objects.filter(status__in=[Status.SUBMITTED, Status.ACCEPTED])
        .select_related("author__user", "workstation", "suggested_department")
        .prefetch_related(Prefetch("petitions", queryset=sources, to_attr="source_petitions"))
        .order_by("status", "review_due", "pk")
    )


def contested_assignments() -> QuerySet[ProposalAssignment]:
    return (
        ProposalAssignment.objects.filter(status=AssignmentStatus.CONTESTED)
        .select_related("proposal", "department")
        .order_by("updated_at")
    )


def pending_extensions() -> QuerySet[DeadlineExtension]:
    return (
        DeadlineExtension.objects.filter(status=ExtensionStatus.PENDING)
        .select_related("assignment__proposal", "assignment__department")
        .order_by("created_at")
    )


def department_progress() -> QuerySet:
    """Every department with its assignments by state, and how many are overdue: one query."""
    today = timezone.localdate()
    live = ~Q(assignments__status=AssignmentStatus.WITHDRAWN)
    return departments_active().annotate(
        total=Count("assignments", filter=live),
        pending=Count("assignments", filter=Q(assignments__status=AssignmentStatus.PENDING)),
        acknowledged=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACKNOWLEDGED)),
        contested=Count("assignments", filter=Q(assignments__status=AssignmentStatus.CONTESTED)),
        reported=Count("assignments", filter=Q(assignments__status=AssignmentStatus.REPORTED)),
        overdue=Count(
            "assignments",
            filter=Q(
                assignments__status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED],
                assignments__due_date__lt=today,
            ),
        ),
        on_time=Count(
            "assignments",
            filter=Q(
                assignments__status=AssignmentStatus.REPORTED,
                assignments__reported_at__date__lte=F("assignments__due_date"),
            ),
        ),
    )


def proposal_list_for_user(*, user) -> QuerySet[Proposal]:
    """The API's list of proposals: proposals_visible_to(user) with what a row shows loaded, in a
    fixed number of queries (author, workstation, department; the cases' ids; the assignments with
    their attachments and extensions)."""
    return (
        proposals_visible_to(user)
        .select_related("author__user", "author__sector", "workstation", "suggested_department")
        .prefetch_related(
            Prefetch("petitions", queryset=Petition.objects.only("pk").order_by("pk")),
            Prefetch(
                "assignments",
                queryset=ProposalAssignment.objects.select_related("department").prefetch_related(
                    "attachments", Prefetch("extensions", queryset=DeadlineExtension.objects.order_by("-created_at"))
                ),
            ),
        )
    )


def extensions_for_reviewer(*, user, status: str | None = None) -> QuerySet[DeadlineExtension]:
    """Deadline extensions for a reviewer's decision (all of them; pending by default on the page)."""
    rows = DeadlineExtension.objects.select_related("assignment__proposal", "assignment__department")
    if status:
        rows = rows.filter(status=status)
    return rows


def assignment_proposal_id_for_user(*, user, pk) -> int:
    """The proposal of an assignment of a proposal this user may see, or 404."""
    proposal_id = (
        ProposalAssignment.objects.filter(pk=pk, proposal__in=proposals_visible_to(user))
        .values_list("proposal_id", flat=True)
        .first()
    )
    if proposal_id is None:
        raise Http404
    return proposal_id


def petition_ids_assigned_to_department(*, department_id: int):
    """The petitions behind the proposals assigned to a department, as a subquery of ids (the
    staff petition list's department filter, through petitions.slots)."""
    return Proposal.petitions.through.objects.filter(proposal__assignments__department_id=department_id).values(
        "petition_id"
    )
