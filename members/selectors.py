import calendar
import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from common.calendar import workdays_in
from members.choices import DutyKind, RosterStatus, Slot, SwapStatus
from members.generator import ReceptionSlot, Rule, month_days, reception_plan, reception_slots, slot_covers
from members.models import (
    DutyAssignment,
    DutyRoster,
    DutySwapRequest,
    Member,
    MemberUnavailability,
    ReceptionRule,
    RosterChange,
)
from workstations.models import Workstation

# Refused roster access (another workstation's roster, a guessed duty id) is logged for the audit.
access_log = logging.getLogger("members.access")


def members_on_duty(*, workstation, date: datetime.date) -> QuerySet[DutyAssignment]:
    """The published duties at a workstation on a date: the reception slots of that day first
    (morning, afternoon, full day), then the member responsible for the whole month. Intake,
    the public workstation page and the roster pages all ask this one function."""
    # A month lead at a workstation is on duty every day of that month; when the lead is not an
    # active member any more, nobody is, rather than a stale name (checked below by is_active).
    slot_order = Case(
        When(kind=DutyKind.SLOT, slot=Slot.MORNING, then=Value(0)),
        When(kind=DutyKind.SLOT, slot=Slot.AFTERNOON, then=Value(1)),
        When(kind=DutyKind.SLOT, slot=Slot.FULL_DAY, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        _on_duty(date)
        .filter(roster__workstation=workstation)
        .select_related("member__user", "member__sector")
        .order_by(slot_order, "id")
    )


def _on_duty(date: datetime.date) -> QuerySet[DutyAssignment]:
    """The published duties of active members on `date`, at any workstation."""
    return DutyAssignment.objects.filter(
        roster__month=date.replace(day=1), roster__status=RosterStatus.PUBLISHED, member__is_active=True
    ).filter(Q(kind=DutyKind.SLOT, date=date) | Q(kind=DutyKind.MONTH))


def members_on_duty_at(*, workstation_ids, date: datetime.date) -> dict[int, list[DutyAssignment]]:
    """members_on_duty for many workstations in one query: {workstation id: duties, in the same
    order (slots of the day by time, then the month lead)}. For the public workstation list."""
    by_workstation: dict[int, list[DutyAssignment]] = {pk: [] for pk in workstation_ids}
    duties = (
        _on_duty(date)
        .filter(roster__workstation__in=list(by_workstation))
        .select_related("roster", "member__user", "member__sector")
        .order_by()
    )
    for duty in sorted(duties, key=lambda d: (_DUTY_ORDER.get((d.kind, d.slot), 3), d.pk)):
        by_workstation[duty.roster.workstation_id].append(duty)
    return by_workstation


# Intake asks member_on_duty for every petition: the answer is kept in the cache for a minute,
# and any save or delete of a duty, roster, member, sector or user starts a new generation of
# keys (common.cache_generations, connected in MembersConfig.ready). Roster generation bulk-creates
# duties only in unpublished rosters, which this never reads; publishing saves the roster.
ON_DUTY_GENERATION = "members-on-duty"
ON_DUTY_TIMEOUT = 60


def member_on_duty_cache_entry(*, workstation, date: datetime.date) -> tuple[str, str]:
    """The cached entry member_on_duty reads, for common.cache_generations.generation_read_ahead."""
    return ON_DUTY_GENERATION, f"members:on-duty:{workstation.pk}:{date.isoformat()}"


def member_on_duty(*, workstation, date: datetime.date) -> Member | None:
    """The one member a new petition at this workstation on this date goes to, or None."""
    from common.cache_generations import generation_cached

    name, key = member_on_duty_cache_entry(workstation=workstation, date=date)
    return generation_cached(
        name,
        key,
        lambda: _member_on_duty(workstation=workstation, date=date),
        ON_DUTY_TIMEOUT,
    )


def _member_on_duty(*, workstation, date: datetime.date) -> Member | None:
    # The same rows as members_on_duty (a day has at most a few), ordered here rather than by a
    # CASE expression in SQL: intake asks this for every petition, and the ORM's compiling of
    # that expression cost more than the query.
    duties = list(
        DutyAssignment.objects.filter(
            roster__workstation=workstation,
            roster__month=date.replace(day=1),
            roster__status=RosterStatus.PUBLISHED,
            member__is_active=True,
        )
        .filter(Q(kind=DutyKind.SLOT, date=date) | Q(kind=DutyKind.MONTH))
        .select_related("member__user", "member__sector")
        .order_by()  # not the model's ordering: it joins the workstation table to sort by code
    )
    if not duties:
        return None
    return min(duties, key=lambda duty: (_DUTY_ORDER.get((duty.kind, duty.slot), 3), duty.pk)).member


_DUTY_ORDER = {(DutyKind.SLOT, Slot.MORNING): 0, (DutyKind.SLOT, Slot.AFTERNOON): 1, (DutyKind.SLOT, Slot.FULL_DAY): 2}


# --- Who may manage which rosters -------------------------------------------------------------


def officer_workstations(user) -> QuerySet[Workstation]:
    """The workstations whose rosters this user manages: those where they are a liaison officer and
    hold members.manage_rosters (a superuser: every workstation). Every roster page goes through it."""
    if not user.is_authenticated or not user.is_active:
        return Workstation.objects.none()
    if user.is_superuser:
        return Workstation.objects.all()
    if not user.has_perm("members.manage_rosters"):
        return Workstation.objects.none()
    return Workstation.objects.filter(liaison_officers=user)


def workstation_get_for_officer(*, user, code: str) -> Workstation:
    workstation = officer_workstations(user).filter(code=code).first()
    if workstation is None:
        access_log.warning("roster access refused: user=%s workstation=%s", user.pk, code)
        raise Http404
    return workstation


def duty_get_for_officer(*, user, pk: int) -> DutyAssignment:
    duty = (
        DutyAssignment.objects.filter(pk=pk, roster__workstation__in=officer_workstations(user))
        .select_related("roster__workstation", "member__user")
        .first()
    )
    if duty is None:
        access_log.warning("roster access refused: user=%s duty=%s", user.pk, pk)
        raise Http404
    return duty


def reception_rule_get_for_officer(*, user, pk: int) -> ReceptionRule:
    rule = ReceptionRule.objects.filter(pk=pk, workstation__in=officer_workstations(user)).first()
    if rule is None:
        access_log.warning("roster access refused: user=%s reception_rule=%s", user.pk, pk)
        raise Http404
    return rule


def member_for_user(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("user", "sector").first()


# --- Coverage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A reception slot nobody covers, or (date None) a month without a responsible member."""

    date: datetime.date | None
    slot: str

    @property
    def label(self) -> str:
        if self.date is None:
            return str(DutyKind.MONTH.label)
        return f"{self.date:%m-%d} {Slot(self.slot).label}"


def rules_of(workstation) -> list[Rule]:
    """The active reception rules of a workstation; uses prefetched `reception_rules` when present."""
    return [
        Rule(rule.weekday, rule.week_of_month, rule.slot)
        for rule in workstation.reception_rules.all()
        if rule.is_active
    ]


def month_workdays(month: datetime.date) -> dict[datetime.date, bool]:
    """{day: is a working day} for the month's days: reception slots move off statutory holidays."""
    days = month_days(month)
    return workdays_in(days[0], days[-1])


def gaps_of(*, rules: list[Rule], month: datetime.date, duties, workdays=None) -> list[Gap]:
    """What a month's duties leave uncovered: the month lead if missing, then each reception slot
    under the rules (moved off holidays when `workdays` is given) that no slot duty covers. Pure:
    works on prefetched rows."""
    duties = list(duties)
    gaps = []
    if not any(d.kind == DutyKind.MONTH for d in duties):
        gaps.append(Gap(None, ""))
    filled = [(d.date, d.slot) for d in duties if d.kind == DutyKind.SLOT]
    for day, slot in reception_slots(rules, month, workdays):
        if not any(date == day and slot_covers(have, slot) for date, have in filled):
            gaps.append(Gap(day, slot))
    return gaps


def roster_gaps(*, roster: DutyRoster) -> list[Gap]:
    rules = [
        Rule(r.weekday, r.week_of_month, r.slot) for r in roster.workstation.reception_rules.filter(is_active=True)
    ]
    return gaps_of(
        rules=rules, month=roster.month, duties=roster.assignments.all(), workdays=month_workdays(roster.month)
    )


def _assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=DutyAssignment.objects.select_related("member__user", "member__sector").order_by(
            "kind", "date", "slot", "id"
        ),
    )


@dataclass
class OverviewRow:
    workstation: Workstation
    roster: DutyRoster | None
    lead: DutyAssignment | None
    slot_count: int
    gaps: list[Gap]


def rosters_overview(*, user, month: datetime.date) -> list[OverviewRow]:
    """One row per workstation the officer manages, for one month: status, month lead, number of
    slot duties and the uncovered slots. A fixed number of queries whatever the number of rows."""
    workstations = (
        officer_workstations(user)
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("reception_rules", queryset=ReceptionRule.objects.filter(is_active=True)),
            Prefetch(
                "rosters",
                queryset=DutyRoster.objects.filter(month=month).prefetch_related(_assignments_prefetch()),
                to_attr="month_rosters",
            ),
        )
        .order_by("code")
    )
    rows = []
    workdays = month_workdays(month)
    for workstation in workstations:
        roster = workstation.month_rosters[0] if workstation.month_rosters else None
        duties = list(roster.assignments.all()) if roster else []
        rows.append(
            OverviewRow(
                workstation=workstation,
                roster=roster,
                lead=next((d for d in duties if d.kind == DutyKind.MONTH), None),
                slot_count=sum(1 for d in duties if d.kind == DutyKind.SLOT),
                gaps=gaps_of(rules=rules_of(workstation), month=month, duties=duties, workdays=workdays),
            )
        )
    return rows


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    duties: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    reception: list = field(default_factory=list)


