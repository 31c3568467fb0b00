"""The one write of the statistics: rebuilding the monthly table the trend reads for finished
months. Everything else in this app only reads."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from members.models import Member
from petitions.models import Petition, PetitionEvent
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltMonth, MonthlyFigure
from stats.selectors import figures

KEYS = ("workstation_id", "category_id", "assigned_member_id", "channel")


def _month(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def current_month(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


@transaction.atomic
def monthly_figures_refresh(*, months: list[datetime.date]) -> int:
    """Rebuild MonthlyFigure for these finished months (the current month and later are skipped:
    they are always counted live). Returns the number of rows written. Idempotent."""
    this_month = current_month()
    months = sorted({m.replace(day=1) for m in months if m.replace(day=1) < this_month})
    if not months:
        return 0
    rows: dict = defaultdict(lambda: {"collected": 0, "handled": 0, "solved": 0})
    for month in months:
        f = StatsFilter(start=month, end=month_bounds(month)[1])
        counted = figures.counted_petitions(f)
        for figure, qs in (
            ("collected", counted.filter(figures.collected_q(f))),
            ("handled", counted.filter(figures.handled_by_reply_q(f))),
            ("solved", counted.filter(figures.solved_q(f))),
        ):
            for row in qs.values(*KEYS).order_by().annotate(n=Count("pk")):
                rows[(month, *(row[k] for k in KEYS))][figure] += row["n"]
        proposed = (
            figures.proposals_submitted_in(f)
            .filter(petition__track=figures.Track.PROPOSE, petition__merged_into__isnull=True)
            .exclude(petition__status=figures.Status.SPAM)
            .values(*(f"petition__{k}" for k in KEYS))
            .order_by()
            .annotate(n=Count("petition_id", distinct=True))
        )
        for row in proposed:
            rows[(month, *(row[f"petition__{k}"] for k in KEYS))]["handled"] += row["n"]
    sectors = dict(Member.objects.values_list("pk", "sector_id"))
    MonthlyFigure.objects.filter(month__in=months).delete()
    MonthlyFigure.objects.bulk_create(
        [
            MonthlyFigure(
                month=key[0], workstation_id=key[1], category_id=key[2], member_id=key[3],
                sector_id=sectors.get(key[3]), channel=key[4], **counts,
            )
            for key, counts in rows.items()
        ],
        batch_size=5000,
    )  # fmt: skip
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
    built = set(BuiltMonth.objects.filter(month__in=wanted).values_list("month", flat=True))
    months = {m for m in wanted if m not in built}
    months |= months_touched_since(timezone.now() - datetime.timedelta(minutes=lookback_minutes))
    return monthly_figures_refresh(months=list(months))
