"""Working days (工作日) of the Chinese calendar: weekends off, statutory holidays off, make-up working
days (调休) on. Sources in order: days staff entered (CalendarDay), the chinesecalendar package for
the years it knows, then plain weekends (and the caller can ask whether that fallback was used)."""

import datetime
import logging
from functools import lru_cache

import chinese_calendar

from common.cache_generations import generation_cached
from common.models import CalendarDay

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _package_years() -> tuple[int, int]:
    known = {day.year for day in chinese_calendar.holidays} | {day.year for day in chinese_calendar.workdays}
    return min(known), max(known)


def year_is_known(year: int) -> bool:
    """True when the official schedule of that year is known (from the package or from staff)."""
    first, last = _package_years()
    if first <= year <= last:
        return True
    return CalendarDay.objects.filter(date__year=year, is_workday=False).exclude(note="").exists()


# The override rows of a date window are kept in the cache for a minute: every intake computes a
# deadline, and the rows change a few times a year. Saving or deleting a CalendarDay starts a new
# generation of keys (common.cache_generations, connected in CommonConfig.ready), so an edit
# applies at once in this process and, when the cache is shared (Redis), in every process; with a
# per-process cache (locmem) the other processes see it within OVERRIDES_TIMEOUT seconds.
OVERRIDES_TIMEOUT = 60
OVERRIDES_GENERATION = "calendar-overrides"


def _overrides_key(start: datetime.date, end: datetime.date) -> str:
    return f"calendar:overrides:{start.isoformat()}:{end.isoformat()}"


def _first_window_end(start: datetime.date, days: int) -> datetime.date:
    # The override rows of the window add_working_days may walk through (holidays are < 10 days).
    return start + datetime.timedelta(days=days * 2 + 30)


def add_working_days_cache_entry(start: datetime.date, days: int) -> tuple[str, str]:
    """The cached entry add_working_days(start, days) reads first, for generation_read_ahead."""
    return OVERRIDES_GENERATION, _overrides_key(start, _first_window_end(start, days))


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    rows = generation_cached(
        OVERRIDES_GENERATION,
        _overrides_key(start, end),
        lambda: dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday")),
        OVERRIDES_TIMEOUT,
    )
    return dict(rows)


def _is_workday(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    first, last = _package_years()
    if first <= day.year <= last:
        return chinese_calendar.is_workday(day)
    _warn_weekend_fallback(day.year)
    return day.weekday() < 5


@lru_cache(maxsize=16)
def _warn_weekend_fallback(year: int) -> None:
    # Once per process and year; the admin and the dashboard show it for good (unknown_years).
    logger.warning("working days of %s counted by weekends only: no holiday schedule from the package", year)


def is_workday(day: datetime.date) -> bool:
    return _is_workday(day, _overrides(day, day))


def workdays_in(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """{day: is a working day} for every day from `start` to `end`, in one read of the overrides."""
    overrides = _overrides(start, end)
    days = (start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1))
    return {day: _is_workday(day, overrides) for day in days}


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted).

    A case received on a Friday with a one-working-day deadline is due on Monday; received on
    30 September 2026 it is due on 8 October, after the National Day holiday (1–7 October), and
    with three working days on Saturday 10 October, a make-up working day (调休).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    # One query for the override rows of the window we may walk through.
    window_end = _first_window_end(start, days)
    overrides = _overrides(start, window_end)
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if day > window_end:
            window_end = day + datetime.timedelta(days=60)
            overrides |= _overrides(day, window_end)
        if _is_workday(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if _is_workday(day, overrides):
            count += 1
    return count


def subtract_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days before `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    window_start = start - datetime.timedelta(days=days * 2 + 30)
    overrides = _overrides(window_start, start)
    day = start
    remaining = days
    while remaining:
        day -= datetime.timedelta(days=1)
        if day < window_start:
            window_start = day - datetime.timedelta(days=60)
            overrides |= _overrides(window_start, day)
        if _is_workday(day, overrides):
            remaining -= 1
    return day


def unknown_years(*, today: datetime.date, ahead: int = 1) -> list[int]:
    """The years from this one to `ahead` years on whose official holiday schedule we know nothing
    (neither the calendar package nor staff-entered days): deadlines there count only weekends.
    The dashboard and the admin show a warning while this is not empty."""
    return [year for year in range(today.year, today.year + ahead + 1) if not year_is_known(year)]
