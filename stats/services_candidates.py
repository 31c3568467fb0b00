"""The writes behind the topic candidates (stats.selectors.candidates): each petition's words,
segmented once (PetitionWord), and the monthly counts of words and places (CandidateMonth) that a
year view reads instead of a year of petitions.

Why tables at all: segmenting the ~500,000 petitions of a year at a million petitions takes
minutes (jieba does ~7,000 short texts a second on one core), and counting their ~2.5 million
words live takes seconds; the finished months read from CandidateMonth take milliseconds
(bench/topics.py prints both).

Both tables are derived and rebuilt, never edited: `candidates_sweep` (the beat, every minute)
segments the petitions that have no words yet (new at intake, the API or the history import) and
rebuilds the months whose petitions were indexed, touched by events (spam, merge, a new category)
or never built. `manage.py petition_words` backfills or re-segments everything."""

import datetime
import io

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncMonth
from django.utils import timezone

from petitions.models import Petition, PetitionEvent
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltCandidateMonth, CandidateKind, CandidateMonth, PetitionWord
from stats.segment import words_of
from stats.selectors.candidates import month_counts, value_totals

WORD_MAX = PetitionWord._meta.get_field("word").max_length
# New petitions are looked for above the highest one indexed, less this many ids: a transaction
# that took a lower id may commit after a higher one was indexed.
ID_MARGIN = 5000


def _insert_words(pairs: list[tuple[int, str]]) -> None:
    """Insert (petition_id, word) rows: COPY on PostgreSQL (a backfill writes millions),
    bulk_create elsewhere (SQLite for `make run`)."""
    if not pairs:
        return
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for petition_id, word in pairs:
            # Words are Chinese characters only (stats.segment.WORD): nothing to escape for COPY.
            buffer.write(f"{petition_id}\t{word}\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
            if hasattr(raw, "copy_expert"):
                raw.copy_expert(f"COPY {PetitionWord._meta.db_table} (petition_id, word) FROM STDIN", buffer)
                return
            with raw.copy(f"COPY {PetitionWord._meta.db_table} (petition_id, word) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        return
    PetitionWord.objects.bulk_create([PetitionWord(petition_id=p, word=w) for p, w in pairs], batch_size=5000)


@transaction.atomic
def petition_words_index(*, petition_ids, vocabulary: frozenset[str] | None = None) -> int:
    """(Re)segment these petitions' content into PetitionWord rows, with the office's names as the
    dashboard's hot words use them. Returns the number of words written. Idempotent."""
    from stats.selectors.topics import office_vocabulary

    ids = list(petition_ids)
    if not ids:
        return 0
    vocabulary = office_vocabulary() if vocabulary is None else vocabulary
    pairs = []
    for pk, content in Petition.objects.filter(pk__in=ids).values_list("pk", "content"):
        pairs.extend(
            (pk, word) for word in sorted(words_of(content or "", vocabulary=vocabulary)) if len(word) <= WORD_MAX
        )
    PetitionWord.objects.filter(petition_id__in=ids).delete()
    _insert_words(pairs)
    return len(pairs)


def petitions_without_words(*, above: int | None = None):
    """Petitions not segmented yet, above the id `above` (None: all)."""
    qs = Petition.objects.filter(~Exists(PetitionWord.objects.filter(petition=OuterRef("pk"))))
    return qs if above is None else qs.filter(pk__gt=above)


def petition_words_backfill(*, rebuild: bool = False, batch: int = 5000, progress=None) -> int:
    """Segment every petition without words (or, with `rebuild`, every petition), `batch` at a
    time, each batch in a transaction of its own; then rebuild the candidate months. Returns the
    number of petitions segmented."""
    from stats.selectors.topics import office_vocabulary

    vocabulary = office_vocabulary()
    source = Petition.objects.all() if rebuild else petitions_without_words()
    ids = list(source.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        petition_words_index(petition_ids=ids[start : start + batch], vocabulary=vocabulary)
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    candidate_months_refresh(months=_months_of(ids) if not rebuild else _all_months())
    return len(ids)


def _months_of(petition_ids) -> list[datetime.date]:
    months: set = set()
    ids = list(petition_ids)
    for start in range(0, len(ids), 20000):
        months |= {
            _date(m)
            for m in Petition.objects.filter(pk__in=ids[start : start + 20000])
            .annotate(m=TruncMonth("created_at"))
            .values_list("m", flat=True)
            .distinct()
        }
    return sorted(months)


def _all_months() -> list[datetime.date]:
    return sorted(
        {_date(m) for m in Petition.objects.annotate(m=TruncMonth("created_at")).values_list("m", flat=True).distinct()}
    )


def _date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@transaction.atomic
def candidate_months_refresh(*, months) -> int:
    """Rebuild CandidateMonth for these finished months (the current month and later are always
    counted live). Returns the number of rows written. Idempotent."""
    this_month = timezone.localdate().replace(day=1)
    months = sorted({m.replace(day=1) for m in months if m.replace(day=1) < this_month})
    if not months:
        return 0
    rows = []
    for month in months:
        f = StatsFilter(start=month, end=month_bounds(month)[1])
        for kind in CandidateKind.values:
            counts = month_counts(f, kind)
            rows.extend(
                CandidateMonth(
                    month=month, workstation_id=ws, category_id=category, kind=kind, value=value, petitions=n
                )
                for (ws, category, value), n in counts.items()
            )
            if kind != CandidateKind.MEMBER:
                # The month's totals (workstation_id NULL), for the view with no workstation or category.
                rows.extend(
                    CandidateMonth(month=month, workstation_id=None, category_id=None, kind=kind, value=v, petitions=n)
                    for v, n in value_totals(counts).items()
                )
    CandidateMonth.objects.filter(month__in=months).delete()
    CandidateMonth.objects.bulk_create(rows, batch_size=5000)
    now = timezone.now()
    for month in months:
        BuiltCandidateMonth.objects.update_or_create(month=month, defaults={"built_at": now})
    return len(rows)


def candidates_sweep(*, lookback_minutes: int = 5, history_months: int = 24) -> int:
    """What the beat runs every minute: segment the petitions that have no words yet, then
    rebuild the finished months they fall in, the months whose petitions had events in the last
    `lookback_minutes` (a petition marked spam, merged or recategorised leaves or moves its
    counts), and any of the last `history_months` not built yet. Returns rows written."""
    from stats.selectors.topics import office_vocabulary

    newest = PetitionWord.objects.order_by("-petition_id").values_list("petition_id", flat=True).first()
    above = None if newest is None else newest - ID_MARGIN
    new_ids = list(petitions_without_words(above=above).order_by("pk").values_list("pk", flat=True)[:20000])
    written = 0
    if new_ids:
        vocabulary = office_vocabulary()
        for start in range(0, len(new_ids), 2000):
            written += petition_words_index(petition_ids=new_ids[start : start + 2000], vocabulary=vocabulary)
    months = set(_months_of(new_ids))
    since = timezone.now() - datetime.timedelta(minutes=lookback_minutes)
    touched = PetitionEvent.objects.filter(created_at__gte=since).values("petition_id")
    months |= {
        _date(m)
        for m in Petition.objects.filter(pk__in=touched)
        .annotate(m=TruncMonth("created_at"))
        .values_list("m", flat=True)
        .distinct()
    }
    wanted, month = [], timezone.localdate().replace(day=1)
    for _ in range(history_months):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        wanted.append(month)
    built = set(BuiltCandidateMonth.objects.filter(month__in=wanted).values_list("month", flat=True))
    months |= {m for m in wanted if m not in built}
    return written + candidate_months_refresh(months=months)
