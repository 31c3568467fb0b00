"""The one "who is on duty" function that intake and the pages ask."""

import datetime

import pytest

from members import services
from members.choices import DutyKind, RosterStatus, Slot
from members.selectors import member_on_duty, members_on_duty
from tests import factories
from tests.members.conftest import MARCH, make_member

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 1)


@pytest.fixture
def roster(liaison_officer, workstation):
    """March at Xiliuwan: Zhang leads the month, Li takes the first-Monday morning, Wang the afternoon."""
    zhang = make_member(workstation, "zhang", name="张委员")
    li = make_member(workstation, "li", name="李委员")
    wang = make_member(workstation, "wang", name="王委员")
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=zhang, kind=DutyKind.MONTH)
    services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=wang, date=MONDAY, slot=Slot.AFTERNOON
    )
    services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=li, date=MONDAY, slot=Slot.MORNING
    )
    return services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH)


def test_on_a_reception_day_the_slot_members_come_first_then_the_month_lead(roster, workstation):
    names = [duty.member.name for duty in members_on_duty(workstation=workstation, date=MONDAY)]

    assert names == ["李委员", "王委员", "张委员"]
    assert member_on_duty(workstation=workstation, date=MONDAY).name == "李委员"


def test_on_other_days_the_month_lead_is_on_duty(roster, workstation):
    assert member_on_duty(workstation=workstation, date=datetime.date(2027, 3, 31)).name == "张委员"
    assert member_on_duty(workstation=workstation, date=datetime.date(2027, 4, 1)) is None


def test_a_draft_roster_puts_nobody_on_duty(liaison_officer, workstation, member):
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)

    assert member_on_duty(workstation=workstation, date=MONDAY) is None


def test_an_inactive_member_is_skipped(roster, workstation):
    li = roster.assignments.get(slot=Slot.MORNING).member
    li.is_active = False
    li.save()

    assert member_on_duty(workstation=workstation, date=MONDAY).name == "王委员"


def test_another_workstation_is_not_mixed_in(roster, other_workstation):
    factories.DutyRosterFactory(workstation=other_workstation, month=MARCH, status=RosterStatus.PUBLISHED)

    assert member_on_duty(workstation=other_workstation, date=MONDAY) is None


def test_an_approved_swap_changes_who_is_on_duty(roster, liaison_officer, workstation):
    li = roster.assignments.get(slot=Slot.MORNING).member
    zhao = make_member(workstation, "zhao", name="赵委员")
    swap = services.swap_request_create(
        requester=li, duty=roster.assignments.get(slot=Slot.MORNING), target_member=zhao
    )

    assert member_on_duty(workstation=workstation, date=MONDAY).name == "李委员"
    services.swap_request_approve(actor=liaison_officer, swap=swap)

    assert member_on_duty(workstation=workstation, date=MONDAY).name == "赵委员"


def test_the_on_duty_query_count_is_fixed(roster, workstation, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(members_on_duty(workstation=workstation, date=MONDAY))) == 3


def test_a_cached_answer_follows_a_deactivated_member_at_once(roster, workstation):
    # given the member on duty asked for once (the answer now in the cache)
    li = member_on_duty(workstation=workstation, date=MONDAY)
    assert li.name == "李委员"

    # when that member is deactivated
    li.is_active = False
    li.save()

    # then the next petition goes to the next member on duty, not to them
    assert member_on_duty(workstation=workstation, date=MONDAY).name == "王委员"
