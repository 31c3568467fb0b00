"""The monthly table the trend reads for finished months holds exactly what counting live gives."""

import datetime

import pytest

from petitions.models import PetitionEvent
from stats import selectors
from stats.models import BuiltMonth, MonthlyFigure
from stats.services import monthly_figures_refresh, monthly_figures_sweep, months_touched_since
from tests.stats.conftest import FEBRUARY, period

pytestmark = pytest.mark.django_db

DEC, JAN, FEB = datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


def _trend(f, months=4):
    return [(r["label"], r["collected"], r["handled"], r["solved"]) for r in selectors.trend(f, months=months)]


@pytest.mark.parametrize(
    "dimension",
    [{}, {"workstation": "b"}, {"category": "water"}, {"sector": "economy"}, {"channel": "online"}, {"member": "a"}],
)
def test_the_trend_from_the_table_equals_the_trend_counted_live(history, dimension):
    # given the filter and the live trend (no month built yet)
    kwargs = {}
    if "workstation" in dimension:
        kwargs["workstation_ids"] = frozenset({history.b.pk})
    if "category" in dimension:
        kwargs["category_id"] = history.water.pk
    if "sector" in dimension:
        kwargs["sector_id"] = history.economy.pk
    if "channel" in dimension:
        kwargs["channel"] = "online"
    if "member" in dimension:
        kwargs["member_id"] = history.member_a.pk
    f = period(FEBRUARY, **kwargs)
    live = _trend(f)
    # when the finished months are built
    monthly_figures_refresh(months=[datetime.date(2025, 11, 1), DEC, JAN, FEB])
    assert set(BuiltMonth.objects.values_list("month", flat=True)) == {datetime.date(2025, 11, 1), DEC, JAN, FEB}
    # then the trend read from the table is the same
    assert _trend(f) == live


def test_the_whole_trend_from_the_table(history):
    monthly_figures_refresh(months=[datetime.date(2025, 11, 1), DEC, JAN, FEB])
    assert _trend(period(FEBRUARY)) == [
        ("2025-11", 0, 0, 0),
        ("2025-12", 1, 0, 0),
        ("2026-01", 6, 5, 2),
        ("2026-02", 0, 1, 1),
    ]
    # one row per (workstation, category, member, channel): A-noise, A-water, B-water
    assert MonthlyFigure.objects.filter(month=JAN).count() == 3
    # and the trend's own table, per workstation and category, holds the same month in total
    from stats.models import MonthlyTrendFigure

    trend_rows = MonthlyTrendFigure.objects.filter(month=JAN)
    assert trend_rows.count() == 3
    assert [sum(trend_rows.values_list(name, flat=True)) for name in ("collected", "handled", "solved")] == [6, 5, 2]
    # when a month's figures are rebuilt, its trend rows are replaced, not added to
    monthly_figures_refresh(months=[JAN])
    assert _trend(period(FEBRUARY))[2] == ("2026-01", 6, 5, 2)


def test_an_event_on_an_old_case_rebuilds_its_months(history):
    # given January built, nothing else changed lately, then p2 is marked spam late (an event written now)
    monthly_figures_refresh(months=[JAN])
    _backdate_handoffs()
    p2 = history.p["p2"]
    type(p2).objects.filter(pk=p2.pk).update(status="spam", outcome="", satisfaction="", closed_at=None)
    PetitionEvent.objects.create(petition=p2, type="marked_spam", from_status="closed", to_status="spam")
    assert months_touched_since(datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=1)) == {JAN}
    # when the sweep runs
    monthly_figures_sweep(history_months=0)
    # then January's figures no longer count it
    assert _trend(period(), months=1) == [("2026-01", 5, 4, 1)]


def _backdate_handoffs():
    """The history's hand-offs and proposals were written a moment ago: as if long before."""
    from petitions.models import Consultation
    from proposals.models import Proposal, ProposalAssignment

    long_ago = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    for model in (Consultation, Proposal, ProposalAssignment):
        model.objects.update(updated_at=long_ago)


def test_the_current_month_is_never_built(history):
    today = datetime.date.today()
    assert monthly_figures_refresh(months=[today.replace(day=1)]) == 0
    assert not BuiltMonth.objects.exists()


@pytest.mark.parametrize(
    "bounds",
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),  # a quarter: two built months, March live
        (datetime.date(2026, 1, 15), datetime.date(2026, 2, 28)),  # half of January live, February built
        (datetime.date(2025, 12, 1), datetime.date(2026, 2, 28)),  # only whole built months
    ],
)
def test_a_period_of_built_months_gives_the_same_summary_and_breakdowns(history, bounds):
    from tests.stats.conftest import TODAY

    f = period(bounds)
    live = selectors.dashboard(f, today=TODAY)
    monthly_figures_refresh(months=[DEC, JAN, FEB])
    assert BuiltMonth.objects.count() == 3
    from_table = selectors.dashboard(f, today=TODAY)
    for key in ("summary", "categories", "workstations", "members", "trend"):
        assert from_table[key] == live[key], key


