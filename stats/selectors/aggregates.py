"""The numbers: counts of the rows defined in `figures`, in as few indexed aggregate queries as
the definitions allow. A petition figure is never computed here any other way than by counting
the condition `figures` gives it; `tests/stats` checks each count against its drill-down list."""

import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    F,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

import stats.selectors.figures as figures
import stats.selectors.tables as tables
from stats.filters import PeriodKind, StatsFilter, month_bounds
from stats.selectors.grades import department_grades, with_grades

PETITION_FIGURES = (
    "collected",
    "handled",
    "solved",
    "households",
    "response_due",
    "responded_on_time",
    "rated",
    "satisfied",
    "result_rated",
    "result_satisfied",
)


def rate(numerator: int, denominator: int) -> float | None:
    """A share in percent, one decimal; None when there is nothing to divide by (shown as "—")."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


CUBE = ("category_id", "workstation_id", "assigned_member_id")
# The figure tables keep the channel too, so that it can be filtered on; the dashboard only groups.
TABLE_KEYS = (*CUBE, "channel")


def petition_cube(f: StatsFilter, today: datetime.date, keys: tuple = CUBE) -> dict:
    """Every petition figure per (category, workstation, assigned member) (or `keys`), in two queries: one
    over the petitions active in the period (received, replied, closed or rated in it), one for
    track 4's proposals submitted in the period. The two parts of "handled" are disjoint (a
    petition has one track), so they add up. The dashboard rolls this one result up into the
    summary and the breakdowns by category, workstation and member (see `rollup`)."""
    if f.matches_nothing:
        return {}
    collected = figures.collected_q(f)
    settled = collected & figures.response_settled_q(today)
    solved = figures.solved_q(f)
    rated = figures.rated_q(f)
    result_rated = figures.result_rated_q(f)
    replied = figures.handled_by_reply_q(f)
    active = collected | replied | solved | rated | result_rated
    rows = (
        figures.counted_petitions(f)
        .filter(active)
        .values(*keys)
        .order_by()
        .annotate(
            collected=Count("pk", filter=collected),
            handled=Count("pk", filter=replied),
            solved=Count("pk", filter=solved),
            households=Sum("households_helped", filter=solved, default=0),
            response_due=Count("pk", filter=settled),
            responded_on_time=Count("pk", filter=settled & figures.RESPONDED_ON_TIME),
            rated=Count("pk", filter=rated),
            satisfied=Count("pk", filter=rated & figures.SATISFIED_Q),
            result_rated=Count("pk", filter=result_rated),
            result_satisfied=Count("pk", filter=result_rated & figures.RESULT_SATISFIED_Q),
        )
    )
    cube: dict = defaultdict(lambda: dict.fromkeys(PETITION_FIGURES, 0))
    for row in rows:
        cube[tuple(row.pop(key) for key in keys)].update(row)
    proposed = (
        figures.proposals_submitted_in(f)
        .filter(
            figures.petition_dimensions(f, prefix="petition__"),
            petition__track=figures.Track.PROPOSE,
            petition__merged_into__isnull=True,
        )
        .exclude(petition__status=figures.Status.SPAM)
        .values(*(f"petition__{key}" for key in keys))
        .order_by()
        .annotate(n=Count("petition_id", distinct=True))
    )
    for row in proposed:
        cube[tuple(row[f"petition__{key}"] for key in keys)]["handled"] += row["n"]
    return dict(cube)


def _cut_table(table, f: StatsFilter):
    """A figure table's rows (MonthlyFigure, DailyFigure or FigureBlock, already cut to its
    dates) that match the filter's dimensions."""
    if f.workstation_ids is not None:
        table = table.filter(workstation_id__in=f.workstation_ids)
    for name in ("category_id", "sector_id", "member_id"):
        if getattr(f, name):
            table = table.filter(**{name: getattr(f, name)})
    if f.channel:
        table = table.filter(channel=f.channel)
    return table


