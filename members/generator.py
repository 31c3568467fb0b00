"""The roster generator: fills months of duty rosters fairly and deterministically.

Pure Python on plain data, no database: `members.services.generate` loads the rows, calls
`generate(...)` and writes what it plans. Keeping the core pure makes it fast (a year for 36
workstations is a few thousand decisions) and lets property tests run it thousands of times.

The rules, in order of precedence:
1. never double booking: a member has at most one dated duty a day, across all workstations; a
   member responsible for a month at one workstation takes no duty at another that month;
2. a member's unavailable dates are honoured (a month lead must be available the whole month);
3. fairness within one duty: at each workstation the member with the fewest duties of that kind so
   far is chosen, so counts differ by at most one whenever nothing else constrains the choice;
4. sectors spread: among equally loaded members, the one whose sector served least at that
   workstation goes first; then the one who served longest ago; then a fixed rotation.
The same input always gives the same output: every loop runs over sorted keys.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.choices import DutyKind, Slot

SLOT_ORDER = {Slot.MORNING: 0, Slot.AFTERNOON: 1, Slot.FULL_DAY: 2}


@dataclass(frozen=True)
class Rule:
    """A reception rule: weekday 0 (Monday) to 6, week_of_month 1-4, -1 (last) or None (every week)."""

    weekday: int
    week_of_month: int | None
    slot: str


def month_days(month: datetime.date) -> list[datetime.date]:
    last = calendar.monthrange(month.year, month.month)[1]
    return [month.replace(day=day) for day in range(1, last + 1)]


def month_add(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ReceptionSlot:
    """One reception slot of a month. `scheduled` is the rule's own date; it differs from `date`
    when that day was a statutory holiday and the slot moved to the next working day."""

    date: datetime.date
    slot: str
    scheduled: datetime.date

    @property
    def moved(self) -> bool:
        return self.date != self.scheduled


def _working_day_for(day: datetime.date, days: list[datetime.date], workdays) -> datetime.date:
    """`day` itself, unless it is a weekday off (a statutory holiday): then the next working day of
    the month, or, when the month has none left, the last one before. A rule on a Saturday or a
    Sunday is the workstation's choice and stays."""
    if workdays is None or day.weekday() >= 5 or workdays.get(day, True):
        return day
    later = [d for d in days if d > day and workdays.get(d, d.weekday() < 5)]
    if later:
        return later[0]
    earlier = [d for d in days if d < day and workdays.get(d, d.weekday() < 5)]
    return earlier[-1] if earlier else day


def reception_plan(rules, month: datetime.date, workdays=None) -> list[ReceptionSlot]:
    """The reception slots of a month under these rules, in date and slot order.

    workdays: {date: is a working day} for the month's days (common.calendar.workdays_in); with it a
    slot whose day is a statutory holiday moves to the next working day. Without it (the pure
    property tests) the rules' days are taken as they are."""
    days = month_days(month)
    slots: dict[tuple[datetime.date, str], ReceptionSlot] = {}
    for rule in rules:
        matching = [day for day in days if day.weekday() == rule.weekday]
        if rule.week_of_month is None:
            chosen = matching
        elif rule.week_of_month == -1:
            chosen = matching[-1:]
        else:
            chosen = matching[rule.week_of_month - 1 : rule.week_of_month]
        for day in chosen:
            actual = _working_day_for(day, days, workdays)
            # A slot that another rule already holds on that day is not asked for twice; the one
            # held on its own day wins, so no move is announced for nothing.
            if (actual, rule.slot) not in slots or actual == day:
                slots[(actual, rule.slot)] = ReceptionSlot(actual, rule.slot, day)
    return sorted(slots.values(), key=lambda item: (item.date, SLOT_ORDER.get(item.slot, 9), item.scheduled))


def reception_slots(rules, month: datetime.date, workdays=None) -> list[tuple[datetime.date, str]]:
    """The reception slots (date, slot) of a month under these rules, in date and slot order."""
    return [(item.date, item.slot) for item in reception_plan(rules, month, workdays)]


def slot_covers(duty_slot: str, wanted: str) -> bool:
    return duty_slot == wanted or duty_slot == Slot.FULL_DAY


@dataclass(frozen=True)
class WorkstationInput:
    id: int
    code: str
    member_ids: tuple[int, ...]  # active members who serve this workstation
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class MemberInput:
    id: int
    sector_id: int
    unavailable: tuple[tuple[datetime.date, datetime.date], ...] = ()


