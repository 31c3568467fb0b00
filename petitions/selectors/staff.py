"""Reads for the staff pages of casework: the inbox and the case page. Every query starts from
`Petition.objects.visible_to(user)`, and related rows are fetched up front so that a page costs the
same number of queries however many cases it shows."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.calendar import add_working_days
from members.models import Member
from petitions.choices import OPEN_STATUSES, Status
from petitions.models import (
    TRACKING_ALPHABET,
    TRACKING_CODE_LENGTH,
    CaseCoMember,
    Category,
    Consultation,
    Petition,
    PetitionEvent,
    PetitionPhoto,
    normalize_tracking_code,
)
from petitions.permissions import handles_case, member_for
from petitions.slots import proposals_for_case
from workstations.models import BodyMembership, Workstation
from workstations.permissions import bodies_in_scope, user_body, workstations_in_scope

DUE_SOON_WORKING_DAYS = 2
WAITING_STATUSES = (Status.CONSULTING, Status.PROPOSING)

INBOX_VIEWS = {
    "mine": _("分派给我的"),
    "co_handling": _("协办"),
    "unassigned": _("本工作室待分派"),
    "due_soon": _("即将到期"),
    "overdue": _("已逾期"),
    "waiting": _("等待部门办理"),
    "all": _("全部"),
}


def _my_workstation_ids(user) -> list[int]:
    """Workstations the user serves at (member) or looks after (liaison officer).

    Read into a list on purpose: literal ids let PostgreSQL combine the (workstation, status) and
    (assigned_member, status) indexes with a BitmapOr; an IN (subquery) ORed with another
    condition forces a scan of the whole table (measured at 1,000,000 rows: bench/inbox_pages.py)."""
    from workstations.models import Workstation

    member = member_for(user)
    condition = Q(liaison_officers=user)
    if member is not None:
        condition |= Q(members=member)
    return list(Workstation.objects.filter(condition).values_list("pk", flat=True).distinct())


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
    mine = Q(assigned_member_id=member.pk) if member is not None else Q(pk__in=[])
    workstation_ids = _my_workstation_ids(user)
    at_my_workstations = Q(workstation_id__in=workstation_ids)
    # The cases I co-handle (协办): one more query, only for the views that show them.
    co_handled = Q(pk__in=[])
    if member is not None and view in ("co_handling", "all"):
        co_handled = Q(pk__in=co_handled_petition_ids(member=member))
    # Office staff and reviewers, who serve no workstation, see "all" as every visible case.
    scoped = member is not None or bool(workstation_ids)
    ordering = ["-created_at", "-pk"]
    if view == "mine":
        petitions = petitions.filter(mine, status__in=OPEN_STATUSES)
    elif view == "co_handling":
        # Open, and replied but not yet closed: a co-member follows the case until the lead closes it.
        petitions = petitions.filter(co_handled, status__in=[*OPEN_STATUSES, Status.REPLIED])
    elif view == "unassigned":
        petitions = petitions.filter(at_my_workstations, status=Status.RECEIVED)
    elif view == "due_soon":
        soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
        petitions = petitions.filter(mine | at_my_workstations).filter(
            status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=soon
        )
        ordering = ["due_date", "pk"]
    elif view == "overdue":
        petitions = petitions.filter(mine | at_my_workstations).filter(overdue_condition(today=today))
        ordering = ["due_date", "pk"]
    elif view == "waiting":
        petitions = petitions.filter(mine | at_my_workstations).filter(status__in=WAITING_STATUSES)
    elif scoped:
        petitions = petitions.filter(mine | at_my_workstations | co_handled)
    if status and status in Status.values:
        petitions = petitions.filter(status=status)
    if category_id:
        petitions = petitions.filter(category_id=category_id)
    if workstation_id:
        petitions = petitions.filter(workstation_id=workstation_id)
    petitions = petition_search(petitions=petitions, query=query)
    return petitions.select_related("workstation", "category", "assigned_member__user").order_by(*ordering)


def overdue_condition(*, today: datetime.date) -> Q:
    """Overdue: still open and past the current stage's deadline (the inbox's view, the API's filter)."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=today)


def petition_search(*, petitions: QuerySet[Petition], query: str) -> QuerySet[Petition]:
    """The staff search, as the inbox runs it: a whole tracking code finds its one case by the
    unique index; anything else searches the text and the category, and a tracking-code prefix
    (4 characters or more)."""
    query = (query or "").strip()[:100]
    if not query:
        return petitions
    code = normalize_tracking_code(query)
    if len(code) == TRACKING_CODE_LENGTH and set(code) <= set(TRACKING_ALPHABET):
        # A whole tracking code: one row by its unique index, not a text search.
        return petitions.filter(tracking_code=code)
    condition = Q(content__icontains=query) | Q(category__name__icontains=query)
    if len(code) >= 4:
        condition |= Q(tracking_code__startswith=code)
    return petitions.filter(condition)


def staff_petition_list(*, user) -> QuerySet[Petition]:
    """Every case this user may see, as the inbox's "all" view reads them (the same visibility and
    the same index-friendly scoping), with the related rows a list shows; newest first. The API's
    staff list filters and orders it further."""
    return inbox_petitions(user=user, view="all")


def petition_find_by_code(*, user, code: str) -> Petition | None:
    """A case this user may see, by its tracking code as staff type it (dashes and case ignored)."""
    code = normalize_tracking_code(code or "")
    if not code:
        return None
    return Petition.objects.visible_to(user).filter(tracking_code=code).first()


