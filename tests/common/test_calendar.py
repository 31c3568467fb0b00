import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.calendar import (
    add_working_days,
    is_workday,
    subtract_working_days,
    unknown_years,
    working_days_between,
    year_is_known,
)
from common.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # National Day 2026: 1-7 October off; Saturday 10 October is a make-up working day (调休).
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # received during the holiday
        # Sunday 20 September 2026 is a make-up working day too.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # Spring Festival 2026: 15-23 February off, Saturdays 14 and 28 February worked.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 13), 10, D(2026, 3, 5)),  # 14, 24-28 Feb (28th a Saturday), 2-5 Mar
        # Plain weeks: Friday + 1 is Monday.
        (D(2026, 11, 27), 1, D(2026, 11, 30)),
        (D(2026, 11, 27), 15, D(2026, 12, 18)),
    ],
)
def test_working_days_follow_the_chinese_calendar(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days


def test_make_up_days_are_workdays_and_holidays_are_not():
    assert is_workday(D(2026, 10, 10)) is True  # Saturday, 调休
    assert is_workday(D(2026, 10, 5)) is False  # Monday, National Day
    assert is_workday(D(2026, 10, 11)) is False  # Sunday


def test_into_2027_without_a_schedule_only_weekends_count_and_that_is_said():
    # given: nobody has entered 2027's official holidays
    # then: New Year's Day 2027 (a Friday) counts as a working day, and 2027 is reported unknown
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert year_is_known(2027) is False
    assert unknown_years(today=D(2026, 11, 26)) == [2027]


def test_into_2027_with_days_entered_by_staff():
    # given: staff entered the 2027 New Year holiday and a make-up Saturday
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    CalendarDay.objects.create(date=D(2027, 1, 2), is_workday=False, note="元旦")
    CalendarDay.objects.create(date=D(2027, 1, 9), is_workday=True, note="元旦调休上班")

    # then
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 31), 5) == D(2027, 1, 8)
    assert add_working_days(D(2026, 12, 31), 6) == D(2027, 1, 9)
    assert subtract_working_days(D(2027, 1, 4), 1) == D(2026, 12, 31)
    assert unknown_years(today=D(2026, 11, 26)) == []


def test_a_local_day_off_entered_by_staff_wins_over_the_package():
    CalendarDay.objects.create(date=D(2026, 12, 1), is_workday=False, note="本地停工")

    assert add_working_days(D(2026, 11, 30), 1) == D(2026, 12, 2)


def test_subtracting_crosses_holidays_backwards():
    assert subtract_working_days(D(2026, 10, 8), 1) == D(2026, 9, 30)
    assert subtract_working_days(D(2026, 10, 12), 2) == D(2026, 10, 9)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="days must not be negative"):
        add_working_days(D(2026, 1, 5), -1)


dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=dates, days=st.integers(min_value=1, max_value=40))
def test_property_the_result_is_a_workday_counted_exactly(start, days):
    due = add_working_days(start, days)
    assert is_workday(due)
    assert due > start
    assert working_days_between(start, due) == days
    assert subtract_working_days(due, days) <= start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=dates, days=st.integers(min_value=0, max_value=40))
def test_property_monotonic_in_the_number_of_days(start, days):
    assert add_working_days(start, days) < add_working_days(start, days + 1)


def test_counting_by_weekends_only_is_logged(caplog):
    from common.calendar import _warn_weekend_fallback

    _warn_weekend_fallback.cache_clear()
    with caplog.at_level("WARNING", logger="common.calendar"):
        add_working_days(D(2030, 3, 1), 3)

    assert [r.getMessage() for r in caplog.records] == [
        "working days of 2030 counted by weekends only: no holiday schedule from the package"
    ]


def test_cached_overrides_follow_a_staff_edit_at_once(django_assert_num_queries):
    # given a deadline worked out once (its override rows now in the cache)
    assert add_working_days(D(2026, 11, 30), 1) == D(2026, 12, 1)
    with django_assert_num_queries(0):
        assert add_working_days(D(2026, 11, 30), 1) == D(2026, 12, 1)

    # when staff declare 1 December a day off, then take it back
    day = CalendarDay.objects.create(date=D(2026, 12, 1), is_workday=False, note="本地停工")
    after_create = add_working_days(D(2026, 11, 30), 1)
    day.delete()
    after_delete = add_working_days(D(2026, 11, 30), 1)

    # then each answer follows the rows as they are, not the cached copy
    assert after_create == D(2026, 12, 2)
    assert after_delete == D(2026, 12, 1)