def test_the_current_month_from_its_built_days_equals_the_live_count(history):
    import time_machine

    from stats.services import monthly_figures_sweep as sweep
    from tests.stats.conftest import TZ, at, make_petition

    # given 2026-02-10 as today: p3's February acts, and a petition received today, still open
    with time_machine.travel(datetime.datetime(2026, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        make_petition(created=at(2, 10, 9), workstation=history.a, category=history.noise, status="received")
        today = datetime.date(2026, 2, 10)
        f = period(FEBRUARY)
        live = selectors.dashboard(f, today=today)
        # when the sweep builds the past months and February's past days
        sweep(history_months=3)
        from stats.models import BuiltDay

        assert BuiltDay.objects.count() == 27  # 1 … 9 and 11 … 28 February; today stays live
        # then the month's dashboard, read mostly from the tables, is the live one
        assert selectors.dashboard(f, today=today) == live
        assert live["summary"]["collected"] == 1
        assert live["summary"]["handled"] == 1


def test_to_date_and_custom_ranges_read_the_built_months_and_count_the_same(history, django_assert_max_num_queries):
    from django.utils import timezone

    from stats.filters import PeriodKind
    from stats.selectors.aggregates import PETITION_FIGURES, period_cube, petition_cube, rollup

    today = timezone.localdate()
    to_date = period((datetime.date(2025, 12, 20), today), kind=PeriodKind.TO_DATE)
    custom = period((datetime.date(2025, 12, 25), datetime.date(2026, 2, 10)), kind=PeriodKind.CUSTOM)
    live = {name: rollup(petition_cube(f, today), None)[None] for name, f in (("to_date", to_date), ("custom", custom))}
    # when every finished month is built
    month, months = DEC, []
    while month < today.replace(day=1):
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    monthly_figures_refresh(months=months)
    # then to date reads the table (December whole, although the record begins on 12-20) and
    # counts only what lies outside it: this month's days
    with django_assert_max_num_queries(6):
        built = rollup(period_cube(to_date, today), None)[None]
    assert {k: built[k] for k in PETITION_FIGURES} == {k: live["to_date"][k] for k in PETITION_FIGURES}
    # a custom range: January from the table, the edge days counted, the same totals
    built = rollup(period_cube(custom, today), None)[None]
    assert {k: built[k] for k in PETITION_FIGURES} == {k: live["custom"][k] for k in PETITION_FIGURES}


def _count_live_cubes(monkeypatch) -> list:
    """The periods petition_cube counts live from now on, as (start, end)."""
    from stats.selectors import aggregates

    counted = []
    real = aggregates.petition_cube

    def spy(f, day, *args, **kwargs):
        counted.append((f.start, f.end))
        return real(f, day, *args, **kwargs)

    monkeypatch.setattr(aggregates, "petition_cube", spy)
    return counted


def test_a_to_date_dashboard_counts_today_live_once_for_the_period_and_its_trend(history, monkeypatch):
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stats.filters import PeriodKind
    from tests.stats.conftest import TZ, at, make_petition

    with time_machine.travel(datetime.datetime(2026, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        make_petition(created=at(2, 10, 9), workstation=history.a, category=history.noise, status="received")
        today = datetime.date(2026, 2, 10)
        monthly_figures_sweep(history_months=12)  # the trend's eleven months before February
        counted = _count_live_cubes(monkeypatch)
        with CaptureQueriesContext(connection) as queries:
            f = period((datetime.date(2025, 12, 1), today), kind=PeriodKind.TO_DATE)
            data = selectors.dashboard(f, today=today)

    # today is counted live once, and February's built days read once: the period's total and
    # the trend's February both take them
    assert counted == [(today, today)]
    assert sum('"stats_dailyfigure"' in q["sql"] for q in queries.captured_queries) == 1
    # and the department rows once, for the on-time figures and the grades together
    assert sum('"stats_monthlydepartmentfigure"' in q["sql"] for q in queries.captured_queries) == 1
    assert data["trend"][-1]["collected"] == data["summary"]["collected"] - sum(
        row["collected"] for row in data["trend"][:-1] if row["month"] >= datetime.date(2025, 12, 1)
    )


def test_the_current_months_page_reads_its_trend_bar_from_its_own_counts(history, monkeypatch):
    import time_machine

    from tests.stats.conftest import TZ, at, make_petition

    with time_machine.travel(datetime.datetime(2026, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        make_petition(created=at(2, 10, 9), workstation=history.a, category=history.noise, status="received")
        today = datetime.date(2026, 2, 10)
        monthly_figures_sweep(history_months=3)
        counted = _count_live_cubes(monkeypatch)
        # the month's page: from the 1st to today
        data = selectors.dashboard(period((datetime.date(2026, 2, 1), today)), today=today)

    assert counted == [(today, today)]
    february = data["trend"][-1]
    assert {k: february[k] for k in ("collected", "handled", "solved")} == {
        k: data["summary"][k] for k in ("collected", "handled", "solved")
    }
