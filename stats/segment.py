"""Word segmentation for the hot topics (stats.selectors.topics): jieba with a user dictionary of
the office's own names, and the stop-word list in stats/stopwords.txt.

jieba's default dictionary knows 桃花 and 龙山 but not 桃花仑 or 会龙山, so a place name is cut into
fragments (西流 | 湾) that then rank as words. Each set of names gets a tokenizer of its own (a
`jieba.Tokenizer`, not the global one, so nothing else that segments text is changed), kept for
the process and rebuilt only when the names change."""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path

WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# The administrative suffixes a place name ends with; its core (西流湾 of 西流湾社区) is what
# citizens write as often as the full name. A road keeps its 路 (资江西路, not 资江西).
_SUFFIXES = (
    *("委员工作室", "工作室", "居委会", "服务中心", "服务站", "办事处"),
    *("社区", "街道", "区", "县", "市", "镇", "乡", "村"),
)
# Counts and times (几天, 十一点, 三个月): never a topic.
_NUMBER_PHRASE = re.compile(r"^[一二三四五六七八九十百千两几半多好]+[点天个次年月日号分周期户家栋层楼元块]")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:街道|社区|大道|区|县|镇|乡|村|路|街)")
_NAMES_KEPT = 4
_lock = threading.Lock()
_tokenizers: dict[frozenset, object] = {}


@functools.cache
def stop_words() -> frozenset[str]:
    path = Path(__file__).with_name("stopwords.txt")
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def _core(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                name = name[: -len(suffix)]
                changed = True
    return name


def vocabulary_from(*, names=(), addresses=()) -> frozenset[str]:
    """The user dictionary's words: each name, its core without the suffixes, and the place names
    found in the addresses (会龙山街道, 西流湾社区, 资江西路) with theirs."""
    words: set[str] = set()
    places = [place for address in addresses for place in _PLACE.findall(address or "")]
    for name in (*names, *places):
        name = (name or "").strip()
        if not WORD.match(name):
            continue
        words.add(name)
        core = _core(name)
        if WORD.match(core):
            words.add(core)
    return frozenset(words)


def _tokenizer(vocabulary: frozenset[str]):
    with _lock:
        tokenizer = _tokenizers.get(vocabulary)
        if tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for word in sorted(vocabulary):
                # A high frequency, so the name wins over the dictionary's shorter words.
                tokenizer.add_word(word, freq=100000)
            if len(_tokenizers) >= _NAMES_KEPT:
                _tokenizers.clear()
            _tokenizers[vocabulary] = tokenizer
        return tokenizer


def words_of(text: str, *, vocabulary: frozenset[str]) -> set[str]:
    """The distinct words of a text worth counting: two Chinese characters or more, no stop word,
    an office name by its core."""
    stop = stop_words()
    words = set()
    for word in _tokenizer(vocabulary).lcut(text):
        if word in vocabulary:
            # One place, one word: 西流湾社区 and 西流湾 count together, as 西流湾.
            word = _core(word) if WORD.match(_core(word)) else word
        if WORD.match(word) and word not in stop and not _NUMBER_PHRASE.match(word):
            words.add(word)
    return words
