"""The one write of the statistics: rebuilding the monthly table the trend reads for finished
months. Everything else in this app only reads."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from members.models import Member
from petitions.models import Petition, PetitionEvent
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltMonth, MonthlyFigure
from stats.selectors import figures


def _month(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def current_month(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


@transaction.atomic
def monthly_figures_refresh(*, months: list[datetime.date]) -> int:
    """Rebuild MonthlyFigure for these finished months (the current month and later are skipped:
    they are always counted live) with `petition_cube`, the function the live dashboard uses.
    Returns the number of rows written. Idempotent."""
    from stats.selectors.aggregates import petition_cube

    today = timezone.localdate()
    this_month = current_month(today)
    months = sorted({m.replace(day=1) for m in months if m.replace(day=1) < this_month})
    if not months:
        return 0
    sectors = dict(Member.objects.values_list("pk", "sector_id"))
    rows = []
    for month in months:
        cube = petition_cube(StatsFilter(start=month, end=month_bounds(month)[1]), today)
        rows.extend(
            MonthlyFigure(
                month=month, category_id=key[0], workstation_id=key[1], member_id=key[2],
                sector_id=sectors.get(key[2]), channel=key[3], **counts,
            )
            for key, counts in cube.items()
        )  # fmt: skip
    MonthlyFigure.objects.filter(month__in=months).delete()
    MonthlyFigure.objects.bulk_create(rows, batch_size=5000)
    now = timezone.now()
    for month in months:
        BuiltMonth.objects.update_or_create(month=month, defaults={"built_at": now})
    return len(rows)


def months_touched_since(since: datetime.datetime) -> set[datetime.date]:
    """The months whose figures the petitions with events since `since` count in: a reply, a
    close, a reopening, a merge, spam, a new category or member all show up as an event."""
    petitions = PetitionEvent.objects.filter(created_at__gte=since).values("petition_id")
    touched: set = set()
    for field in ("created_at", "replied_at", "closed_at"):
        touched |= {
            _month(m)
            for m in Petition.objects.filter(pk__in=petitions, **{f"{field}__isnull": False})
            .annotate(m=TruncMonth(field))
            .values_list("m", flat=True)
            .distinct()
        }
    # Proposals filed from those petitions count in the month they were submitted.
    touched |= {
        _month(m)
        for m in figures.PetitionProposal.objects.filter(petition__in=petitions)
        .filter(~Q(proposal__submitted_at=None))
        .annotate(m=TruncMonth("proposal__submitted_at"))
        .values_list("m", flat=True)
        .distinct()
    }
    return touched


def monthly_figures_sweep(*, lookback_minutes: int = 5, history_months: int = 24) -> int:
    """What the beat runs every minute: rebuild the finished months that recent events touched,
    and any of the last `history_months` not built yet. The lookback overlaps the schedule, so a
    late or skipped run loses nothing."""
    this_month = current_month()
    wanted, month = [], this_month
    for _ in range(history_months):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        wanted.append(month)
    built = dict(BuiltMonth.objects.filter(month__in=wanted).values_list("month", "built_at"))
    months = {m for m in wanted if m not in built}
    # The last month's first-response deadlines run into this month: an unanswered petition
    # turns overdue with no event. Rebuild that month every ten minutes for its first ten days.
    now = timezone.now()
    previous = wanted[0] if wanted else None
    if previous in built and timezone.localdate().day <= 10 and now - built[previous] > datetime.timedelta(minutes=10):
        months.add(previous)
    months |= months_touched_since(timezone.now() - datetime.timedelta(minutes=lookback_minutes))
    return monthly_figures_refresh(months=list(months))
