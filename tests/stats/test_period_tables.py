"""The figures that do not add up (median time to first response, the departments' hand-offs, the
projects) read from their period tables equal the live definitions: over a month, a quarter, a
period crossing months, to date and a custom range, at each level of the workstation tree."""

import datetime
import statistics

import pytest
import time_machine
from django.utils import timezone

from petitions.models import Consultation
from stats import selectors
from stats.filters import PeriodKind
from stats.models import BuiltBlock, BuiltMonth, DailyResponseWait, MonthlyDepartmentFigure, MonthlyResponseWait
from stats.selectors import figures
from stats.selectors.tables import period_plan, wait_tenths, wait_tenths_median
from stats.services import monthly_figures_refresh, monthly_figures_sweep
from tests import factories
from tests.stats.conftest import FEBRUARY, JANUARY, TZ, at, make_petition, period

pytestmark = pytest.mark.django_db

DEC, JAN, FEB = datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


def _build_every_finished_month():
    month, months = datetime.date(2025, 11, 1), []
    while month < timezone.localdate().replace(day=1):
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    monthly_figures_refresh(months=months)


def _odd_waits(history):
    """Waits that are no whole tenth of an hour, one exactly half way (3 minutes: rounds up)."""
    for day, minutes in ((8, 37), (9, 182), (13, 3), (14, 1441), (21, 59)):
        created = at(1, day, 9)
        make_petition(
            created=created, workstation=history.b, category=history.water, status="assigned",
            first_response_due=datetime.date(2026, 1, day + 1),
            first_responded_at=created + datetime.timedelta(minutes=minutes, seconds=0),
        )  # fmt: skip


def _exact_median(f) -> float | None:
    """The definition, one petition at a time: the median of the waits rounded to 0.1 h."""
    waits = [
        wait_tenths(responded - created)
        for created, responded in figures.first_responded_petitions(f).values_list("created_at", "first_responded_at")
    ]
    return round(statistics.median(waits) / 10, 1) if waits else None


def _figures(f, today):
    data = selectors.dashboard(f, today=today)
    s = data["summary"]
    return {
        "median": s["median_first_response_hours"],
        "projects": s["projects"],
        "handoffs": (s["handoffs_due"], s["handoffs_on_time"], s["department_on_time_rate"]),
        "dashboard": data,  # everything else too: the cube read from years, quarters and months
    }


def _periods(history, today):
    first = datetime.date(2025, 12, 20)
    return {
        "january": period(JANUARY),
        "quarter": period((datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)), kind=PeriodKind.QUARTER),
        "crossing months": period((datetime.date(2025, 12, 25), datetime.date(2026, 2, 10)), kind=PeriodKind.CUSTOM),
        # most of January: the month read whole, its first three days and (or) last three taken away
        "from the 4th of january": period(
            (datetime.date(2026, 1, 4), datetime.date(2026, 2, 10)), kind=PeriodKind.CUSTOM
        ),
        "january to the 28th": period((datetime.date(2026, 1, 1), datetime.date(2026, 1, 28)), kind=PeriodKind.CUSTOM),
        "inside january": period((datetime.date(2026, 1, 4), datetime.date(2026, 1, 28)), kind=PeriodKind.CUSTOM),
        "inside january, a workstation": period(
            (datetime.date(2026, 1, 4), datetime.date(2026, 1, 28)),
            kind=PeriodKind.CUSTOM,
            workstation_ids=frozenset({history.a.pk}),
        ),
        "to date": period((first, today), kind=PeriodKind.TO_DATE),
        "to date, district": period(
            (first, today), kind=PeriodKind.TO_DATE, workstation_ids=frozenset({history.district.pk, history.a.pk})
        ),
        "to date, one workstation": period(
            (first, today), kind=PeriodKind.TO_DATE, workstation_ids=frozenset({history.b.pk})
        ),
        "to date, two unrelated": period(
            (first, today), kind=PeriodKind.TO_DATE, workstation_ids=frozenset({history.a.pk, history.b.pk})
        ),
        "january, economy sector": period(JANUARY, sector_id=history.economy.pk),
        "to date, water": period((first, today), kind=PeriodKind.TO_DATE, category_id=history.water.pk),
        "to date, online": period((first, today), kind=PeriodKind.TO_DATE, channel="online"),
        "january, a department": period(JANUARY, department_id=history.zhujian.pk),
    }


