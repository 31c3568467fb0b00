"""Hot topics: the words rising most in what citizens wrote recently, to help the office choose
its yearly research topic (重点调研课题). Word segmentation by jieba."""

import datetime
import hashlib
import re
from collections import Counter

from django.core.cache import cache

import stats.selectors.figures as figures
from stats.filters import StatsFilter

SAMPLE = 3000  # the latest petitions of each window read; enough to rank words, cheap to segment
_STOP = set(
    "我们 你们 他们 这个 那个 什么 没有 可以 已经 因为 所以 但是 还是 就是 如果 希望 问题 "
    "反映 情况 现在 一直 还有 能否 是否 一下 一些 这里 那里 请问 自己 非常 影响 居民 群众 "
    "我家 附近 今年 去年 每天 晚上 白天 时候 相关 部门 解决 处理 建议 要求".split()
)
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def _words(texts) -> Counter:
    import jieba

    counts: Counter = Counter()
    for text in texts:
        # Count a word once per petition: ten citizens, not one long letter, make a topic.
        counts.update({w for w in jieba.lcut(text) if _WORD.match(w) and w not in _STOP})
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
        return list(
            figures.collected_petitions(window).order_by("-created_at").values_list("content", flat=True)[:SAMPLE]
        )

    recent_texts, base_texts = texts(recent), texts(baseline)
    now, before = _words(recent_texts), _words(base_texts)
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
