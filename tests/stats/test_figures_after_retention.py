"""Deleting citizens' personal data after the retention period changes no figure: the dashboard
of January and February 2026 reads the same before and after, live and from the monthly table."""

import datetime
import zoneinfo

import time_machine

from petitions.models import Petition
from petitions.services.retention import petitions_retention_sweep
from stats import selectors
from stats.services import monthly_figures_refresh
from tests.stats.conftest import FEBRUARY, TODAY, period

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
# 25 months after the January cases closed, 24 after February's.
LATER = datetime.datetime(2028, 3, 10, 2, 41, tzinfo=TZ)
JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


def _figures() -> list:
    return [selectors.dashboard(period(), today=TODAY), selectors.dashboard(period(FEBRUARY), today=TODAY)]


@time_machine.travel(LATER, tick=False)
def test_every_dashboard_figure_is_the_same_after_anonymising(history):
    live_before = _figures()
    monthly_figures_refresh(months=[JAN, FEB])
    table_before = _figures()
    # when the retention sweep runs 25 months on
    anonymised = petitions_retention_sweep()
    # then the closed cases p1, p2, p3, p9 lost their contact data ...
    assert anonymised == 4
    assert set(Petition.objects.exclude(anonymised_at=None).values_list("citizen_phone", flat=True)) == {""}
    # ... and every figure, from the table and live, is as it was
    assert _figures() == table_before
    monthly_figures_refresh(months=[JAN, FEB])
    assert _figures() == table_before
    assert table_before == live_before
