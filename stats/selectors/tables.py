"""Reading a period from the figure tables: which months and days are built, what is left to count
live, and the figures that do not add up across the petition cube (the median time to first
response, the departments' hand-offs, the projects), each with its live definition beside it.

Every figure is read the same way (`PeriodPlan`): the whole finished months of the period that
`stats.services` has built from MonthlyX (a finished year from YearlyX where there is one), the
current month's days but today from DailyX, and the rest, today always among it, counted live by
the very function that built the tables; a finished month the period holds most of is read whole,
its days outside the period counted live and taken away. So a figure
read from the tables equals the live count (tests/stats/test_period_tables.py), and the live part
is at most a few days (or the edges of a custom range): the month view costs the same at any size
of history (bench/dashboard.py, 1,000,000 beside 100,000 petitions).

The tables keep the workstation (and, where it is the figure's own, the department or the
proposal's author), not every dimension of the cube: a filter they do not hold (e.g. a category
on the median) is counted live over the whole period, as the department filter always was."""

import contextvars
import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    Sum,
)
from django.utils import timezone

import stats.selectors.figures as figures
from handoffs.models import Delivery
from stats.filters import PeriodKind, StatsFilter, month_bounds

# What one dashboard (`aggregates.dashboard`) has read already, for the parts of it that need the
# same rows: the period's live part and the trend's current month both count today's petitions
# (bench/dashboard.py: 55 ms at 1,000,000 petitions), and the department table's on-time figures
# and grades come from the same department rows. Empty (None) outside a dashboard.
DASHBOARD_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("stats_dashboard_memo", default=None)


def filter_key(f: StatsFilter) -> tuple:
    """The filter's dimensions, as a key of DASHBOARD_MEMO."""
    return (f.workstation_ids, f.sector_id, f.category_id, f.department_id, f.channel, f.member_id)


# --- The plan: built months, built days, the rest live -----------------------------------------


@dataclass(frozen=True)
class PeriodPlan:
    """How a period is read: `months` and `days` from the tables, `live` (start, end) stretches
    counted from the source rows, and `minus` stretches counted live and taken away: the rest of
    an edge month read whole from the tables, when the period holds most of it (`_edge_months`)."""

    months: tuple = ()
    days: tuple = ()
    live: tuple = ()
    minus: tuple = ()

    @property
    def reads_tables(self) -> bool:
        return bool(self.months or self.days)


def period_plan(f: StatsFilter, today: datetime.date) -> PeriodPlan:
    """The plan for the period of `f`: two indexed lookups (the built months, the built days)."""
    from stats.models import BuiltDay, BuiltMonth

    if f.kind == PeriodKind.TO_DATE:
        # Nothing precedes the first record: its whole month is read from the table.
        f = replace(f, start=f.start.replace(day=1))
    this_month = today.replace(day=1)
    finished = [m for m in _whole_months(f) if m < this_month]
    edges = _edge_months(f, this_month)
    wanted = finished + list(edges)
    built_months = set(BuiltMonth.objects.filter(month__in=wanted).values_list("month", flat=True)) if wanted else set()
    months = sorted(built_months.intersection(finished))
    covered = {(m, month_bounds(m)[1]) for m in months}
    minus = []
    for month, rest in edges.items():
        if month in built_months:  # the month from the table, less what the period leaves out of it
            months.append(month)
            first, last = month_bounds(month)
            covered.add((max(first, f.start), min(last, f.end)))  # the part inside the period
            minus += rest
    months.sort()
    # The current month's days but today: the past ones, and those ahead, whose hand-offs
    # answered early already count (`handoff_rows`). A day read must have been built after it
    # was over, or be still ahead: a day built while ahead or today is live until rebuilt
    # (overdue hand-offs and first responses come due without an event).
    first_day, last_day = max(f.start, this_month), min(f.end, month_bounds(today)[1])
    days = []
    if first_day <= last_day:
        built = BuiltDay.objects.filter(day__gte=first_day, day__lte=last_day).exclude(day=today)
        days = [
            day
            for day, built_at in built.values_list("day", "built_at").order_by("day")
            if day > today or timezone.localdate(built_at) > day
        ]
        covered |= {(d, d) for d in days}
    live = tuple(_stretches_outside(f, covered))
    return PeriodPlan(months=tuple(months), days=tuple(days), live=live, minus=tuple(sorted(minus)))


