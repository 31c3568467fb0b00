"""Reads of the department portal: a handler sees only their department's hand-offs."""

from django.db.models import Prefetch, QuerySet

from departments.models import Department
from petitions.models import Consultation, Petition
from proposals.choices import AssignmentRole, AssignmentStatus
from proposals.models import ProposalAssignment
from workstations.permissions import bodies_in_scope


def consultations_for_handler(user) -> QuerySet[Consultation]:
    if not user.is_authenticated:
        return Consultation.objects.none()
    return (
        Consultation.objects.filter(department__handlers=user)
        .select_related("department", "petition__category", "petition__workstation")
        .order_by("status", "due_date", "pk")
    )


def assignments_for_handler(user) -> QuerySet[ProposalAssignment]:
    if not user.is_authenticated:
        return ProposalAssignment.objects.none()
    return _with_related(
        ProposalAssignment.objects.filter(department__handlers=user).exclude(status=AssignmentStatus.WITHDRAWN)
    ).order_by("status", "due_date", "pk")


def _with_related(assignments):
    co_opinions = ProposalAssignment.objects.filter(role=AssignmentRole.CO, status=AssignmentStatus.REPORTED)
    return assignments.select_related("department", "proposal__workstation").prefetch_related(
        "attachments",
        "extensions",
        # the cases' text, category and workstation, never their contact columns (nor their decryption)
        Prefetch(
            "proposal__petitions",
            queryset=Petition.objects.only("id", "content", "category", "workstation").select_related(
                "category", "workstation"
            ),
        ),
        Prefetch("proposal__assignments", queryset=co_opinions.select_related("department"), to_attr="co_opinions"),
    )


def consultation_by_pk(pk) -> Consultation | None:
    return (
        Consultation.objects.select_related("department", "petition__category", "petition__workstation")
        .filter(pk=pk)
        .first()
    )


def assignment_by_pk(pk) -> ProposalAssignment | None:
    return _with_related(ProposalAssignment.objects.filter(pk=pk)).exclude(status=AssignmentStatus.WITHDRAWN).first()


def departments_active() -> QuerySet[Department]:
    """The departments a case may consult and a proposal may be assigned to (handed down to
    petitions and proposals in DepartmentsConfig.ready())."""
    return Department.objects.filter(is_active=True)


def departments_for_staff(*, user) -> QuerySet[Department]:
    """The departments a reviewer or office staff member works with: those of their CPPCC body and
    the bodies below it (every one for superusers), for the API's department list."""
    bodies = bodies_in_scope(user)
    departments = Department.objects.select_related("body")
    return departments if bodies is None else departments.filter(body__in=bodies.values("pk"))