@dataclass
class MonthCalendar:
    workstation: Workstation
    month: datetime.date
    roster: DutyRoster | None
    lead: DutyAssignment | None
    weeks: list[list[CalendarDay]]
    gaps: list[Gap]
    duties: list[DutyAssignment]
    changes: list[RosterChange]
    members: list[Member]
    rules: list[ReceptionRule]
    moves: list[ReceptionSlot] = field(default_factory=list)  # reception slots moved off holidays

    @property
    def is_published(self) -> bool:
        return self.roster is not None and self.roster.status == RosterStatus.PUBLISHED


def roster_calendar(*, workstation: Workstation, month: datetime.date) -> MonthCalendar:
    """Everything the month calendar page shows, in a fixed number of queries."""
    roster = (
        DutyRoster.objects.filter(workstation=workstation, month=month)
        .select_related("published_by")
        .prefetch_related(
            _assignments_prefetch(),
            Prefetch("changes", queryset=RosterChange.objects.select_related("actor").order_by("-created_at", "-id")),
        )
        .first()
    )
    duties = list(roster.assignments.all()) if roster else []
    rule_rows = list(workstation.reception_rules.filter(is_active=True))
    rules = [Rule(r.weekday, r.week_of_month, r.slot) for r in rule_rows]
    workdays = month_workdays(month)
    gaps = gaps_of(rules=rules, month=month, duties=duties, workdays=workdays)
    plan = reception_plan(rules, month, workdays)
    reception = [(item.date, item.slot) for item in plan]
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            row.append(
                CalendarDay(
                    date=day,
                    in_month=day.month == month.month,
                    duties=[d for d in duties if d.kind == DutyKind.SLOT and d.date == day],
                    gaps=[g for g in gaps if g.date == day],
                    reception=[Slot(slot).label for date, slot in reception if date == day],
                )
            )
        weeks.append(row)
    members = list(
        Member.objects.active()
        .filter(workstations=workstation)
        .select_related("user", "sector")
        .order_by("user__full_name", "user__username")
    )
    return MonthCalendar(
        workstation=workstation,
        month=month,
        roster=roster,
        lead=next((d for d in duties if d.kind == DutyKind.MONTH), None),
        weeks=weeks,
        gaps=gaps,
        duties=duties,
        changes=list(roster.changes.all()) if roster else [],
        members=members,
        rules=rule_rows,
        moves=list({(item.scheduled, item.date): item for item in plan if item.moved}.values()),
    )