def _edge_months(f: StatsFilter, this_month: datetime.date) -> dict[datetime.date, list[tuple]]:
    """The finished months the period holds only part of, but more than half of: {month: the
    stretches of it outside the period}. Each figure is additive over days (it counts acts by
    their date), so such a month is read whole from its table and the smaller rest counted live
    and taken away: a custom range starting on the 3rd counts two days, not twenty-eight."""
    edges = {}
    for day in {f.start, f.end}:
        first, last = month_bounds(day)
        if first >= this_month or (f.start <= first and last <= f.end):
            continue
        inside_first, inside_last = max(first, f.start), min(last, f.end)
        rest = [(a, b) for a, b in ((first, inside_first - datetime.timedelta(days=1)),
                                    (inside_last + datetime.timedelta(days=1), last)) if a <= b]  # fmt: skip
        if sum((b - a).days + 1 for a, b in rest) < (inside_last - inside_first).days + 1:
            edges[first] = rest
    return edges


def live_plan(f: StatsFilter) -> PeriodPlan:
    return PeriodPlan(live=((f.start, f.end),))


def _whole_months(f: StatsFilter) -> list[datetime.date]:
    """The calendar months lying wholly inside the period."""
    months, month = [], f.start.replace(day=1)
    while month <= f.end:
        first, last = month_bounds(month)
        if first >= f.start and last <= f.end:
            months.append(first)
        month = last + datetime.timedelta(days=1)
    return months


def _stretches_outside(f: StatsFilter, covered: set) -> list[tuple[datetime.date, datetime.date]]:
    """The parts of the period outside the covered (start, end) ranges, as date ranges."""
    stretches, day, start = [], f.start, None
    ends = dict(covered)
    while day <= f.end:
        if day in ends:
            if start is not None:
                stretches.append((start, day - datetime.timedelta(days=1)))
                start = None
            day = ends[day] + datetime.timedelta(days=1)
            continue
        if start is None:
            start = day
        day += datetime.timedelta(days=1)
    if start is not None:
        stretches.append((start, f.end))
    return stretches


def figure_blocks(months, sizes=(12, 3, 1)) -> tuple[dict[int, datetime.date], list[datetime.date]]:
    """The built months as few FigureBlock blocks as there are: whole years, then whole quarters,
    then single months (of `sizes`). Returns ({block id: its first month}, the months no block
    holds)."""
    from stats.models import BuiltBlock

    months = sorted(months)
    if not months:
        return {}, []
    wanted = set(months)
    blocks = {
        (start, size): pk
        for pk, start, size in BuiltBlock.objects.filter(start__in=months).values_list("pk", "start", "months")
    }
    chosen, leftover, taken = {}, [], set()
    for month in months:
        if month in taken:
            continue
        for size in sizes:
            span = [_add_months(month, n) for n in range(size)]
            if (month, size) in blocks and wanted.issuperset(span):
                chosen[blocks[(month, size)]] = month
                taken.update(span)
                break
        else:
            leftover.append(month)
    return chosen, leftover


def _whole_years(months) -> bool:
    """Whether the months hold a whole calendar year (only then can a yearly table answer)."""
    wanted = set(months)
    return any(m.month == 1 and all(_add_months(m, n) in wanted for n in range(12)) for m in wanted)


def _add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _table_rows(
    monthly,
    daily,
    plan: PeriodPlan,
    f: StatsFilter,
    dims: tuple,
    keys: tuple,
    sums: tuple,
    fixed: dict | None = None,
    yearly=None,
):
    """Sums of `sums` per `keys` over the plan's rows of a monthly and a daily table (and of a
    yearly one for the plan's whole built years), cut to the workstations of `f`, to its filters
    among `dims` (names of columns the table holds) and to `fixed` column values."""
    parts = []
    months = plan.months
    if yearly is not None and _whole_years(months):
        years, months = figure_blocks(months, sizes=(12,))
        if years:
            parts.append(yearly.objects.filter(year__in=list(years.values())))
    if months:
        parts.append(monthly.objects.filter(month__in=months))
    if plan.days:
        parts.append(daily.objects.filter(day__in=plan.days))
    for table in parts:
        if fixed:
            table = table.filter(**fixed)
        if f.workstation_ids is not None:
            table = table.filter(workstation_id__in=f.workstation_ids)
        for name in dims:
            if getattr(f, name):
                table = table.filter(**{name: getattr(f, name)})
        if keys:
            yield from table.values_list(*keys).order_by().annotate(**{f"sum_{name}": Sum(name) for name in sums})
        else:
            totals = table.aggregate(**{name: Sum(name) for name in sums})
            yield tuple(totals[name] for name in sums)