def test_the_median_from_the_wait_histogram_is_the_median_of_the_rounded_waits():
    assert wait_tenths_median({}) is None
    assert wait_tenths_median({40: 1}) == 4.0
    assert wait_tenths_median({40: 1, 20: 1}) == 3.0  # the mean of the two middle waits
    assert wait_tenths_median({7: 2, 30: 1, 31: 1, 500: 3}) == 3.1
    # a wait rounds to the nearest tenth of an hour, exactly half way up
    assert wait_tenths(datetime.timedelta(minutes=2, seconds=59, microseconds=999999)) == 0
    assert wait_tenths(datetime.timedelta(minutes=3)) == 1
    assert wait_tenths(datetime.timedelta(hours=24, minutes=1)) == 240


def test_every_period_from_the_tables_equals_the_live_figures(history):
    # given odd waits beside the history's whole hours, and every figure counted live
    _odd_waits(history)
    today = timezone.localdate()
    periods = _periods(history, today)
    live = {name: _figures(f, today) for name, f in periods.items()}
    for name, f in periods.items():
        assert live[name]["median"] == _exact_median(f), name
    # January: 0.1 0.6 1.0 1.0 2.0 | 3.0 4.0 12.0 24.0 48.0 h; b alone: 0.1 0.6 1.0 | 2.0 3.0 24.0 h
    assert live["january"]["median"] == 2.5
    assert live["to date, one workstation"]["median"] == 1.5
    # when every finished month is built
    _build_every_finished_month()
    assert MonthlyResponseWait.objects.filter(month=JAN).exists()
    assert MonthlyDepartmentFigure.objects.filter(month=JAN).exists()
    # this year's finished quarters are blocks of their own
    assert BuiltBlock.objects.filter(start=datetime.date(2026, 4, 1), months=3).exists()
    # then every period reads the tables and shows the same figures
    for name, f in periods.items():
        assert period_plan(f, today).months, name
        assert _figures(f, today) == live[name], name
    # the edge months held mostly are read whole, less the few days outside the period
    assert period_plan(periods["inside january"], today).minus == (
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 3)),
        (datetime.date(2026, 1, 29), datetime.date(2026, 1, 31)),
    )
    assert period_plan(periods["inside january"], today).live == ()
    assert period_plan(periods["crossing months"], today).minus == ()  # 7 of December's days: live


def test_a_median_straddling_two_waits_and_the_unrounded_median(history):
    # the rounded waits' median is within one displayed step of the unrounded one
    _odd_waits(history)
    f = period(JANUARY)
    raw = sorted(
        (b - a).total_seconds() / 3600
        for a, b in figures.first_responded_petitions(f).values_list("created_at", "first_responded_at")
    )
    _build_every_finished_month()
    shown = selectors.summary(f, today=timezone.localdate())["median_first_response_hours"]
    assert shown == _exact_median(f)
    assert abs(shown - statistics.median(raw)) <= 0.1


def test_the_whole_install_and_a_district_read_one_histogram_per_month(history, django_assert_max_num_queries):
    _odd_waits(history)
    _build_every_finished_month()
    # the district's rows count a (below it) too; the whole install's count everything
    january = MonthlyResponseWait.objects.filter(month=JAN, subtree=True)
    assert sum(january.filter(workstation_id=0).values_list("petitions", flat=True)) == 10
    assert sum(january.filter(workstation_id=history.district.pk).values_list("petitions", flat=True)) == 4
    today = timezone.localdate()
    f = period((datetime.date(2025, 12, 20), today), kind=PeriodKind.TO_DATE)
    plan = period_plan(f, today)
    # the tree, one table read (the months), the current month's live rest
    with django_assert_max_num_queries(4):
        assert selectors.median_first_response_hours(f, today=today, plan=plan) == _exact_median(f)