def _table_cube(tables_: list, cube: dict) -> None:
    """Add the rows of the figure tables to `cube`, summed per cube key (SQLite: no GROUPING SETS)."""
    for table in tables_:
        sums = (
            table.values_list("category_id", "workstation_id", "member_id")
            .order_by()
            .annotate(*[Sum(name) for name in PETITION_FIGURES])
        )
        for row in sums:
            target = cube.setdefault(row[:3], dict.fromkeys(PETITION_FIGURES, 0))
            for name, value in zip(PETITION_FIGURES, row[3:], strict=True):
                target[name] += value or 0


# GROUPING(c, w, m) of each grouping set: a bit set for each key summed over.
_GROUPING_BITS = {None: 7, "category_id": 3, "workstation_id": 5, "assigned_member_id": 6}


def _table_rollups(tables_: list) -> dict:
    """The figure tables' rows summed per category, per workstation, per member and in all, in one
    PostgreSQL query (GROUPING SETS): a few hundred rows back instead of every cube row of the
    period's blocks summed four times in Python, which was most of a year's or a to-date period's
    cost at 1,000,000 petitions (bench/dashboard.py)."""
    from django.db import connection

    parts, params = [], []
    for table in tables_:
        sql, part_params = (
            table.values_list("category_id", "workstation_id", "member_id", *PETITION_FIGURES)
            .order_by()
            .query.sql_with_params()
        )
        parts.append(f"({sql})")
        params += part_params
    names = ", ".join(f"f{n}" for n in range(len(PETITION_FIGURES)))
    sums = ", ".join(f"COALESCE(SUM(f{n}), 0)" for n in range(len(PETITION_FIGURES)))
    sql = (
        f"SELECT GROUPING(c, w, m), c, w, m, {sums} "  # noqa: S608 - SQL of our own querysets
        f"FROM ({' UNION ALL '.join(parts)}) AS t(c, w, m, {names}) "
        "GROUP BY GROUPING SETS ((), (c), (w), (m))"
    )
    rollups: dict = {group: {} for group in _GROUPING_BITS}
    by_bits = {bits: group for group, bits in _GROUPING_BITS.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for bits, c, w, m, *values in cursor.fetchall():
            group = by_bits[bits]
            key = {None: None, "category_id": c, "workstation_id": w, "assigned_member_id": m}[group]
            rollups[group][key] = dict(zip(PETITION_FIGURES, (int(v) for v in values), strict=True))
    return rollups


def _live_cube(f: StatsFilter, today: datetime.date) -> dict:
    # Every petition figure is dated by an act that has happened (received, replied, closed,
    # rated, proposal submitted), so a live stretch running past today ends today: the current
    # month's rest (today to the 31st) and the period's today are then one count, not two.
    if f.start <= today < f.end:
        f = f.with_period(f.start, today)
    memo = tables.DASHBOARD_MEMO.get()
    if memo is None:
        return petition_cube(f, today)
    dims = tables.filter_key(f)
    key = (f.start, f.end, dims, today)
    if key not in memo:
        memo[key] = petition_cube(f, today)
    return memo[key]


def period_cube(f: StatsFilter, today: datetime.date, plan: tables.PeriodPlan | None = None) -> "Cube":
    """`petition_cube` for the period, reading what is built ahead from the figure tables (the
    same function filled them, see stats.services): whole finished months from MonthlyFigure,
    past days of the current month from DailyFigure; the rest is counted live (today, partial
    months at the edges of a custom period, and everything under a department filter: the
    tables have no department). `plan` is `tables.period_plan(f, today)`, when already made.

    A custom period holding most of a finished month reads it whole and takes away the few days
    outside, counted live (`tables.period_plan`'s `minus`).

    One difference, documented: over several months or days read from the tables, a track-4
    petition whose proposals were submitted on two different dates counts once for each (and in a
    month read whole less its outside days, once less if one of the dates is outside)."""
    from django.db import connection

    from stats.models import DailyFigure, FigureBlock, MonthlyFigure

    if f.matches_nothing:
        return Cube()
    if f.department_id:
        return Cube(petition_cube(f, today))
    plan = plan or tables.period_plan(f, today)
    if not plan.reads_tables:
        return Cube(petition_cube(f, today))
    parts = []
    months = plan.months
    if months and not f.channel:  # the blocks hold every channel together
        blocks, months = tables.figure_blocks(months)
        if blocks:
            parts.append(FigureBlock.objects.filter(block_id__in=list(blocks)))
    if months:
        parts.append(MonthlyFigure.objects.filter(month__in=months))
    parts = [_cut_table(table, f) for table in parts]
    # The days ahead hold hand-offs only: no petition has acted on a day still to come.
    days = tuple(day for day in plan.days if day <= today)
    if connection.vendor != "postgresql":
        cells = _live_cells(f, today, plan.live)
        if days:
            parts.append(_cut_table(DailyFigure.objects.filter(day__in=days), f))
        _table_cube(parts, cells)
        if plan.minus:
            cells = _add_rollups({0: cells}, {0: _live_cells(f, today, plan.minus)}, sign=-1)[0]
        return Cube(cells)
    rollups = _table_rollups(parts) if parts else {group: {} for group in _GROUPING_BITS}
    _add_rollups(rollups, _recent_rollups(f, today, days, plan.live))
    if plan.minus:  # the rest of an edge month read whole (tables.period_plan)
        minus = _live_cells(f, today, plan.minus)
        _add_rollups(rollups, {group: _rollup_cells(minus, group) for group in _GROUPING_BITS}, sign=-1)
    return Cube(rollups=rollups)


def _live_cells(f: StatsFilter, today: datetime.date, stretches) -> dict:
    """The live stretches' petition cubes, added up."""
    cells: dict = {}
    for start, end in stretches:
        if start > today:  # nothing has happened there yet
            continue
        for key, row in _live_cube(f.with_period(start, end), today).items():
            target = cells.setdefault(key, dict.fromkeys(PETITION_FIGURES, 0))
            for name in PETITION_FIGURES:
                target[name] += row[name] or 0
    return cells


def _recent_rollups(f: StatsFilter, today: datetime.date, days: tuple, stretches) -> dict:
    """The rollups of the current month's built days and of the live stretches. Within one
    dashboard (`tables.DASHBOARD_MEMO`) they are counted once: a quarter's, a year's or a to-date period's
    current month is also the trend's last bar, the same days and the same today."""
    from stats.models import DailyFigure

    memo = tables.DASHBOARD_MEMO.get()
    clamped = tuple((start, min(end, today)) for start, end in stretches if start <= today)
    dims = tables.filter_key(f)
    key = ("recent", dims, days, clamped, today)
    if memo is not None and key in memo:
        return memo[key]
    if days:
        rollups = _table_rollups([_cut_table(DailyFigure.objects.filter(day__in=days), f)])
    else:
        rollups = {group: {} for group in _GROUPING_BITS}
    cells = _live_cells(f, today, clamped)
    _add_rollups(rollups, {group: _rollup_cells(cells, group) for group in _GROUPING_BITS})
    if memo is not None:
        memo[key] = rollups
    return rollups


def _add_rollups(target: dict, source: dict, sign: int = 1) -> dict:
    """Add `source`'s rollups into `target`'s (or take them away, `sign` -1), leaving `source`'s
    rows as they were. A row taken down to nothing is dropped, as counting live never gives one
    (every row it counts is active in the period); the total (group None) stays."""
    for group, rows in source.items():
        into = target.setdefault(group, {})
        for key, row in rows.items():
            total = into.get(key)
            if total is None:
                into[key] = {name: sign * row[name] for name in PETITION_FIGURES}
                continue
            for name in PETITION_FIGURES:
                total[name] += sign * row[name]
            if sign < 0 and group is not None and not any(total.values()):
                del into[key]
    return target


class Cube:
    """A period's petition figures, as the page rolls them up: into the summary, the trend's
    month and the breakdowns by category, workstation and member (`rollup`). Either the cells
    per (category, workstation, assigned member), rolled up on demand and remembered, or the
    rollups themselves, summed by the database from the figure tables (`_table_rollups`)."""

    def __init__(self, cells: dict | None = None, *, rollups: dict | None = None):
        self.cells = cells or {}
        self.rollups: dict = dict(rollups or {})


def rollup(cube, group_by: str | None) -> dict:
    """The cube (a `Cube`, or cells per CUBE key) summed per value of one of its keys (or under
    None for the whole)."""
    if isinstance(cube, Cube):
        if group_by not in cube.rollups:
            cube.rollups[group_by] = _rollup_cells(cube.cells, group_by)
        return dict(cube.rollups[group_by])
    return _rollup_cells(cube, group_by)


def _rollup_cells(cells: dict, group_by: str | None) -> dict:
    position = CUBE.index(group_by) if group_by else None
    result: dict = {}
    for key, row in cells.items():
        group = key[position] if position is not None else None
        target = result.get(group)
        if target is None:
            target = result[group] = dict.fromkeys(PETITION_FIGURES, 0)
        for name in PETITION_FIGURES:
            value = row[name]
            if value:
                target[name] += value
    return result


def _petition_counts(f: StatsFilter, group_by: str | None, today: datetime.date, cube: dict | None = None) -> dict:
    return rollup(period_cube(f, today) if cube is None else cube, group_by)


def _with_rates(row: dict) -> dict:
    row["response_rate"] = rate(row["responded_on_time"], row["response_due"])
    row["resolution_rate"] = rate(row["solved"], row["handled"])
    row["satisfaction_rate"] = rate(row["satisfied"], row["rated"])
    return row


def median_first_response_hours(
    f: StatsFilter, *, today: datetime.date | None = None, plan: tables.PeriodPlan | None = None
) -> float | None:
    """The median time to first response in hours, one decimal: the median of the waits rounded
    to 0.1 h, from the wait histograms of the tables and the live rest (`tables.wait_tenths_median`)."""
    return tables.median_first_response(f, today or timezone.localdate(), plan)


def _handoff_counts(
    f: StatsFilter, group_by: str | None, today: datetime.date, plan: tables.PeriodPlan | None = None
) -> dict:
    """Hand-offs due and answered on time, and the mean handling time in days, per department
    (`tables.handoff_totals`: the department tables where built, the rest live)."""
    result = tables.handoff_totals(f, today, group_by, plan)
    for row in result.values():
        row["on_time_rate"] = rate(row["on_time"], row["due"])
        row["mean_handling_days"] = (
            round(row["handling_seconds"] / row["answered"] / 86400, 1) if row["answered"] else None
        )
        del row["handling_seconds"]
    return dict(result)


def summary(
    f: StatsFilter,
    *,
    today: datetime.date | None = None,
    cube: dict | None = None,
    departments: list | None = None,
    plan: tables.PeriodPlan | None = None,
) -> dict:
    """The headline figures and the rates, as the page, the exports and the API show them.
    `departments` (from `by_department`, same filter) saves counting the hand-offs again: every
    hand-off has exactly one department, so the totals are the sums of its rows."""
    today = today or timezone.localdate()
    plan = plan or tables.period_plan(f, today)
    if cube is None:
        cube = period_cube(f, today, plan)
    row = _petition_counts(f, None, today, cube).get(None) or dict.fromkeys(PETITION_FIGURES, 0)
    row = _with_rates(dict(row))
    row["projects"] = tables.projects_count(f, today, plan)
    row["result_satisfaction_rate"] = rate(row["result_satisfied"], row["result_rated"])
    if departments is not None:
        departments = {key: sum(d[key] for d in departments) for key in ("due", "on_time")}
    else:
        departments = _handoff_counts(f, None, today, plan).get(None) or {"due": 0, "on_time": 0}
    row["handoffs_due"] = departments["due"]
    row["handoffs_on_time"] = departments["on_time"]
    row["department_on_time_rate"] = rate(departments["on_time"], departments["due"])
    row["median_first_response_hours"] = median_first_response_hours(f, today=today, plan=plan)
    return row


def _months_ending(end: datetime.date, count: int) -> list[datetime.date]:
    months, day = [], end.replace(day=1)
    for _ in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_rows(f: StatsFilter, months: list[datetime.date]):
    """The rows of built months holding collected, handled and solved with their month, cut to the
    filter's workstations and dimensions (no department filter: the tables have none). Without a
    member, sector or channel filter, MonthlyTrendFigure (per workstation and category); else the
    months' blocks (every channel in one row) or, with a channel, MonthlyFigure."""
    from stats.models import FigureBlock, MonthlyFigure, MonthlyTrendFigure

    if not (f.member_id or f.sector_id or f.channel):
        table = MonthlyTrendFigure.objects.filter(month__in=months)
        dims = ("category_id",)
    else:
        table = MonthlyFigure.objects.filter(month__in=months)
        if not f.channel:
            blocks, rest = tables.figure_blocks(months, sizes=(1,))
            if not rest:
                table = FigureBlock.objects.filter(block_id__in=list(blocks)).annotate(month=F("block__start"))
        dims = ("category_id", "sector_id", "member_id")
        if f.channel:
            table = table.filter(channel=f.channel)
    if f.workstation_ids is not None:
        table = table.filter(workstation_id__in=f.workstation_ids)
    for name in dims:
        if getattr(f, name):
            table = table.filter(**{name: getattr(f, name)})
    return table


def trend(f: StatsFilter, *, months: int = 12, period_counts: dict | None = None) -> list[dict]:
    """Collected, handled and solved per calendar month, for the `months` months ending with the
    period's last month (the dimensions of `f` apply; its period does not).

    Finished months that `stats.services` has built come from the month tables (`_month_rows`: the
    same definitions, counted ahead); the rest, the current month always among them, are counted live.
    The department filter is not in that table, so with it every month is counted live. When the
    period is its last month (to its end, or to today), `period_counts` (the summary's counts of that period, same
    definitions) stands for that month instead of counting it again."""
    from stats.models import BuiltMonth

    month_list = _months_ending(f.end, months)
    rows = {m: {"month": m, "collected": 0, "handled": 0, "solved": 0} for m in month_list}
    if f.matches_nothing:
        return [{**row, "label": f"{row['month']:%Y-%m}"} for row in rows.values()]
    live = month_list
    if not f.department_id:
        built = set(BuiltMonth.objects.filter(month__in=month_list).values_list("month", flat=True))
        stored = []
        for month in month_list:
            if month not in built:
                break
            stored.append(month)
        if stored:
            table = _month_rows(f, stored)
            sums = (
                table.values("month")
                .order_by()
                .annotate(c=Sum("collected", default=0), h=Sum("handled", default=0), s=Sum("solved", default=0))
            )
            for row in sums:
                rows[row["month"]].update(collected=row["c"], handled=row["h"], solved=row["s"])
        live = month_list[len(stored) :]
    last = month_list[-1]
    # The period is its last month when it starts on the 1st and runs to the month's end or to
    # today (nothing after today has happened yet): the current month's page is the common case.
    last_start, last_end = month_bounds(last)
    covers_last = f.start == last_start and f.end >= min(last_end, timezone.localdate())
    if period_counts is not None and live and live[-1] == last and covers_last:
        rows[last].update({key: period_counts[key] for key in ("collected", "handled", "solved")})
        live = live[:-1]
    if live and not f.department_id and len(live) <= 2:
        # The current month (and the one before, not yet built): its days are in DailyFigure.
        today = timezone.localdate()
        for month in live:
            counts = rollup(period_cube(f.with_period(*month_bounds(month)), today), None).get(None)
            if counts:
                rows[month].update({key: counts[key] for key in ("collected", "handled", "solved")})
    elif live:
        _trend_live(f.with_period(live[0], month_bounds(live[-1])[1]), rows)
    return [{**row, "label": f"{row['month']:%Y-%m}"} for row in rows.values()]


def _trend_live(window: StatsFilter, rows: dict) -> None:
    counted = figures.counted_petitions(window)

    def add(qs, date_field, key, count=None):
        grouped = qs.annotate(m=TruncMonth(date_field)).values("m").order_by().annotate(n=count or Count("pk"))
        for item in grouped:
            month = item["m"].date() if isinstance(item["m"], datetime.datetime) else item["m"]
            if month in rows:
                rows[month][key] += item["n"]

    add(counted.filter(figures.collected_q(window)), "created_at", "collected")
    add(counted.filter(figures.handled_by_reply_q(window)), "replied_at", "handled")
    proposed = (
        figures.proposals_submitted_in(window)
        .filter(
            figures.petition_dimensions(window, prefix="petition__"),
            petition__track=figures.Track.PROPOSE,
            petition__merged_into__isnull=True,
        )
        .exclude(petition__status=figures.Status.SPAM)
    )
    add(proposed, "proposal__submitted_at", "handled", Count("petition_id", distinct=True))
    add(counted.filter(figures.solved_q(window)), "closed_at", "solved")


def by_category(f: StatsFilter, *, today: datetime.date | None = None, cube: dict | None = None) -> list[dict]:
    from petitions.models import Category

    counts = _petition_counts(f, "category_id", today or timezone.localdate(), cube)
    names = dict(Category.objects.values_list("pk", "name"))
    rows = [{"id": key, "name": names.get(key, "未分类"), **_with_rates(dict(row))} for key, row in counts.items()]
    return sorted(rows, key=lambda r: (-r["collected"], -r["handled"], r["name"]))


def by_workstation(f: StatsFilter, *, today: datetime.date | None = None, cube: dict | None = None) -> list[dict]:
    """Workstations ranked by problems solved, then by resolution rate, then by collected."""
    from workstations.models import Workstation

    counts = _petition_counts(f, "workstation_id", today or timezone.localdate(), cube)
    names = dict(Workstation.objects.values_list("pk", "name"))
    rows = [{"id": key, "name": names.get(key, ""), **_with_rates(dict(row))} for key, row in counts.items()]
    rows.sort(key=lambda r: (-r["solved"], -(r["resolution_rate"] or 0), -r["collected"], r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def by_department(
    f: StatsFilter, *, today: datetime.date | None = None, plan: tables.PeriodPlan | None = None
) -> list[dict]:
    from departments.models import Department

    counts = _handoff_counts(f, "department_id", today or timezone.localdate(), plan)
    names = dict(Department.objects.values_list("pk", "name"))
    rows = [{"id": key, "name": names.get(key, ""), **row} for key, row in counts.items()]
    # The members' grades beside the on-time figures (stats.selectors.grades: a query of its own);
    # a department graded in the period with nothing due in it still has its row.
    grades = department_grades(f, today, plan)
    no_handoffs = {"due": 0, "on_time": 0, "answered": 0, "on_time_rate": None, "mean_handling_days": None}
    rows += [{"id": key, "name": names.get(key, ""), **no_handoffs} for key in grades.keys() - counts.keys()]
    rows = [with_grades(row, grades.get(row["id"])) for row in rows]
    for row in rows:
        row["handling_satisfaction_rate"] = rate(row["handling_satisfied"], row["graded"])
    return sorted(rows, key=lambda r: (-(r["on_time_rate"] or 0), -r["due"], r["name"]))


def by_member(f: StatsFilter, *, today: datetime.date | None = None, cube: dict | None = None) -> list[dict]:
    """Members' workload: cases assigned to them that were received, handled and solved in the
    period, and the cases open now."""
    from members.models import Member
    from petitions.choices import OPEN_STATUSES

    counts = _petition_counts(f, "assigned_member_id", today or timezone.localdate(), cube)
    counts.pop(None, None)
    open_now = dict(
        figures.counted_petitions(f)
        .filter(assigned_member__isnull=False, status__in=OPEN_STATUSES)
        .values("assigned_member_id")
        .order_by()
        .annotate(n=Count("*"))  # petition_open_member_idx answers it alone
        .values_list("assigned_member_id", "n")
    )
    ids = set(counts) | set(open_now)
    members = {m.pk: m for m in Member.objects.filter(pk__in=ids).select_related("user", "sector")}
    rows = []
    for key in ids:
        member = members[key]
        row = _with_rates(dict(counts.get(key) or dict.fromkeys(PETITION_FIGURES, 0)))
        rows.append({"id": key, "name": member.name, "sector": member.sector.name, "open": open_now.get(key, 0), **row})
    return sorted(rows, key=lambda r: (-r["handled"], -r["collected"], r["name"]))


def _collected_by_category(f: StatsFilter, months: list[datetime.date]) -> dict:
    """Collected per category over whole calendar months: from the monthly table when every
    month is built (and no department filter), else counted live."""
    from stats.models import BuiltMonth

    if f.matches_nothing or not months:
        return {}
    if not f.department_id and BuiltMonth.objects.filter(month__in=months).count() == len(months):
        table = _month_rows(f, months)
        rows = table.values("category_id").order_by().annotate(n=Sum("collected"))
    else:
        window = f.with_period(months[0], month_bounds(months[-1])[1])
        rows = (
            figures.counted_petitions(window)
            .filter(figures.collected_q(window))
            .values("category_id")
            .order_by()
            .annotate(n=Count("pk"))
        )
    return {row["category_id"]: row["n"] for row in rows}


def rising_categories(
    f: StatsFilter, *, baseline_months: int = 3, limit: int = 5, cube: dict | None = None, today=None
) -> list[dict]:
    """Categories rising most: collected in the period's last calendar month (up to today when it
    is the current month) against the `baseline_months` whole months before it, scaled to the
    same number of days."""
    from petitions.models import Category

    today = today or timezone.localdate()
    month_start, month_end = month_bounds(f.end)
    recent_end = min(month_end, max(today, month_start))
    if cube is not None and (f.start, f.end) == (month_start, month_end):
        recent = {key: row["collected"] for key, row in rollup(cube, "category_id").items()}
    else:
        recent = _collected_by_category(f, [month_start])
    baseline_list = _months_ending(month_start - datetime.timedelta(days=1), baseline_months)
    baseline = _collected_by_category(f, baseline_list)
    baseline_days = (month_start - baseline_list[0]).days
    scale = ((recent_end - month_start).days + 1) / baseline_days
    names = dict(Category.objects.values_list("pk", "name"))
    result = []
    for key, count in recent.items():
        expected = baseline.get(key, 0) * scale
        rise = count - expected
        if count and rise > 0:
            result.append(
                {
                    "id": key,
                    "name": names.get(key, "未分类"),
                    "recent": count,
                    "expected": round(expected, 1),
                    "rise": round(rise, 1),
                    "growth": rate(count - expected, expected) if expected else None,
                }
            )
    result.sort(key=lambda r: (-r["rise"], r["name"]))
    return result[:limit]


def dashboard(f: StatsFilter, *, today: datetime.date | None = None) -> dict:
    """Everything the dashboard page shows, from one filter: the page, the exports and the API
    all call this."""
    today = today or timezone.localdate()
    token = tables.DASHBOARD_MEMO.set({})
    try:
        plan = tables.period_plan(f, today)
        cube = period_cube(f, today, plan)
        departments = by_department(f, today=today, plan=plan)
        return {
            "summary": summary(f, today=today, cube=cube, departments=departments, plan=plan),
            "trend": trend(f, period_counts=rollup(cube, None).get(None, dict.fromkeys(PETITION_FIGURES, 0))),
            "categories": by_category(f, today=today, cube=cube),
            "workstations": by_workstation(f, today=today, cube=cube),
            "departments": departments,
            "members": by_member(f, today=today, cube=cube),
            "rising_categories": rising_categories(f, cube=cube, today=today),
        }
    finally:
        tables.DASHBOARD_MEMO.reset(token)


def dashboard_to_date(*, today: datetime.date) -> dict:
    """The whole dashboard "to date" (累计: from the first record, imported history included) for the
    whole installation: what a backup records and its restore drill recomputes (common.backup)."""
    return dashboard(StatsFilter(start=datetime.date(1900, 1, 1), end=today, kind=PeriodKind.CUSTOM), today=today)