# --- Members' own duties and swaps --------------------------------------------------------------


def member_duties(*, member: Member, since: datetime.date | None = None) -> QuerySet[DutyAssignment]:
    """A member's published duties (dated from `since`, plus month leads of months not yet over)."""
    duties = DutyAssignment.objects.filter(member=member, roster__status=RosterStatus.PUBLISHED)
    if since is not None:
        duties = duties.filter(
            Q(kind=DutyKind.SLOT, date__gte=since) | Q(kind=DutyKind.MONTH, roster__month__gte=since.replace(day=1))
        )
    return duties.select_related("roster__workstation").order_by("roster__month", "kind", "date", "slot")


def member_unavailability(*, member: Member, since: datetime.date) -> QuerySet[MemberUnavailability]:
    return MemberUnavailability.objects.filter(member=member, end__gte=since).order_by("start")


def swap_requests_of_member(*, member: Member) -> QuerySet[DutySwapRequest]:
    return (
        DutySwapRequest.objects.filter(Q(requester=member) | Q(target_member=member))
        .select_related(
            "duty__roster__workstation", "target_duty__roster__workstation", "requester__user", "target_member__user"
        )
        .order_by("-created_at")
    )


def swap_requests_for_officer(*, user, status: str | None = SwapStatus.PENDING) -> QuerySet[DutySwapRequest]:
    requests = DutySwapRequest.objects.filter(duty__roster__workstation__in=officer_workstations(user))
    if status:
        requests = requests.filter(status=status)
    return requests.select_related(
        "duty__roster__workstation",
        "target_duty__roster__workstation",
        "requester__user",
        "target_member__user",
    ).order_by("created_at")