def petition_get_for_user(*, user, pk=None, code: str | None = None) -> Petition:
    """The petition if this user may see it, else 404 — one step, one queryset. By its id, or by
    its tracking code as staff type it (`code`; dashes and case ignored)."""
    petitions = Petition.objects.visible_to(user).select_related(
        # the workstation's CPPCC body: its knowledge base is what the case page offers
        "workstation__body",
        "category",
        "assigned_member__user",
        "merged_into",
    )
    if code is not None:
        code = normalize_tracking_code(code)
        petition = petitions.filter(tracking_code=code).first() if code else None
    else:
        petition = petitions.filter(pk=pk).first()
    if petition is None:
        raise Http404
    return petition


def case_photos(*, petition: Petition) -> list[PetitionPhoto]:
    return list(petition.photos.order_by("id"))


def case_photos_for_user(*, user, petition: Petition) -> list[PetitionPhoto]:
    """The case's photos to those handling it (handles_case); 404 to anyone else, as the photo view."""
    if not handles_case(user, petition):
        raise Http404
    return case_photos(petition=petition)


def case_photo_for_user(*, user, petition: Petition, pk: int) -> PetitionPhoto:
    """One photo of a case the user handles, else 404 (page and API: a photo may identify the
    citizen, so only those handling the case see it). The caller records the view (audit)."""
    if not handles_case(user, petition):
        raise Http404
    return case_photo_get(petition=petition, pk=pk)


def case_photo_get(*, petition: Petition, pk: int) -> PetitionPhoto:
    photo = petition.photos.filter(pk=pk).first()
    if photo is None:
        raise Http404
    return photo


def petition_ids_visible(*, user, ids) -> set[int]:
    """Which of these petitions the user may open (for links on pages that list others' cases)."""
    return set(Petition.objects.visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def case_timeline(*, petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.select_related("actor").order_by("created_at", "pk")


def case_consultations(*, petition: Petition) -> QuerySet[Consultation]:
    # The hand-offs and their attempts come through the relations handoffs declares on
    # Consultation: petitions does not import the outbox (README, "Architecture").
    return (
        petition.consultations.select_related("department", "asked_by__user", "answered_by")
        .prefetch_related("deliveries__attempt_log")
        .order_by("created_at")
    )


def case_proposals(*, petition: Petition):
    """The proposals made from this case, as proposals.selectors reads them (petitions.slots)."""
    return proposals_for_case(petition=petition)


def inbox_filter_categories(*, current: str | None = None) -> QuerySet[Category]:
    """The categories the inbox may be filtered on: the active ones, and the one a link or a
    bookmark already filters on even if it has been retired since (else the filter would drop
    silently and the list would show every category)."""
    condition = Q(is_active=True)
    if current and str(current).isdigit():
        condition |= Q(pk=int(current))
    return Category.objects.filter(condition)


def case_duplicates(*, petition: Petition) -> QuerySet[Petition]:
    return petition.duplicates.only("pk", "tracking_code", "created_at")


class Page:
    """One page of a list without counting the whole list: COUNT(*) over the tens of thousands of
    cases of a workstation costs more than the page itself at 1,000,000 petitions, and the inbox
    only needs "is there a next page". Fetches one row more than it shows."""

    def __init__(self, queryset, number, size: int):
        try:
            self.number = max(1, int(number or 1))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def overdue_count_by_workstation(*, today: datetime.date | None = None) -> dict[str, int]:
    """Open cases past their deadline, by workstation code (the inbox's "overdue" rule), for the
    monitoring (/metrics). One grouped query; workstations with none are left out."""
    today = today or timezone.localdate()
    rows = (
        Petition.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today)
        .values_list("workstation__code")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def case_co_members(*, petition: Petition):
    """The case's co-members (协办委员) with their names and sectors, in invitation order."""
    return list(petition.co_members.select_related("member__user", "member__sector", "invited_by"))


def co_member_candidates(*, petition: Petition):
    """Who may be invited to a case: active members other than its lead and its co-members."""
    return (
        Member.objects.active()
        .exclude(pk=petition.assigned_member_id or 0)
        .exclude(pk__in=CaseCoMember.objects.filter(petition=petition).values("member_id"))
        .select_related("user", "sector")
        .order_by("sector__sort_order", "user__full_name", "pk")
    )


def co_handled_petition_ids(*, member) -> list[int]:
    """The cases this member co-handles, as literal ids (see _my_workstation_ids: literal ids keep
    the inbox's ORed conditions on their indexes)."""
    if member is None:
        return []
    return list(CaseCoMember.objects.filter(member=member).values_list("petition_id", flat=True))


def access_log_scope(user) -> Q | None:
    """The access log rows an office reads: those about the cases of its CPPCC body's workstations
    and those below, and the acts of the people working there (its staff, those workstations'
    liaison officers and members: a sign-in, an export). None for every row: superusers, and an
    office whose body holds every workstation of the install (a single office keeps reading its
    failed sign-ins of unknown names). Handed down to audit (audit.slots) in PetitionsConfig.ready()."""
    bodies = bodies_in_scope(user)
    if bodies is None:
        return None
    if user_body(user) is None:
        return Q(pk__in=[])
    in_scope = workstations_in_scope(user).values("pk")
    if not Workstation.objects.exclude(pk__in=in_scope).exists():
        return None
    # Subqueries, not joins: no row repeated by a many-to-many join.
    cases = Petition.objects.filter(workstation__in=in_scope).values("pk")
    staff = BodyMembership.objects.filter(body__in=bodies.values("pk")).values("user_id")
    liaisons = Workstation.liaison_officers.through.objects.filter(workstation__in=in_scope).values("user_id")
    members = Member.workstations.through.objects.filter(workstation__in=in_scope).values("member__user_id")
    return Q(petition_id__in=cases) | Q(actor_id__in=staff) | Q(actor_id__in=liaisons) | Q(actor_id__in=members)