@dataclass(frozen=True)
class Duty:
    """A duty already on a roster, or one the generator plans. date and slot are None for a month lead."""

    workstation_id: int
    month: datetime.date
    kind: str
    member_id: int
    date: datetime.date | None = None
    slot: str | None = None


@dataclass(frozen=True)
class Unfilled:
    workstation_id: int
    month: datetime.date
    kind: str
    date: datetime.date | None
    slot: str | None
    reason: str


@dataclass
class Result:
    planned: list[Duty] = field(default_factory=list)
    unfilled: list[Unfilled] = field(default_factory=list)
    skipped: list[tuple[int, datetime.date]] = field(default_factory=list)  # published: left alone


def _rotation(member_id: int, workstation_id: int) -> int:
    # A fixed, well-mixed order per workstation, so that a member serving two workstations is not
    # first in line at both. Knuth's multiplicative hash: deterministic across processes.
    return ((member_id * 2654435761) ^ (workstation_id * 40503)) & 0xFFFFFFFF


class _State:
    def __init__(self, members: dict[int, MemberInput], months: list[datetime.date]):
        self.members = members
        first, last = months[0], month_days(months[-1])[-1]
        self.unavailable_days: dict[int, set[datetime.date]] = {}
        self.unavailable_months: dict[int, set[datetime.date]] = {}
        for member in members.values():
            days: set[datetime.date] = set()
            touched: set[datetime.date] = set()
            for start, end in member.unavailable:
                start, end = max(start, first), min(end, last)
                day = start
                while day <= end:
                    days.add(day)
                    touched.add(day.replace(day=1))
                    day += datetime.timedelta(days=1)
            self.unavailable_days[member.id] = days
            self.unavailable_months[member.id] = touched
        self.busy: dict[tuple[int, datetime.date], int] = {}  # (member, date) -> workstation
        self.lead_of: dict[tuple[int, datetime.date], int] = {}  # (member, month) -> workstation
        self.lead: dict[tuple[int, datetime.date], int] = {}  # (workstation, month) -> member
        self.filled: set[tuple[int, datetime.date, str]] = set()  # (workstation, date, slot)
        self.dated_elsewhere: dict[tuple[int, datetime.date], set[int]] = defaultdict(set)  # (member, month) -> ws
        # Fairness counters per (kind, workstation): member -> duties, sector -> duties, member -> when last.
        self.count: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
        self.sector_count: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
        self.last_seq: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
        self.rotation: dict[int, dict[int, int]] = {}  # workstation -> member -> fixed rank
        self.seq = 0

    def record(self, duty: Duty) -> None:
        self.seq += 1
        sector = self.members[duty.member_id].sector_id if duty.member_id in self.members else -1
        if duty.kind == DutyKind.MONTH:
            self.lead[(duty.workstation_id, duty.month)] = duty.member_id
            self.lead_of[(duty.member_id, duty.month)] = duty.workstation_id
        else:
            self.busy[(duty.member_id, duty.date)] = duty.workstation_id
            self.filled.add((duty.workstation_id, duty.date, duty.slot))
            self.dated_elsewhere[(duty.member_id, duty.month)].add(duty.workstation_id)
        group = (duty.kind, duty.workstation_id)
        counts, sectors = self.count[group], self.sector_count[group]
        counts[duty.member_id] = counts.get(duty.member_id, 0) + 1
        sectors[sector] = sectors.get(sector, 0) + 1
        self.last_seq[group][duty.member_id] = self.seq

    def choose(self, kind: str, workstation_id: int, candidates: list[int]) -> int:
        group = (kind, workstation_id)
        counts, sectors, last = self.count[group], self.sector_count[group], self.last_seq[group]
        rotation = self.rotation.get(workstation_id)
        if rotation is None:
            rotation = self.rotation[workstation_id] = {}
        members = self.members

        def key(member_id: int):
            rank = rotation.get(member_id)
            if rank is None:
                rank = rotation[member_id] = _rotation(member_id, workstation_id)
            return (
                counts.get(member_id, 0),
                sectors.get(members[member_id].sector_id, 0),
                last.get(member_id, 0),
                rank,
                member_id,
            )

        return min(candidates, key=key)


def _lead_refusal(state: _State, member_id: int, workstation_id: int, month: datetime.date) -> str | None:
    if month in state.unavailable_months[member_id]:
        return "unavailable"
    other = state.lead_of.get((member_id, month))
    if other is not None and other != workstation_id:
        return "busy"
    if state.dated_elsewhere.get((member_id, month), set()) - {workstation_id}:
        return "busy"
    return None