def swap_request_get_for_officer(*, user, pk: int) -> DutySwapRequest:
    swap = swap_requests_for_officer(user=user, status=None).filter(pk=pk).first()
    if swap is None:
        access_log.warning("roster access refused: user=%s swap=%s", user.pk, pk)
        raise Http404
    return swap


def swap_partners(*, duty: DutyAssignment) -> QuerySet[Member]:
    """Members who could take this duty over: active, serving the same workstation, not the holder."""
    return (
        Member.objects.active()
        .filter(workstations=duty.roster.workstation_id)
        .exclude(pk=duty.member_id)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )


def year_duties(*, workstation: Workstation, year: int) -> QuerySet[DutyAssignment]:
    """Every duty of a workstation's rosters in one year, for the exports."""
    return (
        DutyAssignment.objects.filter(roster__workstation=workstation, roster__month__year=year)
        .select_related("roster", "member__user", "member__sector")
        .order_by("roster__month", "kind", "date", "slot", "id")
    )


def swap_partner_duties(*, duty: DutyAssignment, since: datetime.date) -> QuerySet[DutyAssignment]:
    """What `duty`'s holder could exchange it for: published, future duties of the same kind (a
    month lead for a month lead, a slot for a slot on another day) held by one of
    `swap_partners(duty=duty)`, at a workstation the holder serves. The service's remaining checks
    (unavailability, double bookings) need the chosen pair and say why when they refuse."""
    duties = DutyAssignment.objects.filter(
        roster__status=RosterStatus.PUBLISHED,
        roster__workstation__in=Member.workstations.through.objects.filter(member_id=duty.member_id).values(
            "workstation_id"
        ),
        member__in=swap_partners(duty=duty).values("pk"),
        kind=duty.kind,
    )
    if duty.kind == DutyKind.SLOT:
        duties = duties.filter(date__gte=since).exclude(date=duty.date)
    else:
        duties = duties.filter(roster__month__gte=since.replace(day=1))
    return duties.select_related("roster__workstation", "member__user").order_by("roster__month", "date", "slot")


def member_by_feed_token(*, token: str) -> Member | None:
    if not token:
        return None
    return Member.objects.filter(calendar_token__token=token).select_related("user").first()


# --- The API's reads of members and sectors (public-safe fields only: no phone) -------------------


def members_public_list() -> QuerySet[Member]:
    """Active members with their user, sector and workstations loaded (a fixed number of queries)."""
    return (
        Member.objects.active()
        .select_related("user", "sector")
        .prefetch_related(Prefetch("workstations", queryset=Workstation.objects.only("pk", "code").order_by("code")))
    )


def sectors_list() -> QuerySet:
    from members.models import Sector

    return Sector.objects.order_by("sort_order", "name")


def may_view_rosters(user) -> bool:
    """Who may look up duties and who is on duty (members, liaison officers, office staff)."""
    return bool(user.is_authenticated and user.has_perm("members.view_dutyroster"))


def may_view_members(user) -> bool:
    return bool(user.is_authenticated and (user.has_perm("members.view_member") or may_view_rosters(user)))
