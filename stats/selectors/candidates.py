"""Topic candidates (课题候选): what citizens raised most in a period, by category, by word, by place
and by the sector of the member who handled it, each beside the same period a year before, for the
office's yearly research topic (重点调研课题, SPEC "From petitions to policy").

Every count is a count of *collected* petitions (figures.collected_petitions: received in the
period, spam and merged duplicates left out, the filter's dimensions applied), and every count
opens exactly its rows: `candidate_cases` is `collected_petitions` narrowed by the candidate, and
the count is that queryset's count in the tests.

- category: the petition's category (the dashboard's ?category=).
- sector: the sector of the member the case is assigned to (the dashboard's ?sector=).
- workstation: the workstation with everything beneath it (a district counts its streets and
  communities), as the dashboard's ?workstation= filter expands it.
- place: the petition's 发生地点 text (`location`: where the problem is, as the citizen or the
  member typed it, never the citizen's home address). The citizen's address (`citizen_address`) is
  personal data, encrypted, and is never decrypted for this: where a petition has no location it
  counts under its workstation only.
- word: the words of the content as the dashboard's hot words segment them (stats.segment),
  stored per petition (PetitionWord) and per month (CandidateMonth, stats.services_candidates).

Speed at a million petitions (bench/topics.py): every dimension reads CandidateMonth (words, places,
and the assigned member for category, workstation and sector) for whole finished months, and counts
live the rest (the current month, the edges of a custom period) and everything under a filter the
table does not keep (sector, channel, department, member)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import replace

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import stats.selectors.figures as figures
from members.models import Member, Sector
from petitions.choices import Status
from petitions.models import Category, Petition
from stats.filters import PeriodKind, StatsFilter, month_bounds, workstation_subtree
from stats.models import BuiltCandidateMonth, CandidateKind, CandidateMonth, PetitionWord
from workstations.models import Workstation

DIMENSIONS = {
    "category": _("类别"),
    "word": _("词语"),
    "place": _("发生地点"),
    "workstation": _("工作室"),
    "sector": _("承办委员界别"),
}
INTEGER_DIMENSIONS = ("category", "workstation", "sector")
VALUE_MAX = 200


class CandidateError(ValueError):
    """A candidate that cannot be named: an unknown dimension or a malformed value."""


def previous_year(f: StatsFilter) -> StatsFilter | None:
    """The same period a year before (29 February becomes the 28th); None for "to date", which
    has nothing before it."""
    if f.kind == PeriodKind.TO_DATE:
        return None

    def back(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    end = back(f.end)
    if f.end == month_bounds(f.end)[1]:
        end = month_bounds(end)[1]  # a period ending on 29 February ends on the 28th a year before
    return replace(f, start=back(f.start), end=end)


# --- Counting ------------------------------------------------------------------------------------

PLACE_MAX = CandidateMonth._meta.get_field("value").max_length


def collected_through(prefix: str, f: StatsFilter) -> Q:
    """figures.collected_petitions(f) as a condition on a related petition (`prefix`, e.g.
    "petition__"): the words are counted by joining each word to its petition once, not through an
    IN (subquery) that PostgreSQL answers with a scan of every petition (bench/topics.py: 3.0 s →
    0.3 s for a month of words). The tests hold it equal to collected_petitions' lists."""
    return (
        Q(**{f"{prefix}created_at__gte": f.start_at, f"{prefix}created_at__lt": f.end_before})
        & ~Q(**{f"{prefix}status": Status.SPAM})
        & Q(**{f"{prefix}merged_into__isnull": True})
        & figures.petition_dimensions(f, prefix=prefix)
    )


def month_counts(f: StatsFilter, kind: str) -> dict:
    """{(workstation_id, category_id, value): petitions} over the collected petitions of the
    period: the one count CandidateMonth stores and the live path adds to (one definition). The
    value is a word, a place, or (kind "member") the assigned member's id ("" for none)."""
    if f.matches_nothing:
        return {}
    if kind == CandidateKind.WORD:
        rows = (
            PetitionWord.objects.filter(collected_through("petition__", f))
            .values_list("petition__workstation_id", "petition__category_id", "word")
            .order_by()
            .annotate(n=Count("petition_id"))
        )
    elif kind == CandidateKind.PLACE:
        rows = (
            figures.collected_petitions(f)
            .exclude(location="")
            .values_list("workstation_id", "category_id", "location")
            .order_by()
            .annotate(n=Count("pk"))
        )
    else:
        rows = (
            figures.collected_petitions(f)
            .values_list("workstation_id", "category_id", "assigned_member_id")
            .order_by()
            .annotate(n=Count("pk"))
        )
    counts: dict = defaultdict(int)
    for ws, category, value, n in rows:
        counts[(ws, category, "" if value is None else str(value)[:PLACE_MAX])] += n
    return dict(counts)