def _slot_refusal(
    state: _State, member_id: int, workstation_id: int, day: datetime.date, month: datetime.date
) -> str | None:
    if day in state.unavailable_days[member_id]:
        return "unavailable"
    if (member_id, day) in state.busy:
        return "busy"
    lead_at = state.lead_of.get((member_id, month))
    if lead_at is not None and lead_at != workstation_id:
        return "busy"
    return None


def _reason(total: int, refusals: dict[str, int], kind: str = DutyKind.SLOT) -> str:
    if total == 0:
        return _("该工作室没有在职委员")
    if kind == DutyKind.MONTH:
        return _("可选委员 %(total)d 人：%(unavailable)d 人本月有不可值班日期，%(busy)d 人本月已在其他工作室值班") % {
            "total": total,
            "unavailable": refusals.get("unavailable", 0),
            "busy": refusals.get("busy", 0),
        }
    return _("可选委员 %(total)d 人：%(unavailable)d 人不可值班，%(busy)d 人当天已在其他工作室值班") % {
        "total": total,
        "unavailable": refusals.get("unavailable", 0),
        "busy": refusals.get("busy", 0),
    }


def generate(
    *,
    workstations: list[WorkstationInput],
    members: list[MemberInput],
    months: list[datetime.date],
    existing: list[Duty] = (),
    locked: set[tuple[int, datetime.date]] = frozenset(),
    workdays=None,
) -> Result:
    """Plan the duties that fill `months` at `workstations`.

    existing: duties already on rosters in the period, at these or any other workstations (they
    count for fairness and block double booking); locked: (workstation, month) pairs that must not
    change (published rosters); workdays: {date: is a working day} over the months, so that
    reception slots move off statutory holidays (see reception_plan). Returns the planned duties,
    what could not be filled and why, and the locked months skipped.
    """
    months = sorted(set(months))
    result = Result()
    if not months:
        return result
    by_id = {member.id: member for member in members}
    state = _State(by_id, months)
    for duty in sorted(existing, key=lambda d: (d.month, d.date or d.month, d.workstation_id, d.kind, d.member_id)):
        if duty.member_id in by_id:
            state.record(duty)
        elif duty.kind == DutyKind.MONTH:
            state.lead[(duty.workstation_id, duty.month)] = duty.member_id
        else:
            state.filled.add((duty.workstation_id, duty.date, duty.slot))
    ordered = sorted(workstations, key=lambda w: (w.code, w.id))
    for month in months:
        open_workstations = []
        for workstation in ordered:
            if (workstation.id, month) in locked:
                result.skipped.append((workstation.id, month))
            else:
                open_workstations.append(workstation)
        # Month leads first: a lead blocks that member's duties at other workstations all month.
        for workstation in open_workstations:
            if (workstation.id, month) in state.lead:
                continue
            members_here = sorted(m for m in workstation.member_ids if m in by_id)
            refusals: dict[str, int] = defaultdict(int)
            candidates = []
            for member_id in members_here:
                refusal = _lead_refusal(state, member_id, workstation.id, month)
                if refusal:
                    refusals[refusal] += 1
                else:
                    candidates.append(member_id)
            if not candidates:
                result.unfilled.append(
                    Unfilled(
                        workstation.id,
                        month,
                        DutyKind.MONTH,
                        None,
                        None,
                        _reason(len(members_here), refusals, DutyKind.MONTH),
                    )
                )
                continue
            duty = Duty(workstation.id, month, DutyKind.MONTH, state.choose(DutyKind.MONTH, workstation.id, candidates))
            state.record(duty)
            result.planned.append(duty)
        for workstation in open_workstations:
            members_here = sorted(m for m in workstation.member_ids if m in by_id)
            for day, slot in reception_slots(workstation.rules, month, workdays):
                if any((workstation.id, day, s) in state.filled for s in (slot, Slot.FULL_DAY)):
                    continue
                refusals = defaultdict(int)
                candidates = []
                for member_id in members_here:
                    refusal = _slot_refusal(state, member_id, workstation.id, day, month)
                    if refusal:
                        refusals[refusal] += 1
                    else:
                        candidates.append(member_id)
                if not candidates:
                    result.unfilled.append(
                        Unfilled(workstation.id, month, DutyKind.SLOT, day, slot, _reason(len(members_here), refusals))
                    )
                    continue
                member_id = state.choose(DutyKind.SLOT, workstation.id, candidates)
                duty = Duty(workstation.id, month, DutyKind.SLOT, member_id, day, slot)
                state.record(duty)
                result.planned.append(duty)
    return result
