"""The one write of the statistics: rebuilding the monthly table the trend reads for finished
months. Everything else in this app only reads."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import DateField, DateTimeField, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from members.models import Member
from petitions.models import Consultation, Petition, PetitionEvent
from proposals.models import Proposal, ProposalAssignment
from stats import models as tables_models
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltDay, BuiltMonth, DailyFigure, MonthlyFigure
from stats.selectors import figures
from stats.selectors.grades import GRADE_FIGURES, grade_rows
from stats.selectors.tables import HANDOFF_FIGURES, workstation_parents


def _month(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def current_month(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


def _extra_rows(kind: str, field: str, value: datetime.date, f: StatsFilter, today, sectors: dict, parents) -> dict:
    """The rows of the median's, the departments' and the projects' tables for one month or day
    (kind "Monthly" or "Daily"), from the live definitions in `stats.selectors.tables`."""
    from stats.selectors import tables

    waits = getattr(tables_models, f"{kind}ResponseWait")
    departments = getattr(tables_models, f"{kind}DepartmentFigure")
    projects = getattr(tables_models, f"{kind}ProjectFigure")
    grades = getattr(tables_models, f"{kind}GradeFigure")
    histogram = tables.wait_histogram(f)
    graded = grade_rows(f)
    return {
        waits: [
            waits(**{field: value}, workstation_id=ws, wait_tenths=tenths, petitions=n)
            for (ws, tenths), n in histogram.items()
        ]
        + [
            waits(**{field: value}, workstation_id=ws, subtree=True, wait_tenths=tenths, petitions=n)
            for (ws, tenths), n in tables.subtree_histograms(histogram, parents).items()
        ],
        departments: [
            departments(**{field: value}, department_id=department, workstation_id=ws, **counts)
            for (department, ws), counts in _department_rows(tables.handoff_rows(f, today), graded).items()
        ],
        projects: [
            projects(**{field: value}, workstation_id=ws, member_id=author, sector_id=sectors.get(author), projects=n)
            for (ws, author), n in tables.project_rows(f).items()
        ],
        grades: [
            grades(
                **{field: value}, department_id=department, workstation_id=ws, member_id=author, sector_id=sector,
                **counts,
            )
            for (department, ws, author, sector), counts in graded.items()
        ],
    }  # fmt: skip


def _department_rows(handoffs: dict, graded: dict) -> dict:
    """The hand-offs per (department, workstation) with the grades (per department, workstation,
    author and sector) summed in beside them."""
    rows = {key: {**counts, **dict.fromkeys(GRADE_FIGURES, 0)} for key, counts in handoffs.items()}
    for (department, ws, _author, _sector), counts in graded.items():
        target = rows.setdefault(
            (department, ws), {**dict.fromkeys(HANDOFF_FIGURES, 0), **dict.fromkeys(GRADE_FIGURES, 0)}
        )
        for name in GRADE_FIGURES:
            target[name] += counts[name]
    return rows


def _write_extra(rows: dict, lookup: dict) -> int:
    written = 0
    for model, objects in rows.items():
        model.objects.filter(**lookup).delete()
        model.objects.bulk_create(objects, batch_size=5000)
        written += len(objects)
    return written


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
    parents = workstation_parents()
    rows, extra = [], defaultdict(list)
    for month in months:
        f = StatsFilter(start=month, end=month_bounds(month)[1])
        cube = petition_cube(f, today, keys=TABLE_KEYS)
        rows.extend(_rows(MonthlyFigure, "month", month, cube, sectors))
        for model, objects in _extra_rows("Monthly", "month", month, f, today, sectors, parents).items():
            extra[model].extend(objects)
    MonthlyFigure.objects.filter(month__in=months).delete()
    MonthlyFigure.objects.bulk_create(rows, batch_size=5000)
    written = len(rows) + _write_extra(extra, {"month__in": months}) + trend_figures_refresh(months=months)
    now = timezone.now()
    for month in months:
        BuiltMonth.objects.update_or_create(month=month, defaults={"built_at": now})
    return written + figure_blocks_refresh(months=months, this_month=this_month)


def trend_figures_refresh(*, months: list[datetime.date]) -> int:
    """Rebuild MonthlyTrendFigure for these months from their MonthlyFigure rows."""
    from stats.models import MonthlyTrendFigure

    MonthlyTrendFigure.objects.filter(month__in=months).delete()
    sums = (
        MonthlyFigure.objects.filter(month__in=months)
        .values("month", "workstation_id", "category_id")
        .order_by()
        .annotate(collected=Sum("collected"), handled=Sum("handled"), solved=Sum("solved"))
    )
    rows = [MonthlyTrendFigure(**row) for row in sums]
    MonthlyTrendFigure.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# The yearly tables: each a monthly table summed over a year's months, per its own key columns.
YEARLY = (
    ("MonthlyResponseWait", "YearlyResponseWait", ("workstation_id", "subtree", "wait_tenths"), ("petitions",)),
    ("MonthlyDepartmentFigure", "YearlyDepartmentFigure", ("department_id", "workstation_id"), None),
)


def year_tables_refresh(*, year: datetime.date, span: list[datetime.date], built: bool) -> int:
    """Rebuild a year's rows of the yearly tables from its months (`built`: the year is finished
    and each month built, as its FigureBlock needs); else only drop them."""
    from stats.selectors.tables import DEPARTMENT_ROW_FIGURES

    written = 0
    for monthly_name, yearly_name, keys, sums in YEARLY:
        monthly, yearly = getattr(tables_models, monthly_name), getattr(tables_models, yearly_name)
        yearly.objects.filter(year=year).delete()
        if not built:
            continue
        rows = (
            monthly.objects.filter(month__in=span)
            .values(*keys)
            .order_by()
            .annotate(**{name: Sum(name) for name in sums or DEPARTMENT_ROW_FIGURES})
        )
        objects = [yearly(year=year, **row) for row in rows]
        yearly.objects.bulk_create(objects, batch_size=5000)
        written += len(objects)
    return written


def _add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def figure_blocks_refresh(*, months: list[datetime.date], this_month: datetime.date) -> int:
    """Rebuild the blocks (the month, its quarter, its year) holding these rebuilt months, from
    MonthlyFigure: a quarter or a year once it is finished and each of its months is built."""
    from stats.models import BuiltBlock, FigureBlock
    from stats.selectors.aggregates import PETITION_FIGURES

    blocks = set()
    for month in months:
        blocks |= {(month, 1), (month.replace(month=(month.month - 1) // 3 * 3 + 1), 3), (month.replace(month=1), 12)}
    built = set(BuiltMonth.objects.values_list("month", flat=True))
    written, now = 0, timezone.now()
    for start, size in sorted(blocks):
        span = [_add_months(start, n) for n in range(size)]
        BuiltBlock.objects.filter(start=start, months=size).delete()
        finished = span[-1] < this_month and built.issuperset(span)
        if size == 12:
            written += year_tables_refresh(year=start, span=span, built=finished)
        if not finished:
            continue
        block = BuiltBlock.objects.create(start=start, months=size, built_at=now)
        sums = (
            MonthlyFigure.objects.filter(month__in=span)
            .values("category_id", "workstation_id", "member_id", "sector_id")
            .order_by()
            .annotate(**{name: Sum(name) for name in PETITION_FIGURES})
        )
        rows = [FigureBlock(block=block, channel="", **row) for row in sums]
        FigureBlock.objects.bulk_create(rows, batch_size=5000)
        written += len(rows)
    return written


@transaction.atomic
def daily_figures_refresh(*, days: list[datetime.date]) -> int:
    """Rebuild DailyFigure (and the other daily tables) for these days of the current month:
    past days, and days ahead, whose only rows are the hand-offs due then and answered already
    (`tables.handoff_rows`). Today is always live."""
    from stats.selectors.aggregates import TABLE_KEYS, petition_cube

    today = timezone.localdate()
    days = sorted({d for d in days if current_month(today) <= d <= month_bounds(today)[1] and d != today})
    if not days:
        return 0
    sectors = dict(Member.objects.values_list("pk", "sector_id"))
    parents = workstation_parents()
    rows, extra = [], defaultdict(list)
    for day in days:
        f = StatsFilter(start=day, end=day)
        cube = petition_cube(f, today, keys=TABLE_KEYS)
        rows.extend(_rows(DailyFigure, "day", day, cube, sectors))
        for model, objects in _extra_rows("Daily", "day", day, f, today, sectors, parents).items():
            extra[model].extend(objects)
    DailyFigure.objects.filter(day__in=days).delete()
    DailyFigure.objects.bulk_create(rows, batch_size=5000)
    written = len(rows) + _write_extra(extra, {"day__in": days})
    now = timezone.now()
    for day in days:
        BuiltDay.objects.update_or_create(day=day, defaults={"built_at": now})
    return written


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
    # Hand-offs count on their due date: answered, cancelled, withdrawn, re-dated or delivered since.
    for model in (Consultation, ProposalAssignment):
        changed = model.objects.filter(Q(updated_at__gte=since) | Q(deliveries__delivered_at__gte=since))
        touched |= _dates(changed, "due_date", trunc)
    # Grades count on the date first given; a reviewer's correction keeps that date.
    graded = ProposalAssignment.objects.filter(updated_at__gte=since, graded_at__isnull=False)
    touched |= _dates(graded, "graded_at", trunc)
    # Projects count on the date the member confirmed them; a case behind one may change its outcome.
    changed = Proposal.objects.filter(Q(updated_at__gte=since) | Q(petitions__in=petitions), closed_at__isnull=False)
    touched |= _dates(changed, "closed_at", trunc)
    return touched


def _dates(qs, field: str, trunc) -> set[datetime.date]:
    """The distinct months (or days) of a date or datetime column over these rows."""
    if (
        trunc is TruncDate
        and isinstance(qs.model._meta.get_field(field), DateField)
        and not isinstance(qs.model._meta.get_field(field), DateTimeField)
    ):
        return set(qs.values_list(field, flat=True).order_by().distinct())
    return {_month(m) for m in qs.annotate(m=trunc(field)).values_list("m", flat=True).order_by().distinct()}


def months_touched_since(since: datetime.datetime) -> set[datetime.date]:
    return dates_touched_since(since, TruncMonth)


def monthly_figures_sweep(
    *, lookback_minutes: int = 5, history_months: int = 24, max_missing: int | None = None
) -> int:
    """What the beat runs every minute: rebuild the finished months and the days of this month
    (past and ahead, today aside) that recent events touched, and any not built yet; a day built
    before it ended is rebuilt once it has. The lookback overlaps the schedule,
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
    # The months not built yet, the latest first; the beat takes a few a run (`max_missing`), so
    # that after a migration empties the tables (or on a fresh install of a large history) each
    # run ends within its time limit: about 6 s a month at 1,000,000 petitions.
    months = set(sorted((m for m in wanted if m not in built), reverse=True)[:max_missing])
    previous = wanted[0] if wanted else None
    if previous in built and today.day <= 10 and built[previous] < stale:
        months.add(previous)
    months |= months_touched_since(since)
    written = monthly_figures_refresh(months=list(months))

    # Day rows of earlier months are no longer read (their month is); keep the table small.
    DailyFigure.objects.filter(day__lt=this_month).delete()
    for kind in ("ResponseWait", "DepartmentFigure", "ProjectFigure", "GradeFigure"):
        getattr(tables_models, f"Daily{kind}").objects.filter(day__lt=this_month).delete()
    BuiltDay.objects.filter(day__lt=this_month).delete()
    past_days = [this_month + datetime.timedelta(days=n) for n in range((today - this_month).days)]
    month_end = month_bounds(today)[1]
    days_ahead = [today + datetime.timedelta(days=n) for n in range(1, (month_end - today).days + 1)]
    built_days = dict(BuiltDay.objects.filter(day__in=past_days + days_ahead).values_list("day", "built_at"))
    days = {d for d in past_days + days_ahead if d not in built_days}
    days |= {d for d in past_days[-5:] if d in built_days and built_days[d] < stale}
    # A day built while it was ahead (or today) is read again only once rebuilt after it ended.
    days |= {d for d in past_days if d in built_days and timezone.localtime(built_days[d]).date() <= d}
    days |= dates_touched_since(since, TruncDate)
    return written + daily_figures_refresh(days=list(days))
