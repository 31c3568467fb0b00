"""The numbers: counts of the rows defined in `figures`, in as few indexed aggregate queries as
the definitions allow. A petition figure is never computed here any other way than by counting
the condition `figures` gives it; `tests/stats` checks each count against its drill-down list."""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from stats.filters import StatsFilter, month_bounds
from stats.selectors import figures

PETITION_FIGURES = (
    "collected",
    "handled",
    "solved",
    "households",
    "response_due",
    "responded_on_time",
    "rated",
    "satisfied",
)


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median of an interval or a number."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def rate(numerator: int, denominator: int) -> float | None:
    """A share in percent, one decimal; None when there is nothing to divide by (shown as "—")."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


CUBE = ("category_id", "workstation_id", "assigned_member_id")


def petition_cube(f: StatsFilter, today: datetime.date) -> dict:
    """Every petition figure per (category, workstation, assigned member), in two queries: one
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
    replied = figures.handled_by_reply_q(f)
    active = collected | replied | solved | rated
    rows = (
        figures.counted_petitions(f)
        .filter(active)
        .values(*CUBE)
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
        )
    )
    cube: dict = defaultdict(lambda: dict.fromkeys(PETITION_FIGURES, 0))
    for row in rows:
        cube[tuple(row.pop(key) for key in CUBE)].update(row)
    proposed = (
        figures.proposals_submitted_in(f)
        .filter(
            figures.petition_dimensions(f, prefix="petition__"),
            petition__track=figures.Track.PROPOSE,
            petition__merged_into__isnull=True,
        )
        .exclude(petition__status=figures.Status.SPAM)
        .values(*(f"petition__{key}" for key in CUBE))
        .order_by()
        .annotate(n=Count("petition_id", distinct=True))
    )
    for row in proposed:
        cube[tuple(row[f"petition__{key}"] for key in CUBE)]["handled"] += row["n"]
    return dict(cube)


def rollup(cube: dict, group_by: str | None) -> dict:
    """The cube summed per value of one of its keys (or under None for the whole)."""
    position = CUBE.index(group_by) if group_by else None
    result: dict = defaultdict(lambda: dict.fromkeys(PETITION_FIGURES, 0))
    for key, row in cube.items():
        target = result[key[position] if position is not None else None]
        for name in PETITION_FIGURES:
            target[name] += row[name] or 0
    return dict(result)


def _petition_counts(f: StatsFilter, group_by: str | None, today: datetime.date, cube: dict | None = None) -> dict:
    return rollup(petition_cube(f, today) if cube is None else cube, group_by)


def _with_rates(row: dict) -> dict:
    row["response_rate"] = rate(row["responded_on_time"], row["response_due"])
    row["resolution_rate"] = rate(row["solved"], row["handled"])
    row["satisfaction_rate"] = rate(row["satisfied"], row["rated"])
    return row


