"""The one write of the statistics: rebuilding the monthly table the trend reads for finished
months. Everything else in this app only reads."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from members.models import Member
from petitions.models import Petition, PetitionEvent
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltDay, BuiltMonth, DailyFigure, MonthlyFigure
from stats.selectors import figures


def _month(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def current_month(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


def _rows(model, field: str, value: datetime.date, cube: dict, sectors: dict) -> list:
    return [
        model(
            **{field: value}, category_id=key[0], workstation_id=key[1], member_id=key[2],
            sector_id=sectors.get(key[2]), channel=key[3], **counts,
        )
        for key, counts in cube.items()
    ]  # fmt: skip


@transaction.atomic
def monthly_figures_refresh(*, months: list[datetime.date]) -> int:
    """Rebuild MonthlyFigure for these finished months (the current month and later are skipped:
    they are always counted live) with `petition_cube`, the function the live dashboard uses.
    Returns the number of rows written. Idempotent."""
    from stats.selectors.aggregates import TABLE_KEYS, petition_cube

    today = timezone.localdate()
    this_month = current_month(today)
    months = sorted({m.replace(day=1) for m in months if m.replace(day=1) < this_month})
    if not months:
        return 0
    sectors = dict(Member.objects.values_list("pk", "sector_id"))
    rows = []
    for month in months:
        cube = petition_cube(StatsFilter(start=month, end=month_bounds(month)[1]), today, keys=TABLE_KEYS)
        rows.extend(_rows(MonthlyFigure, "month", month, cube, sectors))
    MonthlyFigure.objects.filter(month__in=months).delete()
    MonthlyFigure.objects.bulk_create(rows, batch_size=5000)
    now = timezone.now()
    for month in months:
        BuiltMonth.objects.update_or_create(month=month, defaults={"built_at": now})
    return len(rows)


@transaction.atomic
def daily_figures_refresh(*, days: list[datetime.date]) -> int:
    """Rebuild DailyFigure for these past days of the current month (today is always live)."""
    from stats.selectors.aggregates import TABLE_KEYS, petition_cube

    today = timezone.localdate()
    days = sorted({d for d in days if current_month(today) <= d < today})
    if not days:
        return 0
    sectors = dict(Member.objects.values_list("pk", "sector_id"))
    rows = []
    for day in days:
        cube = petition_cube(StatsFilter(start=day, end=day), today, keys=TABLE_KEYS)
        rows.extend(_rows(DailyFigure, "day", day, cube, sectors))
    DailyFigure.objects.filter(day__in=days).delete()
    DailyFigure.objects.bulk_create(rows, batch_size=5000)
    now = timezone.now()
    for day in days:
        BuiltDay.objects.update_or_create(day=day, defaults={"built_at": now})
    return len(rows)


def figures_rebuild_for_dates(*, dates) -> int:
    """Rebuild the finished months and the past days of this month that these dates fall in (the
    history import's petitions count at once, not after the sweep's next pass)."""
    today = timezone.localdate()
    this_month = current_month(today)
    months = {d.replace(day=1) for d in dates if d < this_month}
    days = {d for d in dates if this_month <= d < today}
    return monthly_figures_refresh(months=list(months)) + daily_figures_refresh(days=list(days))


def dates_touched_since(since: datetime.datetime, trunc) -> set[datetime.date]:
    """The months (trunc=TruncMonth) or days (TruncDate) whose figures count the petitions with
    events since `since`: a reply, a close, a rating, a reopening, a merge, spam, a new category
    or member all show up as an event."""
    petitions = PetitionEvent.objects.filter(created_at__gte=since).values("petition_id")
    touched: set = set()
    for field in ("created_at", "replied_at", "closed_at", "rated_at"):
        touched |= {
            _month(m)
            for m in Petition.objects.filter(pk__in=petitions, **{f"{field}__isnull": False})
            .annotate(m=trunc(field))
            .values_list("m", flat=True)
            .distinct()
        }
    # Proposals filed from those petitions count on the date they were submitted.
    touched |= {
        _month(m)
        for m in figures.PetitionProposal.objects.filter(petition__in=petitions)
        .filter(~Q(proposal__submitted_at=None))
        .annotate(m=trunc("proposal__submitted_at"))
        .values_list("m", flat=True)
        .distinct()
    }
    return touched


def months_touched_since(since: datetime.datetime) -> set[datetime.date]:
    return dates_touched_since(since, TruncMonth)


def monthly_figures_sweep(*, lookback_minutes: int = 5, history_months: int = 24) -> int:
    """What the beat runs every minute: rebuild the finished months and the past days of this
    month that recent events touched, and any not built yet. The lookback overlaps the schedule,
    so a late or skipped run loses nothing. First-response deadlines pass with no event (an
    unanswered petition turns overdue), so the last five days, and last month during the first
    ten days of this one, are rebuilt every ten minutes as well."""
    today = timezone.localdate()
    now = timezone.now()
    stale = now - datetime.timedelta(minutes=10)
    since = now - datetime.timedelta(minutes=lookback_minutes)
    this_month = current_month(today)
    wanted, month = [], this_month
    for _ in range(history_months):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        wanted.append(month)
    built = dict(BuiltMonth.objects.filter(month__in=wanted).values_list("month", "built_at"))
    months = {m for m in wanted if m not in built}
    previous = wanted[0] if wanted else None
    if previous in built and today.day <= 10 and built[previous] < stale:
        months.add(previous)
    months |= months_touched_since(since)
    written = monthly_figures_refresh(months=list(months))

    # Day rows of earlier months are no longer read (their month is); keep the table small.
    DailyFigure.objects.filter(day__lt=this_month).delete()
    BuiltDay.objects.filter(day__lt=this_month).delete()
    past_days = [this_month + datetime.timedelta(days=n) for n in range((today - this_month).days)]
    built_days = dict(BuiltDay.objects.filter(day__in=past_days).values_list("day", "built_at"))
    days = {d for d in past_days if d not in built_days}
    days |= {d for d in past_days[-5:] if d in built_days and built_days[d] < stale}
    days |= dates_touched_since(since, TruncDate)
    return written + daily_figures_refresh(days=list(days))