def _reduce(rows: dict, keys: tuple) -> Counter:
    """Sum {(workstation_id, category_id, value): n} down to `keys` (a tuple of those names)."""
    position = {"workstation_id": 0, "category_id": 1, "value": 2}
    totals: Counter = Counter()
    for key, n in rows.items():
        totals[tuple(key[position[k]] for k in keys) if len(keys) > 1 else key[position[keys[0]]]] += n
    return totals


def value_totals(rows) -> Counter:
    """Sum {(ws, category, value): n} down to {value: n}."""
    return _reduce(rows, ("value",))


def _segments(f: StatsFilter, built: set) -> tuple[list, list, list]:
    """(built months read from the table, date ranges counted live and added, date ranges counted
    live and taken away), covering the period. A built month the period covers mostly (a custom
    range, "the last 365 days") is read whole from the table less its few days outside the period:
    fewer days counted live than the days inside it (bench/topics.py: 3.0 s → 0.6 s)."""
    table, live, minus = [], [], []

    def add(ranges, start, end):
        if ranges and ranges[-1][1] + datetime.timedelta(days=1) == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))

    month = f.start.replace(day=1)
    while month <= f.end:
        first, last = month_bounds(month)
        start, end = max(first, f.start), min(last, f.end)
        inside = (end - start).days + 1
        whole = (last - first).days + 1
        if first in built and inside == whole:
            table.append(first)
        elif first in built and inside * 2 > whole:
            table.append(first)
            if start > first:
                add(minus, first, start - datetime.timedelta(days=1))
            if end < last:
                add(minus, end + datetime.timedelta(days=1), last)
        else:
            add(live, start, end)
        month = last + datetime.timedelta(days=1)
    return table, live, minus


def value_counts(f: StatsFilter, kind: str, keys: tuple = ("value",)) -> Counter:
    """{value (or the tuple of `keys`): collected petitions} for the period, from CandidateMonth
    for the whole finished months built, live for the rest (see the module docstring)."""
    if f.matches_nothing:
        return Counter()
    if f.sector_id or f.channel or f.department_id or f.member_id:
        return _reduce(month_counts(f, kind), keys)
    this_month = timezone.localdate().replace(day=1)
    months = [m for m in _month_starts(f) if m < this_month]
    built = (
        set(BuiltCandidateMonth.objects.filter(month__in=months).values_list("month", flat=True)) if months else set()
    )
    table, live, minus = _segments(f, built)
    counts: Counter = Counter()
    if table:
        rows = CandidateMonth.objects.filter(month__in=table, kind=kind)
        if f.workstation_ids is None and not f.category_id and keys == ("value",) and kind != CandidateKind.MEMBER:
            rows = rows.filter(workstation_id__isnull=True)  # the month's totals
        else:
            rows = rows.filter(workstation_id__isnull=False)
            if f.workstation_ids is not None:
                rows = rows.filter(workstation_id__in=f.workstation_ids)
            if f.category_id:
                rows = rows.filter(category_id=f.category_id)
        for *key, n in rows.values_list(*keys).order_by().annotate(n=Sum("petitions")):
            counts[tuple(key) if len(keys) > 1 else key[0]] += n
    for start, end in live:
        counts.update(_reduce(month_counts(f.with_period(start, end), kind), keys))
    for start, end in minus:
        counts.subtract(_reduce(month_counts(f.with_period(start, end), kind), keys))
    return +counts


def _month_starts(f: StatsFilter) -> list[datetime.date]:
    months, month = [], f.start.replace(day=1)
    while month <= f.end:
        months.append(month)
        month = month_bounds(month)[1] + datetime.timedelta(days=1)
    return months


def _case_counts(f: StatsFilter, tree: dict) -> dict:
    """{dimension: Counter} for category, sector and workstation, from the candidates' own
    per-member counts (kind "member"): one small sum, whatever the dashboard's tables do."""
    rows = value_counts(f, CandidateKind.MEMBER, keys=("workstation_id", "category_id", "value"))
    categories: Counter = Counter()
    members: Counter = Counter()
    own: Counter = Counter()
    for (ws, category, member), n in rows.items():
        if category:
            categories[category] += n
        if member:
            members[int(member)] += n
        own[ws] += n
    sector_of = dict(Member.objects.filter(pk__in=list(members)).values_list("pk", "sector_id"))
    sectors: Counter = Counter()
    for member, n in members.items():
        if sector_of.get(member):
            sectors[sector_of[member]] += n
    stations: Counter = Counter()
    shown = f.workstation_ids if f.workstation_ids is not None else frozenset(_all_ids(tree))
    for pk in shown:
        subtree = workstation_subtree(pk, tree)
        if f.workstation_ids is not None:
            subtree &= f.workstation_ids
        total = sum(own.get(ws, 0) for ws in subtree)
        if total:
            stations[pk] = total
    return {"category": +categories, "sector": +sectors, "workstation": stations}


def _all_ids(tree: dict) -> set:
    ids = set()
    for parent, children in tree.items():
        if parent is not None:
            ids.add(parent)
        ids.update(children)
    return ids


