"""The pure roster generator: property tests (hypothesis) and a few worked examples."""

import datetime
import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from members import generator
from members.choices import DutyKind, Slot
from members.generator import Duty, MemberInput, Rule, WorkstationInput, reception_slots

MONTHS = [datetime.date(2027, m, 1) for m in range(1, 13)]

rules_strategy = st.lists(
    st.builds(
        Rule,
        weekday=st.integers(0, 6),
        week_of_month=st.sampled_from([None, 1, 2, 3, 4, -1]),
        slot=st.sampled_from([Slot.MORNING, Slot.AFTERNOON]),
    ),
    min_size=1,
    max_size=3,
)


@st.composite
def scenarios(draw, with_unavailability=True, shared_members=True):
    """Workstations, members (some serving two workstations), unavailable stretches and months."""
    workstation_count = draw(st.integers(1, 4))
    member_count = draw(st.integers(0, 12))
    sectors = draw(st.integers(1, 4))
    members = []
    for member_id in range(1, member_count + 1):
        unavailable = ()
        if with_unavailability:
            unavailable = tuple(
                (start, start + datetime.timedelta(days=length))
                for start, length in draw(
                    st.lists(
                        st.tuples(st.dates(datetime.date(2026, 12, 1), datetime.date(2027, 6, 30)), st.integers(0, 40)),
                        max_size=2,
                    )
                )
            )
        members.append(MemberInput(member_id, member_id % sectors, unavailable))
    workstations = []
    for ws_id in range(1, workstation_count + 1):
        if shared_members:
            serving = draw(st.sets(st.integers(1, member_count), max_size=member_count)) if member_count else set()
        else:
            serving = {m for m in range(1, member_count + 1) if m % workstation_count == ws_id - 1}
        workstations.append(WorkstationInput(ws_id, f"ws-{ws_id}", tuple(sorted(serving)), tuple(draw(rules_strategy))))
    first = draw(st.integers(0, 5))
    months = MONTHS[first : first + draw(st.integers(1, 6))]
    return workstations, members, months


def _all_duties(result):
    return result.planned


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_no_member_is_booked_twice_on_one_day_or_in_two_places_in_one_month(scenario):
    # given: any workstations, members and unavailability
    workstations, members, months = scenario

    # when: the generator fills the months
    result = generator.generate(workstations=workstations, members=members, months=months)

    # then: a member has at most one dated duty a day, across all workstations
    per_day = Counter((d.member_id, d.date) for d in result.planned if d.kind == DutyKind.SLOT)
    assert max(per_day.values(), default=1) == 1
    # and leads the month at one workstation at most, and then serves nowhere else that month
    leads = Counter((d.member_id, d.month) for d in result.planned if d.kind == DutyKind.MONTH)
    assert max(leads.values(), default=1) == 1
    lead_at = {(d.member_id, d.month): d.workstation_id for d in result.planned if d.kind == DutyKind.MONTH}
    for duty in result.planned:
        if duty.kind == DutyKind.SLOT and (duty.member_id, duty.month) in lead_at:
            assert lead_at[(duty.member_id, duty.month)] == duty.workstation_id
    # and one member per slot, one lead per workstation and month; only members of that workstation
    slots = Counter((d.workstation_id, d.date, d.slot) for d in result.planned if d.kind == DutyKind.SLOT)
    assert max(slots.values(), default=1) == 1
    serving = {w.id: set(w.member_ids) for w in workstations}
    assert all(d.member_id in serving[d.workstation_id] for d in result.planned)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_unavailable_dates_are_honoured(scenario):
    workstations, members, months = scenario

    result = generator.generate(workstations=workstations, members=members, months=months)

    away = {m.id: m.unavailable for m in members}
    for duty in result.planned:
        if duty.kind == DutyKind.SLOT:
            assert not any(start <= duty.date <= end for start, end in away[duty.member_id])
        else:
            # a month lead is available every day of the month
            last = generator.month_days(duty.month)[-1]
            assert not any(start <= last and end >= duty.month for start, end in away[duty.member_id])


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_every_reception_slot_is_either_filled_or_reported_with_a_reason(scenario):
    workstations, members, months = scenario

    result = generator.generate(workstations=workstations, members=members, months=months)

    filled = {(d.workstation_id, d.date, d.slot) for d in result.planned if d.kind == DutyKind.SLOT}
    unfilled = {(u.workstation_id, u.date, u.slot) for u in result.unfilled if u.kind == DutyKind.SLOT}
    expected = {(w.id, day, slot) for w in workstations for m in months for day, slot in reception_slots(w.rules, m)}
    assert filled | unfilled == expected
    assert not filled & unfilled
    assert all(u.reason for u in result.unfilled)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_the_same_input_gives_the_same_output(scenario):
    workstations, members, months = scenario

    first = generator.generate(workstations=workstations, members=members, months=months)
    # the same input in another order
    second = generator.generate(
        workstations=list(reversed(workstations)), members=list(reversed(members)), months=list(reversed(months))
    )

    assert first.planned == second.planned
    assert first.unfilled == second.unfilled