def _holds(f: StatsFilter, dims: tuple) -> bool:
    """Whether a table keeping the workstation and `dims` can answer every filter of `f`."""
    return not any(
        getattr(f, name) for name in ("sector_id", "category_id", "department_id", "channel", "member_id")
        if name not in dims
    )  # fmt: skip


# --- Median time to first response ---------------------------------------------------------------


class WaitTenths(Func):
    """first_responded_at − created_at in tenths of an hour, rounded to the nearest (PostgreSQL)."""

    arg_joiner = " - "
    template = "CAST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 360.0 + 0.5) AS integer)"
    output_field = IntegerField()


TENTH = datetime.timedelta(hours=0.1)


def wait_tenths(wait: datetime.timedelta) -> int:
    """A wait rounded to the nearest tenth of an hour (half up), exactly as WaitTenths does."""
    micro = wait // datetime.timedelta(microseconds=1)
    return (micro + TENTH // datetime.timedelta(microseconds=1) // 2) // (TENTH // datetime.timedelta(microseconds=1))


def wait_histogram(f: StatsFilter) -> dict[tuple[int, int], int]:
    """Live: the petitions behind the median (`figures.first_responded_petitions`) counted per
    (workstation, wait in tenths of an hour)."""
    qs = figures.first_responded_petitions(f)
    if connection.vendor == "postgresql":
        rows = (
            qs.annotate(t=WaitTenths(F("first_responded_at"), F("created_at")))
            .values_list("workstation_id", "t")
            .order_by()
            .annotate(n=Count("pk"))
        )
        return {(ws, t): n for ws, t, n in rows}
    counts: dict = defaultdict(int)  # SQLite on a laptop: the same rounding in Python.
    for ws, created, responded in qs.values_list("workstation_id", "created_at", "first_responded_at"):
        counts[(ws, wait_tenths(responded - created))] += 1
    return dict(counts)


def wait_tenths_median(histogram: dict[int, int]) -> float | None:
    """The median wait in hours, one decimal, from counts per wait in tenths of an hour.

    It is the median of the waits each rounded to 0.1 h (the precision the dashboard shows), the
    middle one or the mean of the two middle ones as percentile_cont(0.5) takes them, and so
    exactly what counting those rounded waits one by one gives; it lies within 0.05 h of the
    median of the unrounded waits, then is rounded for display."""
    n = sum(histogram.values())
    if not n:
        return None
    lo, hi = (n - 1) // 2, n // 2
    seen, low, high = 0, None, None
    for tenths in sorted(histogram):
        seen += histogram[tenths]
        if low is None and lo < seen:
            low = tenths
        if hi < seen:
            high = tenths
            break
    return round((low + high) / 20, 1)


def workstation_parents() -> dict[int, int | None]:
    from workstations.models import Workstation

    return dict(Workstation.objects.values_list("pk", "parent_id"))


def subtree_histograms(histogram: dict[tuple[int, int], int], parents: dict) -> dict[tuple[int, int], int]:
    """Per-workstation counts rolled up to every workstation above (and to 0, the whole install)."""
    result: dict = defaultdict(int)
    for (ws, tenths), n in histogram.items():
        node, seen = ws, set()
        while node is not None and node not in seen:
            seen.add(node)
            result[(node, tenths)] += n
            node = parents.get(node)
        result[(0, tenths)] += n
    return dict(result)


def _subtree_root(ids: frozenset | None, parents: dict) -> int | None:
    """0 for every workstation, X when `ids` is exactly X and everything below it, else None."""
    if ids is None:
        return 0
    tops = [pk for pk in ids if parents.get(pk) not in ids]
    if len(tops) != 1:
        return None
    children: dict = defaultdict(list)
    for pk, parent in parents.items():
        children[parent].append(pk)
    below, stack = set(), [tops[0]]
    while stack:
        node = stack.pop()
        if node not in below:
            below.add(node)
            stack.extend(children[node])
    return tops[0] if below == ids else None


def median_first_response(f: StatsFilter, today: datetime.date, plan: PeriodPlan | None = None) -> float | None:
    from stats.models import DailyResponseWait, MonthlyResponseWait, YearlyResponseWait

    if f.matches_nothing:
        return None
    if not _holds(f, ()):
        plan = live_plan(f)
    plan = plan or period_plan(f, today)
    histogram: dict = defaultdict(int)
    if plan.reads_tables:
        root = _subtree_root(f.workstation_ids, workstation_parents())
        if root is None:  # some workstations, not one subtree: their own rows
            fixed, cut = {"subtree": False}, f
        else:  # the subtree's rolled-up rows
            fixed, cut = {"subtree": True, "workstation_id": root}, replace(f, workstation_ids=None)
        rows = _table_rows(
            MonthlyResponseWait, DailyResponseWait, plan, cut, (), ("wait_tenths",), ("petitions",), fixed,
            yearly=YearlyResponseWait,
        )  # fmt: skip
        for tenths, n in rows:
            histogram[tenths] += n
    for start, end in plan.live:
        for (_ws, tenths), n in wait_histogram(f.with_period(start, end)).items():
            histogram[tenths] += n
    for start, end in plan.minus:
        for (_ws, tenths), n in wait_histogram(f.with_period(start, end)).items():
            histogram[tenths] -= n
    return wait_tenths_median(histogram)


# --- Departments' hand-offs ----------------------------------------------------------------------

HANDOFF_FIGURES = ("due", "on_time", "answered", "handling_seconds")
# A department row's columns: the hand-offs, then the grades (stats.selectors.grades.GRADE_FIGURES).
DEPARTMENT_ROW_FIGURES = (*HANDOFF_FIGURES, "graded", "grade_a", "grade_b", "grade_c", "grade_d", "handling_satisfied")


def handoff_rows(f: StatsFilter, today: datetime.date) -> dict[tuple[int, int], dict]:
    """Live: hand-offs due in the period whose outcome is settled (`figures.due_consultations`,
    `figures.due_assignments`) per (department, workstation of the case or the proposal): due,
    answered on time (`figures.CONSULTATION_ON_TIME` / `ASSIGNMENT_ON_TIME`), answered, and the
    total handling time in seconds: from when the department got it (its first delivery, or the
    row's creation when it was never delivered, answered in the portal; never later than the
    answer, so an answer given before the outbox caught up took no time) to the answer.

    Two plain indexed reads per kind (the rows, then the first deliveries of the answered ones),
    summed here: a correlated subquery per row made PostgreSQL's planner expect enough work to
    JIT-compile the query, 150 ms before the first row (bench/dashboard.py, month at 1,000,000)."""
    result: dict = defaultdict(lambda: dict.fromkeys(HANDOFF_FIGURES, 0))
    # Due today or later, a hand-off counts only once answered: said so to the index, the few
    # answered early are all that is read of the days ahead (the current month's live part).
    ahead = f.start >= today
    sources = (
        (figures.due_consultations(f, today=today), figures.CONSULTATION_ON_TIME, "answered_at", "consultation",
         "petition"),
        (figures.due_assignments(f, today=today), figures.ASSIGNMENT_ON_TIME, "reported_at", "assignment",
         "proposal"),
    )  # fmt: skip
    for qs, on_time, done_field, subject, case in sources:
        if ahead:
            qs = qs.filter(**{f"{done_field}__isnull": False})
        rows = list(
            qs.annotate(in_time=ExpressionWrapper(on_time, output_field=BooleanField()))
            .values_list("pk", "department_id", f"{case}_id", "created_at", done_field, "in_time")
            .order_by()
        )
        if not rows:
            continue
        # The case's (or proposal's) workstation by primary key, and the answered ones' first
        # deliveries (a join would read every case).
        model = qs.model._meta.get_field(case).related_model
        workstations = dict(_by_ids(model, "id", "workstation_id", {row[2] for row in rows}))
        rows = [
            (pk, department, workstations[fk], created, done, in_time)
            for pk, department, fk, created, done, in_time in rows
        ]
        answered = {pk for pk, _d, _w, _c, done, _t in rows if done is not None}
        first_delivery = dict(_by_ids(Delivery, f"{subject}_id", "delivered_at", answered, first=True))
        for pk, department, ws, created, done, in_time in rows:
            target = result[(department, ws)]
            target["due"] += 1
            target["on_time"] += bool(in_time)
            if done is not None:
                target["answered"] += 1
                sent = min(first_delivery.get(pk) or created, done)
                target["handling_seconds"] += (done - sent).total_seconds()
    return dict(result)


def _by_ids(model, key: str, value: str, ids, *, first: bool = False) -> list[tuple]:
    """(key, value) of the rows of `model` whose `key` column is among `ids`; with `first`, the
    earliest non-null value per key. On PostgreSQL the ids go as one array parameter (= ANY):
    thousands of them in an IN list cost Django more to build than the database to answer, and a
    subquery instead made the planner read the whole table (bench/dashboard.py, month at 1,000,000:
    the hand-offs due later this month that are answered already)."""
    ids = sorted(ids)
    if not ids:
        return []
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        k, v = connection.ops.quote_name(key), connection.ops.quote_name(value)
        sql = f"SELECT {k}, {v} FROM {table} WHERE {k} = ANY(%s)"  # noqa: S608 - names from the model
        if first:
            sql = f"SELECT {k}, MIN({v}) FROM {table} WHERE {k} = ANY(%s) AND {v} IS NOT NULL GROUP BY {k}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids])
            return cursor.fetchall()
    qs = model.objects.filter(**{f"{key}__in": ids}).order_by()
    if first:
        return list(qs.filter(**{f"{value}__isnull": False}).values_list(key).annotate(v=Min(value)))
    return list(qs.values_list(key, value))


def handoff_totals(
    f: StatsFilter, today: datetime.date, group_by: str | None, plan: PeriodPlan | None = None
) -> dict[int | None, dict]:
    """HANDOFF_FIGURES per department (group_by="department_id") or in all (None), for the period:
    from MonthlyDepartmentFigure / DailyDepartmentFigure where built, the rest live."""
    result: dict = defaultdict(lambda: dict.fromkeys(HANDOFF_FIGURES, 0))
    if f.matches_nothing:
        return {}
    if not _holds(f, ("department_id",)):
        plan = live_plan(f)
    plan = plan or period_plan(f, today)
    for department, row in department_table_sums(f, plan).items():
        if not any(row[name] for name in HANDOFF_FIGURES):  # grades only (see stats.models.DepartmentRow)
            continue
        target = result[department if group_by else None]
        for name in HANDOFF_FIGURES:
            target[name] += row[name]
    # The live stretches added, the rest of an edge month read whole (plan.minus) taken away.
    signed = [(stretch, 1) for stretch in _split_at(plan.live, today)] + [(stretch, -1) for stretch in plan.minus]
    for (start, end), sign in signed:
        for (department, _ws), row in handoff_rows(f.with_period(start, end), today).items():
            target = result[department if group_by else None]
            for name in HANDOFF_FIGURES:
                target[name] += sign * row[name]
    # A department with nothing due left (all of it in the rest taken away) has no row, as live.
    return {key: row for key, row in result.items() if row["due"] or key is None}


def department_table_sums(f: StatsFilter, plan: PeriodPlan) -> dict[int, dict]:
    """Every figure of the plan's department table rows (hand-offs and grades, stats.models.
    DepartmentRow) summed per department: one query a dashboard reads for both."""
    from stats.models import DailyDepartmentFigure, MonthlyDepartmentFigure, YearlyDepartmentFigure

    names = DEPARTMENT_ROW_FIGURES
    memo = DASHBOARD_MEMO.get()
    key = ("department rows", filter_key(f), plan)
    if memo is not None and key in memo:
        return memo[key]
    result: dict = {}
    keys = ("department_id",)
    rows = _table_rows(
        MonthlyDepartmentFigure, DailyDepartmentFigure, plan, f, keys, keys, names, yearly=YearlyDepartmentFigure
    )
    for department, *values in rows:
        target = result.setdefault(department, dict.fromkeys(names, 0))
        for name, value in zip(names, values, strict=True):
            target[name] += value or 0
    if memo is not None:
        memo[key] = result
    return result


def _split_at(stretches, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The stretches, each cut in two at today where it spans it."""
    result = []
    for start, end in stretches:
        if start < today <= end:
            result += [(start, today - datetime.timedelta(days=1)), (today, end)]
        else:
            result.append((start, end))
    return result


# --- Projects --------------------------------------------------------------------------------------


def project_rows(f: StatsFilter) -> dict[tuple[int, int], int]:
    """Live: `figures.project_proposals` counted per (workstation, author)."""
    rows = figures.project_proposals(f).values_list("workstation_id", "author_id").order_by().annotate(n=Count("pk"))
    return {(ws, author): n for ws, author, n in rows}


def projects_count(f: StatsFilter, today: datetime.date, plan: PeriodPlan | None = None) -> int:
    from stats.models import DailyProjectFigure, MonthlyProjectFigure

    if f.matches_nothing:
        return 0
    if not _holds(f, ("sector_id", "member_id")):
        return figures.projects_count(f)
    plan = plan or period_plan(f, today)
    # Imported projects (history rows) are few and indexed by their import row: counted live.
    total = figures.imported_project_petitions(f).count()
    total += sum(
        n or 0
        for (n,) in _table_rows(
            MonthlyProjectFigure, DailyProjectFigure, plan, f, ("sector_id", "member_id"), (), ("projects",)
        )
    )
    for start, end in plan.live:
        total += figures.project_proposals(f.with_period(start, end)).count()
    for start, end in plan.minus:
        total -= figures.project_proposals(f.with_period(start, end)).count()
    return total
