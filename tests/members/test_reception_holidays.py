"""Reception slots follow the working-day calendar (issue 14): a "first Monday morning" that falls on
a statutory holiday moves to the next working day, and the roster page says so. October 2026: the
National Day holiday runs from Thursday 1 to Wednesday 7 October (chinesecalendar), so the first
Monday, the 5th, is off and the next working day is Thursday the 8th."""

import datetime

import pytest
from django.urls import reverse

from common.models import CalendarDay
from members import services
from members.choices import DutyKind, Slot
from members.generator import ReceptionSlot, Rule, reception_plan
from members.models import DutyAssignment
from members.selectors import month_workdays, roster_gaps
from tests.members.conftest import make_member

pytestmark = pytest.mark.django_db

OCTOBER = datetime.date(2026, 10, 1)
NOVEMBER = datetime.date(2026, 11, 1)
FIRST_MONDAY_MORNING = Rule(weekday=0, week_of_month=1, slot=Slot.MORNING)


def test_a_first_monday_on_the_national_day_holiday_moves_to_the_next_working_day():
    plan = reception_plan([FIRST_MONDAY_MORNING], OCTOBER, month_workdays(OCTOBER))

    assert plan == [ReceptionSlot(datetime.date(2026, 10, 8), Slot.MORNING, datetime.date(2026, 10, 5))]


def test_a_first_monday_that_is_a_working_day_stays():
    plan = reception_plan([FIRST_MONDAY_MORNING], NOVEMBER, month_workdays(NOVEMBER))

    assert plan == [ReceptionSlot(datetime.date(2026, 11, 2), Slot.MORNING, datetime.date(2026, 11, 2))]


def test_a_saturday_reception_stays_on_its_saturday():
    # a workstation that chose to receive on the first Saturday keeps it (3 October, in the holiday)
    plan = reception_plan([Rule(weekday=5, week_of_month=1, slot=Slot.MORNING)], OCTOBER, month_workdays(OCTOBER))

    assert [(item.date, item.moved) for item in plan] == [(datetime.date(2026, 10, 3), False)]


def test_a_local_day_off_entered_by_staff_moves_the_slot_too():
    # given: office staff made Monday 2 November a local day off
    CalendarDay.objects.create(date=datetime.date(2026, 11, 2), is_workday=False, note="地方假日")

    plan = reception_plan([FIRST_MONDAY_MORNING], NOVEMBER, month_workdays(NOVEMBER))

    assert [(item.date, item.scheduled) for item in plan] == [(datetime.date(2026, 11, 3), datetime.date(2026, 11, 2))]


def test_the_generator_books_the_moved_slot_and_the_gaps_follow(
    liaison_officer, workstation, member, first_monday_rule
):
    # given: two members at Xiliuwan, which receives every first Monday morning
    make_member(workstation, "zhao", name="赵委员")

    # when: the officer generates October 2026
    services.roster_generate(actor=liaison_officer, workstations=[workstation], months=[OCTOBER])

    # then: the reception duty is on Thursday 8 October, not on the holiday, and nothing is missing
    slots = list(DutyAssignment.objects.filter(kind=DutyKind.SLOT).values_list("date", "slot"))
    assert slots == [(datetime.date(2026, 10, 8), Slot.MORNING)]
    roster = DutyAssignment.objects.get(kind=DutyKind.SLOT).roster
    assert roster_gaps(roster=roster) == []


def test_the_roster_page_shows_the_move(client, liaison_officer, workstation, first_monday_rule):
    client.force_login(liaison_officer)

    page = client.get(reverse("members:calendar", args=["xiliuwan", 2026, 10])).content.decode()

    assert "<li>10月5日为法定节假日，顺延至10月8日</li>" in page
    assert "10-08 上午" in page  # the uncovered slot is the moved one
    assert "10-05 上午" not in page


def test_the_roster_page_shows_no_move_in_an_ordinary_month(client, liaison_officer, workstation, first_monday_rule):
    client.force_login(liaison_officer)

    page = client.get(reverse("members:calendar", args=["xiliuwan", 2026, 11])).content.decode()

    assert 'id="reception-moves"' not in page
    assert "11-02 上午" in page


def test_the_move_is_shown_in_english_too(client, liaison_officer, workstation, first_monday_rule):
    client.force_login(liaison_officer)

    page = client.get(
        reverse("members:calendar", args=["xiliuwan", 2026, 10]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "<li>10/5 is a public holiday: moved to 10/8</li>" in page
