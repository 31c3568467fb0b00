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
from workstations.permissions import bodies_in_scope, user_body, workstations_in_scope


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Superusers: all. Reviewers and office staff: those filed at the workstations of their CPPCC
    body and the bodies below it (a forwarded proposal comes from below, so the body it went to
    sees it too). A member: their own and those of their workstations."""
    if not user.is_authenticated or not user.is_active:
        return Proposal.objects.none()
    if user.is_superuser:
        return Proposal.objects.all()
    if user.has_perm("proposals.review_proposal") or user.has_perm("petitions.view_all_petitions"):
        return Proposal.objects.filter(workstation__in=workstations_in_scope(user).values("pk"))
    member = member_for(user)
    if member is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(Q(author=member) | Q(workstation__in=member.workstations.values("pk")))


def proposal_get_for_user(*, user, pk) -> Proposal:
    proposal = (
        proposals_visible_to(user)
        .select_related("author__user", "workstation", "suggested_department", "reviewed_by", "body__parent")
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


def reviewing_body_filter(user, prefix: str = "") -> Q:
    """The proposals this reviewer decides: those whose reviewing body is theirs (a county's
    reviewers the county's, the city's those filed in the city and those forwarded to it).
    Superusers decide for every body."""
    if user.is_superuser:
        return Q()
    body = user_body(user)
    return Q(**{f"{prefix}body": body}) if body is not None else Q(pk__in=[])


def review_queue(*, user) -> QuerySet[Proposal]:
    """Submitted proposals of the reviewer's body, earliest review deadline first, and accepted
    ones awaiting assignment, each with `source_petitions`: its cases' tracking codes in one more
    query, every case marked `reviewer_may_see` by the same rule the case page applies (so the page
    links only those)."""
    condition = petition_visibility_filter(user)
    may_see = (
        Value(True, output_field=BooleanField())
        if condition is None
        else Exists(Petition.objects.filter(condition, pk=OuterRef("pk")))
    )
    sources = Petition.objects.only("pk", "tracking_code").annotate(reviewer_may_see=may_see).order_by("pk")
    return (
        Proposal.objects.filter(reviewing_body_filter(user), status__in=[Status.SUBMITTED, Status.ACCEPTED])
        .select_related("author__user", "workstation", "suggested_department", "body__parent")
        .prefetch_related(Prefetch("petitions", queryset=sources, to_attr="source_petitions"))
        .order_by("status", "review_due", "pk")
    )


def contested_assignments(*, user) -> QuerySet[ProposalAssignment]:
    """The 退单 this reviewer settles: those of proposals their body decides."""
    return (
        ProposalAssignment.objects.filter(reviewing_body_filter(user, "proposal__"), status=AssignmentStatus.CONTESTED)
        .select_related("proposal", "department")
        .order_by("updated_at")
    )


def pending_extensions(*, user) -> QuerySet[DeadlineExtension]:
    """The extension requests this reviewer decides: those of proposals their body decides."""
    return (
        DeadlineExtension.objects.filter(
            reviewing_body_filter(user, "assignment__proposal__"), status=ExtensionStatus.PENDING
        )
        .select_related("assignment__proposal", "assignment__department")
        .order_by("created_at")
    )


def departments_of_body(*, body_id) -> QuerySet:
    """The active departments a proposal reviewed by this body may be assigned to: the body's own
    (a county's reviewer never assigns a city bureau)."""
    return departments_active().filter(body_id=body_id)


def departments_in_scope(*, user) -> QuerySet:
    """The active departments of the user's body and the bodies below it (all for superusers)."""
    bodies = bodies_in_scope(user)
    departments = departments_active()
    return departments if bodies is None else departments.filter(body__in=bodies.values("pk"))


def department_progress(*, user) -> QuerySet:
    """The departments of the reviewer's body and those below, each with its assignments by state,
    and how many are overdue: one query."""
    today = timezone.localdate()
    live = ~Q(assignments__status=AssignmentStatus.WITHDRAWN)
    return departments_in_scope(user=user).annotate(
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
    """Deadline extensions for a reviewer's decision (those of proposals their body decides;
    pending by default on the page)."""
    rows = DeadlineExtension.objects.filter(reviewing_body_filter(user, "assignment__proposal__")).select_related(
        "assignment__proposal", "assignment__department"
    )
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