@settings(max_examples=150, deadline=None)
@given(scenarios(with_unavailability=False, shared_members=False))
def test_duties_are_shared_fairly_between_the_members_of_a_workstation(scenario):
    # given: members who serve one workstation each and are always available
    workstations, members, months = scenario

    result = generator.generate(workstations=workstations, members=members, months=months)

    # then: within one kind of duty, the members' counts differ by at most one
    for workstation in workstations:
        if not workstation.member_ids:
            continue
        for kind in (DutyKind.SLOT, DutyKind.MONTH):
            counts = Counter(
                d.member_id for d in result.planned if d.workstation_id == workstation.id and d.kind == kind
            )
            per_member = [counts[m] for m in workstation.member_ids]
            assert max(per_member) - min(per_member) <= 1, (kind, per_member)
    # and a slot stays empty only when the workstation has fewer members than slots that day
    # (one duty per member per day)
    for item in result.unfilled:
        workstation = workstations[item.workstation_id - 1]
        if item.kind == DutyKind.SLOT:
            same_day = [s for s in reception_slots(workstation.rules, item.month) if s[0] == item.date]
            assert len(same_day) > len(workstation.member_ids)
        else:
            assert workstation.member_ids == ()


def test_reception_slots_every_first_monday_morning_and_every_thursday_afternoon():
    rules = [Rule(0, 1, Slot.MORNING), Rule(3, None, Slot.AFTERNOON), Rule(4, -1, Slot.MORNING)]

    slots = reception_slots(rules, datetime.date(2027, 3, 1))

    assert slots == [
        (datetime.date(2027, 3, 1), Slot.MORNING),
        (datetime.date(2027, 3, 4), Slot.AFTERNOON),
        (datetime.date(2027, 3, 11), Slot.AFTERNOON),
        (datetime.date(2027, 3, 18), Slot.AFTERNOON),
        (datetime.date(2027, 3, 25), Slot.AFTERNOON),
        (datetime.date(2027, 3, 26), Slot.MORNING),
    ]


def test_sectors_are_spread_among_equally_loaded_members():
    # given: four members, two of sector 1 and two of sector 2, weekly Monday receptions
    members = [MemberInput(1, 1), MemberInput(2, 1), MemberInput(3, 2), MemberInput(4, 2)]
    workstation = WorkstationInput(1, "a", (1, 2, 3, 4), (Rule(0, None, Slot.MORNING),))

    result = generator.generate(workstations=[workstation], members=members, months=[datetime.date(2027, 3, 1)])

    # then: the four Mondays alternate sectors: never the same sector twice running
    sectors = [members[d.member_id - 1].sector_id for d in result.planned if d.kind == DutyKind.SLOT]
    assert len(sectors) == 5
    assert all(a != b for a, b in itertools.pairwise(sectors))


def test_what_cannot_be_filled_is_reported_with_the_reason():
    # given: one member, away the whole of March, and a member busy elsewhere on the first Monday
    members = [
        MemberInput(1, 1, ((datetime.date(2027, 3, 1), datetime.date(2027, 3, 31)),)),
        MemberInput(2, 1),
    ]
    here = WorkstationInput(1, "a", (1, 2), (Rule(0, 1, Slot.MORNING),))
    existing = [Duty(9, datetime.date(2027, 3, 1), DutyKind.SLOT, 2, datetime.date(2027, 3, 1), Slot.MORNING)]

    result = generator.generate(
        workstations=[here], members=members, months=[datetime.date(2027, 3, 1)], existing=existing
    )

    # then: nobody leads the month (member 2 serves elsewhere in March) and the slot is unfilled
    assert result.planned == []
    assert [(u.kind, u.date, u.reason) for u in result.unfilled] == [
        (DutyKind.MONTH, None, "可选委员 2 人：1 人本月有不可值班日期，1 人本月已在其他工作室值班"),
        (DutyKind.SLOT, datetime.date(2027, 3, 1), "可选委员 2 人：1 人不可值班，1 人当天已在其他工作室值班"),
    ]


def test_locked_months_are_left_alone():
    members = [MemberInput(1, 1)]
    workstation = WorkstationInput(1, "a", (1,), (Rule(0, 1, Slot.MORNING),))

    result = generator.generate(
        workstations=[workstation],
        members=members,
        months=[datetime.date(2027, 3, 1)],
        locked={(1, datetime.date(2027, 3, 1))},
    )

    assert result.planned == []
    assert result.skipped == [(1, datetime.date(2027, 3, 1))]


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_free_members_share_fairly_even_when_others_are_constrained(scenario):
    # given: any scenario; "free" members serve one workstation and are never unavailable
    workstations, members, months = scenario
    serves = Counter(m for w in workstations for m in w.member_ids)
    free = {m.id for m in members if not m.unavailable and serves[m.id] == 1}

    result = generator.generate(workstations=workstations, members=members, months=months)

    # then: at each workstation, the free members' counts of each kind differ by at most one
    for workstation in workstations:
        free_here = [m for m in workstation.member_ids if m in free]
        for kind in (DutyKind.SLOT, DutyKind.MONTH):
            counts = Counter(
                d.member_id for d in result.planned if d.workstation_id == workstation.id and d.kind == kind
            )
            spread = [counts[m] for m in free_here]
            assert not spread or max(spread) - min(spread) <= 1, (kind, spread)