def median_first_response_hours(f: StatsFilter) -> float | None:
    qs = figures.first_responded_petitions(f)
    waited = ExpressionWrapper(F("first_responded_at") - F("created_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        value = qs.aggregate(m=Median(waited))["m"]
    else:  # SQLite on a laptop: no percentile_cont; the same median in Python.
        values = sorted(b - a for a, b in qs.values_list("created_at", "first_responded_at"))
        value = None
        if values:
            mid = len(values) // 2
            value = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _handoff_counts(f: StatsFilter, group_by: str | None, today: datetime.date) -> dict:
    """Hand-offs due and answered on time, and the mean handling time in days, per department."""
    result: dict = defaultdict(lambda: {"due": 0, "on_time": 0, "answered": 0, "handling_seconds": 0.0})
    sources = (
        (figures.due_consultations(f, today=today), figures.CONSULTATION_ON_TIME, "answered_at"),
        (figures.due_assignments(f, today=today), figures.ASSIGNMENT_ON_TIME, "reported_at"),
    )
    for qs, on_time, done_field in sources:
        took = ExpressionWrapper(F(done_field) - F("created_at"), output_field=DurationField())
        aggregates = {
            "due": Count("pk"),
            "on_time": Count("pk", filter=on_time),
            "answered": Count("pk", filter=Q(**{f"{done_field}__isnull": False})),
            "took": Avg(took),
        }
        rows = qs.values(group_by).order_by().annotate(**aggregates) if group_by else [qs.aggregate(**aggregates)]
        for row in rows:
            target = result[row.get(group_by) if group_by else None]
            target["due"] += row["due"]
            target["on_time"] += row["on_time"]
            target["answered"] += row["answered"]
            if row["took"] is not None:
                target["handling_seconds"] += row["took"].total_seconds() * row["answered"]
    for row in result.values():
        row["on_time_rate"] = rate(row["on_time"], row["due"])
        row["mean_handling_days"] = (
            round(row["handling_seconds"] / row["answered"] / 86400, 1) if row["answered"] else None
        )
        del row["handling_seconds"]
    return dict(result)


def summary(f: StatsFilter, *, today: datetime.date | None = None, cube: dict | None = None) -> dict:
    """The headline figures and the rates, as the page, the exports and the API show them."""
    today = today or timezone.localdate()
    row = _petition_counts(f, None, today, cube).get(None) or dict.fromkeys(PETITION_FIGURES, 0)
    row = _with_rates(dict(row))
    row["projects"] = figures.project_proposals(f).count()
    departments = _handoff_counts(f, None, today).get(None) or {"due": 0, "on_time": 0}
    row["handoffs_due"] = departments["due"]
    row["handoffs_on_time"] = departments["on_time"]
    row["department_on_time_rate"] = rate(departments["on_time"], departments["due"])
    row["median_first_response_hours"] = median_first_response_hours(f)
    return row


def _months_ending(end: datetime.date, count: int) -> list[datetime.date]:
    months, day = [], end.replace(day=1)
    for _ in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def trend(f: StatsFilter, *, months: int = 12) -> list[dict]:
    """Collected, handled and solved per calendar month, for the `months` months ending with the
    period's last month (the dimensions of `f` apply; its period does not).

    Finished months that `stats.services` has built come from the MonthlyFigure table (the same
    definitions, counted ahead); the rest, the current month always among them, are counted live.
    The department filter is not in that table, so with it every month is counted live."""
    from stats.models import BuiltMonth, MonthlyFigure

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
            table = MonthlyFigure.objects.filter(month__in=stored)
            if f.workstation_ids is not None:
                table = table.filter(workstation_id__in=f.workstation_ids)
            for name in ("category_id", "sector_id", "member_id"):
                if getattr(f, name):
                    table = table.filter(**{name: getattr(f, name)})
            if f.channel:
                table = table.filter(channel=f.channel)
            sums = (
                table.values("month")
                .order_by()
                .annotate(c=Sum("collected", default=0), h=Sum("handled", default=0), s=Sum("solved", default=0))
            )
            for row in sums:
                rows[row["month"]].update(collected=row["c"], handled=row["h"], solved=row["s"])
        live = month_list[len(stored) :]
    if live:
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


def by_department(f: StatsFilter, *, today: datetime.date | None = None) -> list[dict]:
    from departments.models import Department

    counts = _handoff_counts(f, "department_id", today or timezone.localdate())
    names = dict(Department.objects.values_list("pk", "name"))
    rows = [{"id": key, "name": names.get(key, ""), **row} for key, row in counts.items()]
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
        .annotate(n=Count("pk"))
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


def rising_categories(f: StatsFilter, *, recent_days: int = 30, baseline_days: int = 90, limit: int = 5) -> list[dict]:
    """Categories rising most: collected in the last `recent_days` before the period's end, against
    the mean of the same length over the `baseline_days` before that."""
    from petitions.models import Category

    end = f.end
    recent = f.with_period(end - datetime.timedelta(days=recent_days - 1), end)
    base_end = recent.start - datetime.timedelta(days=1)
    baseline = f.with_period(base_end - datetime.timedelta(days=baseline_days - 1), base_end)
    whole = f.with_period(baseline.start, end)
    rows = (
        figures.counted_petitions(whole)
        .filter(figures.collected_q(whole))
        .values("category_id")
        .order_by()
        .annotate(
            recent=Count("pk", filter=figures.collected_q(recent)),
            baseline=Count("pk", filter=figures.collected_q(baseline)),
        )
    )
    names = dict(Category.objects.values_list("pk", "name"))
    scale = recent_days / baseline_days
    result = []
    for row in rows:
        expected = row["baseline"] * scale
        rise = row["recent"] - expected
        if row["recent"] and rise > 0:
            result.append(
                {
                    "id": row["category_id"],
                    "name": names.get(row["category_id"], "未分类"),
                    "recent": row["recent"],
                    "expected": round(expected, 1),
                    "rise": round(rise, 1),
                    "growth": rate(row["recent"] - expected, expected) if expected else None,
                }
            )
    result.sort(key=lambda r: (-r["rise"], r["name"]))
    return result[:limit]


def dashboard(f: StatsFilter, *, today: datetime.date | None = None) -> dict:
    """Everything the dashboard page shows, from one filter: the page, the exports and the API
    all call this."""
    today = today or timezone.localdate()
    cube = petition_cube(f, today)
    return {
        "summary": summary(f, today=today, cube=cube),
        "trend": trend(f),
        "categories": by_category(f, today=today, cube=cube),
        "workstations": by_workstation(f, today=today, cube=cube),
        "departments": by_department(f, today=today),
        "members": by_member(f, today=today, cube=cube),
        "rising_categories": rising_categories(f),
    }