def _consult(history, due, answered=None):
    """住建局 consulted on p3, due `due`, answered at `answered` (else pending)."""
    Consultation.objects.create(
        petition=history.p["p3"], department=history.zhujian, question="?", asked_by=history.member_a,
        status="answered" if answered else "pending", due_date=due, answer="好" if answered else "",
        answered_at=answered,
    )  # fmt: skip


def test_the_current_month_from_its_built_days_and_today_live(history):
    # given 2026-02-10 as today, a petition answered on 02-03 (built day) and one today (live),
    # a consultation due on 02-06 answered late and one due today not yet answered
    with time_machine.travel(datetime.datetime(2026, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        today = datetime.date(2026, 2, 10)
        for created, minutes in ((at(2, 3, 9), 95), (at(2, 10, 9), 20)):
            make_petition(
                created=created, workstation=history.a, category=history.noise, status="assigned",
                first_response_due=created.date() + datetime.timedelta(days=1),
                first_responded_at=created + datetime.timedelta(minutes=minutes),
            )  # fmt: skip
        for due, answered in ((datetime.date(2026, 2, 6), at(2, 9, 9)), (today, None)):
            _consult(history, due, answered)
        f = period(FEBRUARY)
        live = _figures(f, today)
        # when the sweep builds the past months and February's past days
        monthly_figures_sweep(history_months=3)
        assert DailyResponseWait.objects.filter(day=datetime.date(2026, 2, 3)).exists()
        # then the month, read from the days and today live, is the live one
        assert period_plan(f, today).days
        assert _figures(f, today) == live
        assert live["handoffs"] == (2, 0, 0.0)  # c1 late, the 02-06 one late; today's is not settled


def test_a_hand_off_answered_early_is_read_from_its_day_ahead_until_that_day_is_over(history):
    from stats.models import BuiltDay, DailyDepartmentFigure

    f = period(FEBRUARY)
    # given 2026-02-10 as today: a consultation due 02-20 answered yesterday, one due 02-24 pending
    with time_machine.travel(datetime.datetime(2026, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        today = datetime.date(2026, 2, 10)
        _consult(history, datetime.date(2026, 2, 20), at(2, 9, 9))
        _consult(history, datetime.date(2026, 2, 24))
        live = _figures(f, today)
        # when the sweep builds February's days, those ahead too
        monthly_figures_sweep(history_months=3)
        ahead = DailyDepartmentFigure.objects.get(day=datetime.date(2026, 2, 20))
        assert (ahead.due, ahead.on_time, ahead.answered) == (1, 1, 1)
        # then only today is counted live, and the month reads as it did
        assert period_plan(f, today).live == ((today, today),)
        assert _figures(f, today) == live
        assert live["handoffs"][:2] == (2, 1)  # c1 late (January's p3), the early answer on time
    # given 02-25: the 02-24 consultation is overdue, and its day was built while ahead
    with time_machine.travel(datetime.datetime(2026, 2, 25, 9, 0, tzinfo=TZ), tick=False):
        today = datetime.date(2026, 2, 25)
        stale_day = datetime.date(2026, 2, 24)
        assert BuiltDay.objects.filter(day=stale_day).exists()
        # then the day is counted live until the sweep rebuilds it, and the figures agree
        assert stale_day not in period_plan(f, today).days
        live = _figures(f, today)
        assert live["handoffs"][:2] == (3, 1)
        monthly_figures_sweep(history_months=3)
        assert stale_day in period_plan(f, today).days
        assert _figures(f, today) == live


def test_a_late_answer_rebuilds_the_month_it_fell_due_in(history):
    # given January built: 住建局 has a2 overdue and c2 on time
    monthly_figures_refresh(months=[DEC, JAN, FEB])
    f = period(JANUARY, department_id=history.zhujian.pk)
    before = selectors.by_department(period(JANUARY), today=timezone.localdate())
    assert [(r["name"], r["due"], r["on_time"]) for r in before] == [("城管局", 1, 1), ("住建局", 2, 1)]
    # when a consultation due in January turns up now, unanswered (overdue)
    consultation = Consultation.objects.create(
        petition=history.p["p2"],
        department=history.zhujian,
        question="?",
        asked_by=history.member_a,
        status="pending",
        due_date=datetime.date(2026, 1, 22),
    )
    monthly_figures_sweep(history_months=0)
    # then January's department row counts it
    after = selectors.by_department(period(JANUARY), today=timezone.localdate())
    assert [(r["name"], r["due"], r["on_time"]) for r in after] == [("城管局", 1, 1), ("住建局", 3, 1)]
    assert selectors.summary(f, today=timezone.localdate())["handoffs_due"] == 3
    assert consultation.pk


def test_projects_from_the_table_by_author_and_sector(history):
    _build_every_finished_month()
    today = timezone.localdate()
    to_date = (datetime.date(2025, 12, 20), today)
    assert selectors.summary(period(to_date, kind=PeriodKind.TO_DATE), today=today)["projects"] == 1
    assert selectors.summary(period(to_date, sector_id=history.economy.pk), today=today)["projects"] == 1
    assert selectors.summary(period(to_date, sector_id=history.education.pk), today=today)["projects"] == 0
    assert selectors.summary(period(to_date, member_id=history.member_a.pk), today=today)["projects"] == 1
    other = factories.WorkstationFactory()
    assert selectors.summary(period(to_date, workstation_ids=frozenset({other.pk})), today=today)["projects"] == 0


def test_the_beat_builds_a_few_missing_months_a_run_the_latest_first(history):
    # given nothing built (as after the migration that makes the period tables)
    today = timezone.localdate()
    last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    # when the beat's sweep runs with its cap
    monthly_figures_sweep(history_months=6, max_missing=2)
    # then the two latest finished months are built, the rest waits for the next runs
    before_last = (last - datetime.timedelta(days=1)).replace(day=1)
    assert set(BuiltMonth.objects.values_list("month", flat=True)) >= {last, before_last}
    # (January and February join them: the history's hand-offs were written a moment ago)
    assert not BuiltMonth.objects.filter(month__gt=FEB, month__lt=before_last).exists()


def test_a_whole_built_year_is_read_from_the_yearly_tables_and_equals_the_live_figures(history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stats.models import YearlyDepartmentFigure, YearlyResponseWait

    _odd_waits(history)
    # given 2027-02-10 as today: 2026 is a finished year
    with time_machine.travel(datetime.datetime(2027, 2, 10, 15, 0, tzinfo=TZ), tick=False):
        today = datetime.date(2027, 2, 10)
        f = period((datetime.date(2025, 12, 20), today), kind=PeriodKind.TO_DATE)
        live = _figures(f, today)
        # when every finished month is built, 2026 with its yearly rows
        _build_every_finished_month()
        year = datetime.date(2026, 1, 1)
        assert YearlyResponseWait.objects.filter(year=year, subtree=True, workstation_id=0).exists()
        assert YearlyDepartmentFigure.objects.filter(year=year).exists()
        # then to date reads 2026 from the yearly tables, and every figure is the live one
        with CaptureQueriesContext(connection) as queries:
            from_tables = _figures(f, today)
        read = " ".join(q["sql"] for q in queries.captured_queries)
        assert '"stats_yearlyresponsewait"' in read
        assert '"stats_yearlydepartmentfigure"' in read
        assert from_tables == live
        assert live["median"] is not None
        assert live["handoffs"][0] > 0
