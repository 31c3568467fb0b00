"""Roster services: the booking rules, edits of published months, publishing, generating."""

import datetime

import pytest
from django.db import InternalError, connection, transaction

from members import services
from members.choices import DutyKind, RosterChangeAction, RosterStatus, Slot
from members.models import DutyAssignment, DutyRoster, RosterChange
from tests import factories
from tests.members.conftest import MARCH, make_member

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)


def _add(officer, workstation, member, date=MONDAY, slot=Slot.MORNING, **kwargs):
    return services.duty_add(
        actor=officer, workstation=workstation, month=MARCH, member=member, date=date, slot=slot, **kwargs
    )


def test_adding_a_reception_duty_creates_it_and_records_who_did_it(liaison_officer, workstation, member):
    duty = _add(liaison_officer, workstation, member)

    assert (duty.roster.month, duty.date, duty.slot, duty.member) == (MARCH, MONDAY, Slot.MORNING, member)
    assert duty.roster.status == RosterStatus.DRAFT
    change = RosterChange.objects.get()
    assert (change.action, change.actor, change.after_publication) == (RosterChangeAction.ADD, liaison_officer, False)
    assert change.summary == f"安排 {member.name}：2027-03-01 上午"


def test_a_member_cannot_be_on_duty_at_two_workstations_on_one_day(
    liaison_officer, workstation, other_workstation, member
):
    # given: the member also serves Luoxi and is on duty there on Monday afternoon
    member.workstations.add(other_workstation)
    _add(liaison_officer, other_workstation, member, slot=Slot.AFTERNOON)
    changes = RosterChange.objects.count()

    # when: the officer books them at Xiliuwan on Monday morning
    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, member)

    # then: refused, saying where they already are; nothing changed
    assert str(error.value) == f"{member.name} 在03-01已有值班（罗溪社区委员工作室 下午），不能重复安排。"
    assert DutyAssignment.objects.count() == 1
    assert RosterChange.objects.count() == changes


def test_an_inactive_member_gets_no_duty(liaison_officer, workstation, member):
    member.is_active = False
    member.save()

    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, member)

    assert str(error.value) == f"{member.name} 已不在职，不能安排值班。"
    assert not DutyAssignment.objects.exists()
    assert not RosterChange.objects.exists()


def test_a_member_serves_only_their_own_workstations(liaison_officer, workstation, other_workstation):
    stranger = make_member(other_workstation, "stranger", name="李四")

    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, stranger)

    assert str(error.value) == "李四 不在西流湾社区委员工作室，不能在此值班。"
    assert not DutyAssignment.objects.exists()


def test_unavailable_dates_are_refused(liaison_officer, workstation, member):
    factories.MemberUnavailabilityFactory(member=member, start=MONDAY, end=MONDAY, reason="市政协全会")

    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, member)

    assert str(error.value) == f"{member.name} 在03-01不可值班（市政协全会）。"
    assert not DutyAssignment.objects.exists()


def test_a_slot_holds_one_member(liaison_officer, workstation, member):
    _add(liaison_officer, workstation, member)
    other = make_member(workstation, "wang", name="王五")

    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, other)

    assert str(error.value) == f"03-01 上午已由{member.name}值班。"
    assert DutyAssignment.objects.count() == 1


def test_a_month_lead_elsewhere_takes_no_duty_here(liaison_officer, workstation, other_workstation, member):
    member.workstations.add(other_workstation)
    services.duty_add(
        actor=liaison_officer, workstation=other_workstation, month=MARCH, member=member, kind=DutyKind.MONTH
    )

    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, member)
    with pytest.raises(services.RosterError) as lead_error:
        services.duty_add(
            actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH
        )

    assert str(error.value) == f"{member.name} 本月在罗溪社区委员工作室负责值班，不能再到其他工作室值班。"
    assert str(lead_error.value) == f"{member.name} 本月已在罗溪社区委员工作室负责值班。"
    assert DutyAssignment.objects.count() == 1


def test_a_date_outside_the_month_is_refused(liaison_officer, workstation, member):
    with pytest.raises(services.RosterError) as error:
        _add(liaison_officer, workstation, member, date=datetime.date(2027, 4, 5))

    assert str(error.value) == "2027-04-05 不在2027年03月。"


