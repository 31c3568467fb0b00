"""Hot topics: the words rising most in what citizens wrote recently, to help the office choose
its yearly research topic (重点调研课题). Word segmentation by jieba with the office's own names
(stats.segment)."""

import datetime
import hashlib
from collections import Counter

from django.core.cache import cache

import stats.selectors.figures as figures
from departments.models import Department
from petitions.models import Category
from stats.filters import StatsFilter
from stats.segment import vocabulary_from, words_of
from workstations.models import Workstation

SAMPLE = 3000  # the latest petitions of each window read; enough to rank words, cheap to segment


def office_vocabulary() -> frozenset[str]:
    """The office's own names, for the segmenter's user dictionary: workstations (and the places
    in their addresses), departments (name and short name) and categories."""
    stations = list(Workstation.objects.values_list("name", "address"))
    departments = Department.objects.values_list("name", "short_name")
    return vocabulary_from(
        names=[
            *(name for name, _address in stations),
            *(name for pair in departments for name in pair),
            *Category.objects.values_list("name", flat=True),
        ],
        addresses=[address for _name, address in stations],
    )


def _words(texts, *, vocabulary: frozenset[str] = frozenset()) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        # Count a word once per petition: ten citizens, not one long letter, make a topic.
        counts.update(words_of(text, vocabulary=vocabulary))
    return counts


def _petition_words(rows, *, vocabulary: frozenset[str]) -> Counter:
    """Words per petition over (pk, content) rows: the stored words (stats.models.PetitionWord,
    segmented once by the minute sweep) where there are some, the text segmented here for the
    petitions the sweep has not reached yet (or that have no word at all)."""
    from stats.models import PetitionWord

    ids = [pk for pk, _content in rows]
    counts: Counter = Counter()
    stored: set = set()
    for start in range(0, len(ids), 1000):
        for petition_id, word in PetitionWord.objects.filter(petition_id__in=ids[start : start + 1000]).values_list(
            "petition_id", "word"
        ):
            counts[word] += 1
            stored.add(petition_id)
    counts.update(_words([content for pk, content in rows if pk not in stored], vocabulary=vocabulary))
    return counts


def rising_words(f: StatsFilter, *, recent_days: int = 30, baseline_days: int = 90, limit: int = 15) -> list[dict]:
    """Words whose share of petitions rose most: the last `recent_days` before the period's end
    against the `baseline_days` before that (latest SAMPLE petitions of each window)."""
    # Hashed: the filter's repr has spaces and quotes, which memcached and Redis key rules frown on.
    scope = repr((f.end, f.workstation_ids, f.sector_id, f.category_id, f.department_id, f.channel))
    key = "stats:words:" + hashlib.sha256(scope.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    recent = f.with_period(f.end - datetime.timedelta(days=recent_days - 1), f.end)
    base_end = recent.start - datetime.timedelta(days=1)
    baseline = f.with_period(base_end - datetime.timedelta(days=baseline_days - 1), base_end)

    def texts(window):
        return list(figures.collected_petitions(window).order_by("-created_at").values_list("pk", "content")[:SAMPLE])

    recent_texts, base_texts = texts(recent), texts(baseline)
    vocabulary = office_vocabulary()
    now = _petition_words(recent_texts, vocabulary=vocabulary)
    before = _petition_words(base_texts, vocabulary=vocabulary)
    n_now, n_before = max(len(recent_texts), 1), max(len(base_texts), 1)
    rows = []
    for word, count in now.items():
        if count < 2:
            continue
        share_now = count / n_now
        share_before = before.get(word, 0) / n_before
        rows.append(
            {
                "word": word,
                "recent": count,
                "recent_share": round(100 * share_now, 1),
                "baseline_share": round(100 * share_before, 1),
                "rise": round(100 * (share_now - share_before), 1),
            }
        )
    rows.sort(key=lambda r: (-r["rise"], -r["recent"], r["word"]))
    result = [r for r in rows if r["rise"] > 0][:limit]
    cache.set(key, result, 600)
    return result