def _counts(f: StatsFilter, tree: dict) -> dict:
    counts = _case_counts(f, tree)
    counts["word"] = value_counts(f, CandidateKind.WORD)
    counts["place"] = value_counts(f, CandidateKind.PLACE)
    return counts


def _labels(dimension: str, keys) -> dict:
    keys = list(keys)
    if dimension == "category":
        return dict(Category.objects.filter(pk__in=keys).values_list("pk", "name"))
    if dimension == "sector":
        return {pk: gettext(name) for pk, name in Sector.objects.filter(pk__in=keys).values_list("pk", "name")}
    if dimension == "workstation":
        return dict(Workstation.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {key: key for key in keys}


def candidates(f: StatsFilter, *, tree: dict, limit: int = 10) -> dict:
    """{dimension: [row]} ranked by this period's count: each row has the key (the value the case
    list takes), a label, the count, the count a year before (None for "to date"), the change and
    the change in percent (None without a count a year before)."""
    from stats.selectors.aggregates import rate

    now = _counts(f, tree)
    before_filter = previous_year(f)
    before = _counts(before_filter, tree) if before_filter else None
    result = {}
    for dimension in DIMENSIONS:
        top = sorted(now[dimension].items(), key=lambda item: (-item[1], str(item[0])))[:limit]
        labels = _labels(dimension, [key for key, _n in top])
        rows = []
        for key, count in top:
            previous = before[dimension].get(key, 0) if before is not None else None
            rows.append(
                {
                    "key": key,
                    "label": labels.get(key, key),
                    "count": count,
                    "previous": previous,
                    "change": None if previous is None else count - previous,
                    "change_rate": None if not previous else rate(count - previous, previous),
                }
            )
        result[dimension] = rows
    return {"rows": result, "previous": before_filter}


# --- The cases behind a candidate ------------------------------------------------------------------


def candidate_value(dimension: str, raw: str):
    """The candidate's key from the query string, or CandidateError."""
    if dimension not in DIMENSIONS:
        raise CandidateError(gettext("未知的候选维度。"))
    raw = (raw or "").strip()
    if not raw or len(raw) > VALUE_MAX:
        raise CandidateError(gettext("缺少候选内容，或内容过长。"))
    if dimension in INTEGER_DIMENSIONS:
        try:
            return int(raw)
        except ValueError:
            raise CandidateError(gettext("候选编号应为数字。")) from None
    return raw


def candidate_label(dimension: str, value) -> str:
    return str(_labels(dimension, [value]).get(value, value))


def candidate_filter(f: StatsFilter, dimension: str, value, *, tree: dict) -> tuple[StatsFilter, Q]:
    """The filter and extra condition that select exactly the candidate's collected petitions."""
    nothing = replace(f, workstation_ids=frozenset())
    if dimension == "category":
        return (nothing if f.category_id and f.category_id != value else replace(f, category_id=value)), Q()
    if dimension == "sector":
        return (nothing if f.sector_id and f.sector_id != value else replace(f, sector_id=value)), Q()
    if dimension == "workstation":
        subtree = workstation_subtree(value, tree)
        return replace(f, workstation_ids=subtree if f.workstation_ids is None else subtree & f.workstation_ids), Q()
    if dimension == "word":
        return f, Q(Exists(PetitionWord.objects.filter(petition=OuterRef("pk"), word=value)))
    return f, Q(location=value)


def candidate_cases(*, f: StatsFilter, dimension: str, value, tree: dict, user):
    """The candidate's collected petitions that this user may see, newest first, with what a
    list row shows loaded and the contact columns left out (the same rows as the dashboard's
    collected list for that filter)."""
    narrowed, condition = candidate_filter(f, dimension, value, tree=tree)
    visible = Petition.objects.visible_to(user).values("pk")
    return (
        figures.collected_petitions(narrowed)
        .filter(condition)
        .filter(pk__in=visible)
        .select_related("workstation", "category", "assigned_member__user", "assigned_member__sector")
        # Never the citizen's contact data: not shown, not exported, so never read or decrypted.
        .defer(*Petition.CONTACT_VALUE_FIELDS, "citizen_phone_hash")
        .order_by("-created_at", "-pk")
    )


def candidate_months(cases, f: StatsFilter) -> list[dict]:
    """Cases per calendar month of the period (for the summary page's chart)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    counts = {
        (m.date() if isinstance(m, datetime.datetime) else m): n
        for m, n in cases.order_by()
        .annotate(m=TruncMonth("created_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    }
    return [{"month": m, "label": f"{m:%Y-%m}", "count": counts.get(m, 0)} for m in _month_starts(f)]


def candidate_breakdown(cases, field: str, limit: int = 10) -> list[tuple[str, int]]:
    """(name, cases) per value of a related name field (e.g. "workstation__name")."""
    from django.db.models import Count

    rows = cases.order_by().values_list(field).annotate(n=Count("pk")).order_by("-n", field)[:limit]
    return [(name or "—", n) for name, n in rows]