def test_a_published_month_changes_only_with_confirmation_and_a_reason(liaison_officer, workstation, member):
    # given: a published March with one duty
    duty = _add(liaison_officer, workstation, member)
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH, confirm_uncovered=True)
    other = make_member(workstation, "wang", name="王五")
    changes = RosterChange.objects.count()

    # when: the officer moves it without confirming, then removes it without a reason
    with pytest.raises(services.RosterError) as error:
        services.duty_move(actor=liaison_officer, duty=duty, member=other)
    with pytest.raises(services.RosterError):
        services.duty_remove(actor=liaison_officer, duty=duty, confirm_published=True, reason=" ")

    # then: both refused, nothing changed
    assert str(error.value) == "该月值班表已发布，修改须勾选“确认修改已发布的值班表”并填写原因。"
    duty.refresh_from_db()
    assert duty.member == member
    assert RosterChange.objects.count() == changes

    # when: they confirm and give a reason
    services.duty_move(actor=liaison_officer, duty=duty, member=other, confirm_published=True, reason="生病")

    # then: the duty moves, and the edit is recorded as made after publication
    duty.refresh_from_db()
    assert duty.member == other
    change = RosterChange.objects.latest("id")
    assert (change.action, change.after_publication, change.reason) == (RosterChangeAction.MOVE, True, "生病")
    assert change.summary == f"调整 {member.name} 2027-03-01 上午 → 王五 2027-03-01 上午"


def test_moving_a_duty_to_another_day(liaison_officer, workstation, member):
    duty = _add(liaison_officer, workstation, member)

    services.duty_move(actor=liaison_officer, duty=duty, date=datetime.date(2027, 3, 8), slot=Slot.AFTERNOON)

    duty.refresh_from_db()
    assert (duty.date, duty.slot, duty.member) == (datetime.date(2027, 3, 8), Slot.AFTERNOON, member)


def test_removing_a_duty_records_it(liaison_officer, workstation, member):
    duty = _add(liaison_officer, workstation, member)

    services.duty_remove(actor=liaison_officer, duty=duty)

    assert not DutyAssignment.objects.exists()
    assert RosterChange.objects.latest("id").summary == f"取消 {member.name}：2027-03-01 上午"


def test_roster_changes_are_append_only(liaison_officer, workstation, member):
    _add(liaison_officer, workstation, member)
    change = RosterChange.objects.get()

    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        RosterChange.objects.update(summary="x")
    with pytest.raises(TypeError):
        RosterChange.objects.all().delete()
    assert RosterChange.objects.get().summary == f"安排 {member.name}：2027-03-01 上午"


def test_the_database_refuses_to_rewrite_a_roster_change(liaison_officer, workstation, member):
    # given: a recorded change; when: raw SQL tries to rewrite or delete it
    _add(liaison_officer, workstation, member)

    for statement in ("UPDATE members_rosterchange SET summary = 'x'", "DELETE FROM members_rosterchange"):
        with pytest.raises(InternalError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    # then: the row is as it was
    assert RosterChange.objects.get().summary == f"安排 {member.name}：2027-03-01 上午"


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_with_uncovered_slots_is_refused_unless_confirmed(
    liaison_officer, workstation, member, first_monday_rule
):
    # given: March has a first-Monday reception and nothing on the roster
    factories.ReceptionRuleFactory(workstation=workstation, weekday=3, week_of_month=None, slot=Slot.AFTERNOON)
    _add(liaison_officer, workstation, member, date=datetime.date(2027, 3, 4), slot=Slot.AFTERNOON)

    # when: the officer publishes without confirming
    with pytest.raises(services.UncoveredSlotsError) as error:
        services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH)

    # then: refused, naming every gap; the roster stays a draft
    assert str(error.value) == (
        "还有 5 处未安排：当月负责、03-01 上午、03-11 下午、03-18 下午、03-25 下午。"
        "如仍要发布，请勾选“确认在有空缺的情况下发布”。"
    )
    roster = DutyRoster.objects.get()
    assert roster.status == RosterStatus.DRAFT
    assert not RosterChange.objects.filter(action=RosterChangeAction.PUBLISH).exists()

    # when: they confirm
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH, confirm_uncovered=True)

    # then: published, and the gaps accepted are on record
    roster.refresh_from_db()
    assert (roster.status, roster.published_by) == (RosterStatus.PUBLISHED, liaison_officer)
    change = RosterChange.objects.get(action=RosterChangeAction.PUBLISH)
    assert change.summary == "发布2027年03月值班表（确认空缺 5 处）"
    assert change.data["uncovered"][1] == ["2027-03-01", "morning"]


