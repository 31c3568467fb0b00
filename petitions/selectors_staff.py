"""Reads for the staff pages of casework: the inbox and the case page. Every query starts from
`Petition.objects.visible_to(user)`, and related rows are fetched up front so that a page costs the
same number of queries however many cases it shows."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.calendar import add_working_days
from petitions.choices import OPEN_STATUSES, Status
from petitions.models import Consultation, Petition, PetitionEvent, normalize_tracking_code
from petitions.services.handling import member_for

DUE_SOON_WORKING_DAYS = 2
WAITING_STATUSES = (Status.CONSULTING, Status.PROPOSING)

INBOX_VIEWS = {
    "mine": "分派给我的",
    "unassigned": "本工作室待分派",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "waiting": "等待部门办理",
    "all": "全部",
}


def _my_workstation_ids(user):
    """Workstations the user serves at (member) or looks after (liaison officer), as a subquery."""
    from workstations.models import Workstation

    member = member_for(user)
    condition = Q(liaison_officers=user)
    if member is not None:
        condition |= Q(members=member)
    return Workstation.objects.filter(condition).values("pk")


def inbox_petitions(
    *,
    user,
    view: str = "mine",
    query: str = "",
    category_id: int | None = None,
    status: str = "",
    workstation_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Petition]:
    """The rows of one inbox view, newest first (overdue and due-soon: earliest deadline first)."""
    today = today or timezone.localdate()
    petitions = Petition.objects.visible_to(user)
    member = member_for(user)
    mine = Q(assigned_member=member) if member is not None else Q(pk__in=[])
    at_my_workstations = Q(workstation__in=_my_workstation_ids(user))
    ordering = ["-created_at", "-pk"]
    if view == "mine":
        petitions = petitions.filter(mine, status__in=OPEN_STATUSES)
    elif view == "unassigned":
        petitions = petitions.filter(at_my_workstations, status=Status.RECEIVED)
    elif view == "due_soon":
        soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
        petitions = petitions.filter(mine | at_my_workstations).filter(
            status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=soon
        )
        ordering = ["due_date", "pk"]
    elif view == "overdue":
        petitions = petitions.filter(mine | at_my_workstations).filter(status__in=OPEN_STATUSES, due_date__lt=today)
        ordering = ["due_date", "pk"]
    elif view == "waiting":
        petitions = petitions.filter(mine | at_my_workstations).filter(status__in=WAITING_STATUSES)
    if status and status in Status.values:
        petitions = petitions.filter(status=status)
    if category_id:
        petitions = petitions.filter(category_id=category_id)
    if workstation_id:
        petitions = petitions.filter(workstation_id=workstation_id)
    query = (query or "").strip()[:100]
    if query:
        code = normalize_tracking_code(query)
        condition = Q(content__icontains=query) | Q(category__name__icontains=query)
        if len(code) >= 4:
            condition |= Q(tracking_code__startswith=code)
        petitions = petitions.filter(condition)
    return petitions.select_related("workstation", "category", "assigned_member__user").order_by(*ordering)


def petition_get_for_user(*, user, pk) -> Petition:
    """The petition if this user may see it, else 404 — one step, one queryset."""
    petition = (
        Petition.objects.visible_to(user)
        .select_related("workstation", "category", "assigned_member__user", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise Http404
    return petition


def case_timeline(*, petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.select_related("actor").order_by("created_at", "pk")


def case_consultations(*, petition: Petition) -> QuerySet[Consultation]:
    from handoffs.models import Delivery

    return (
        petition.consultations.select_related("department", "asked_by__user", "answered_by")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.prefetch_related("attempt_log")))
        .order_by("created_at")
    )


def case_proposals(*, petition: Petition):
    from handoffs.models import Delivery
    from proposals.models import ProposalAssignment

    return petition.proposals.select_related("author__user", "suggested_department").prefetch_related(
        Prefetch(
            "assignments",
            queryset=ProposalAssignment.objects.select_related("department").prefetch_related(
                "attachments",
                "extensions",
                Prefetch("deliveries", queryset=Delivery.objects.prefetch_related("attempt_log")),
            ),
        ),
        "petitions",
    )


def case_duplicates(*, petition: Petition) -> QuerySet[Petition]:
    return petition.duplicates.only("pk", "tracking_code", "created_at")
