import datetime

import pytest
from django.db import IntegrityError, transaction

from members.choices import DutyKind, RosterStatus, Slot
from members.models import DutyAssignment, DutyRoster
from tests import factories

DAY = datetime.date(2026, 12, 7)


@pytest.mark.django_db
def test_a_member_is_on_duty_at_most_once_a_day_even_at_two_workstations():
    member = factories.MemberFactory()
    first = factories.DutyRosterFactory(month=DAY.replace(day=1))
    second = factories.DutyRosterFactory(month=DAY.replace(day=1))
    factories.DutyAssignmentFactory(roster=first, member=member, date=DAY, slot=Slot.MORNING)

    with pytest.raises(IntegrityError, match="duty_one_per_member_per_day"), transaction.atomic():
        factories.DutyAssignmentFactory(roster=second, member=member, date=DAY, slot=Slot.AFTERNOON)

    assert DutyAssignment.objects.filter(member=member).count() == 1


@pytest.mark.django_db
def test_one_member_per_slot_and_one_month_lead_per_roster():
    roster = factories.DutyRosterFactory(month=DAY.replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, date=DAY, slot=Slot.MORNING)
    factories.DutyAssignmentFactory(roster=roster, kind=DutyKind.MONTH, date=None, slot="")

    with pytest.raises(IntegrityError, match="duty_one_member_per_slot"), transaction.atomic():
        factories.DutyAssignmentFactory(roster=roster, date=DAY, slot=Slot.MORNING)
    with pytest.raises(IntegrityError, match="duty_one_month_lead_per_roster"), transaction.atomic():
        factories.DutyAssignmentFactory(roster=roster, kind=DutyKind.MONTH, date=None, slot="")

    assert roster.assignments.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "date", "slot"),
    [(DutyKind.MONTH, DAY, ""), (DutyKind.SLOT, None, Slot.MORNING), (DutyKind.SLOT, DAY, "")],
)
def test_a_duty_is_either_the_whole_month_or_a_dated_slot(kind, date, slot):
    with pytest.raises(IntegrityError, match="duty_month_or_dated_slot"), transaction.atomic():
        factories.DutyAssignmentFactory(kind=kind, date=date, slot=slot)


@pytest.mark.django_db
def test_a_roster_is_one_per_workstation_and_month_starting_on_the_first():
    roster = factories.DutyRosterFactory(month=DAY.replace(day=1))

    with pytest.raises(IntegrityError, match="roster_one_per_workstation_month"), transaction.atomic():
        factories.DutyRosterFactory(workstation=roster.workstation, month=DAY.replace(day=1))
    with pytest.raises(IntegrityError, match="roster_month_is_first_day"), transaction.atomic():
        factories.DutyRosterFactory(month=DAY)
    with pytest.raises(IntegrityError, match="roster_published_has_time"), transaction.atomic():
        factories.DutyRosterFactory(month=datetime.date(2027, 1, 1), status=RosterStatus.PUBLISHED, published_at=None)

    assert DutyRoster.objects.count() == 1