def test_a_fully_covered_month_publishes_without_confirmation(liaison_officer, workstation, member, first_monday_rule):
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    _add(liaison_officer, workstation, member)

    roster = services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH)

    assert roster.status == RosterStatus.PUBLISHED
    with pytest.raises(services.RosterError) as error:
        services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH)
    assert str(error.value) == "该月值班表已发布。"


def test_a_full_day_duty_covers_a_morning_reception(liaison_officer, workstation, member, first_monday_rule):
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    _add(liaison_officer, workstation, member, slot=Slot.FULL_DAY)

    roster = services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH)

    assert roster.status == RosterStatus.PUBLISHED


# --- Generating ---------------------------------------------------------------------------------


def test_generating_fills_the_draft_month_and_reports_what_it_could_not(
    liaison_officer, workstation, first_monday_rule
):
    # given: two members, one away on the first Monday
    zhang = make_member(workstation, "zhang", name="张委员")
    li = make_member(workstation, "li", name="李委员")
    factories.MemberUnavailabilityFactory(member=li, start=MONDAY, end=MONDAY)

    # when: the officer generates March
    report = services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH])

    # then: Zhang takes the reception (Li is away that day) and leads the month too (a month lead
    # must be available all month)
    duties = list(DutyAssignment.objects.order_by("kind", "date").values_list("kind", "date", "member"))
    assert duties == [(DutyKind.MONTH, None, zhang.pk), (DutyKind.SLOT, MONDAY, zhang.pk)]
    assert (report.added, report.unfilled) == (2, [])
    assert RosterChange.objects.get().summary == "自动排班：新增 2 项，未能安排 0 项"


def test_generating_keeps_existing_duties_and_published_months(liaison_officer, workstation, first_monday_rule):
    zhang = make_member(workstation, "zhang", name="张委员")
    li = make_member(workstation, "li", name="李委员")
    april = datetime.date(2027, 4, 1)
    _add(liaison_officer, workstation, li)
    services.duty_add(actor=liaison_officer, workstation=workstation, month=april, member=zhang, kind=DutyKind.MONTH)
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=april, confirm_uncovered=True)

    report = services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH, april])

    # the Monday stays Li's; Li also leads March (Zhang already leads April: fairness counts it);
    # April (published) is untouched
    assert DutyAssignment.objects.get(roster__month=MARCH, date=MONDAY).member == li
    assert DutyAssignment.objects.get(roster__month=MARCH, kind=DutyKind.MONTH).member == li
    assert DutyAssignment.objects.filter(roster__month=april).count() == 1
    assert report.skipped == [(workstation.pk, april)]
    assert report.added == 1


def test_generating_twice_adds_nothing_the_second_time(liaison_officer, workstation, first_monday_rule):
    make_member(workstation, "zhang")
    make_member(workstation, "li")
    services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH])
    before = list(DutyAssignment.objects.order_by("pk").values_list("kind", "date", "member"))

    report = services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH])

    assert report.added == 0
    assert list(DutyAssignment.objects.order_by("pk").values_list("kind", "date", "member")) == before


def test_generating_avoids_members_on_duty_at_another_workstation(
    liaison_officer, workstation, other_workstation, first_monday_rule
):
    # given: Zhang serves both workstations and is on duty at Luoxi on the first Monday
    zhang = make_member(workstation, "zhang", name="张委员")
    zhang.workstations.add(other_workstation)
    li = make_member(workstation, "li", name="李委员")
    _add(liaison_officer, other_workstation, zhang)

    services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[MARCH])

    # then: Li gets the Xiliuwan Monday and the lead (Zhang serves elsewhere in March)
    here = DutyAssignment.objects.filter(roster__workstation=workstation)
    assert set(here.values_list("kind", "member")) == {(DutyKind.SLOT, li.pk), (DutyKind.MONTH, li.pk)}
