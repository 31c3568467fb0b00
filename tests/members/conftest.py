import datetime

import pytest
import time_machine

from members.choices import RosterStatus
from tests import factories

# March 2027: its first Monday is the 1st. Tests run "on" 15 February 2027 so that the month is
# ahead (swaps of past duties are refused) whatever the real date.
MARCH = datetime.date(2027, 3, 1)
TODAY = datetime.date(2027, 2, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2027, 2, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def first_monday_rule(workstation):
    return factories.ReceptionRuleFactory(workstation=workstation, weekday=0, week_of_month=1)


@pytest.fixture
def draft_march(workstation):
    return factories.DutyRosterFactory(
        workstation=workstation, month=MARCH, status=RosterStatus.DRAFT, published_at=None
    )


def make_member(workstation, username, **kwargs):
    return factories.MemberFactory(
        user__username=username, user__full_name=kwargs.pop("name", username), workstations=[workstation], **kwargs
    )
