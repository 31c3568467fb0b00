"""Reads of petitions for the public pages (intake, tracking) and for the offline intake desk.

Every function returns rows with their related objects loaded, so a page renders in a fixed number
of queries however long its timeline is."""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from common.idempotency import idempotency_cutoff
from petitions.choices import OPEN_STATUSES, Status
from petitions.models import Category, Petition, PetitionEvent, normalize_tracking_code

# Similar cases: look at the open cases of the last 180 days, at most this many, newest first
# (a workstation has a few dozen open cases; the cap bounds the work if a flood arrives).
SIMILAR_WINDOW_DAYS = 180
SIMILAR_CANDIDATES = 100
SIMILAR_THRESHOLD = 0.35
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d{3,}")


def category_list_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("sort_order", "name")


CATEGORY_VERSION_KEY = "petitions:category_list_version"
CATEGORY_ACTIVE_KEY = "petitions:categories-active"
# Saving or deleting a category drops the fingerprint (petitions/apps.py); the timeout bounds how
# long another process keeps an old one when the cache is per process (locmem, not Redis).
CATEGORY_VERSION_TIMEOUT = 60


def category_list_version() -> str:
    """A short fingerprint of the active categories, to key cached copies of the blank form."""
    import hashlib

    from django.core.cache import cache

    version = cache.get(CATEGORY_VERSION_KEY)
    if version is None:
        rows = category_list_active().values_list("pk", "name")
        version = hashlib.sha1(repr(list(rows)).encode(), usedforsecurity=False).hexdigest()[:16]
        cache.set(CATEGORY_VERSION_KEY, version, CATEGORY_VERSION_TIMEOUT)
    return version


def category_get_active(*, pk) -> Category | None:
    """An active category by its primary key, from a cached copy of the active list (kept under
    the list's fingerprint, so an added, renamed or retired category is a new copy at once)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    version, by_pk = category_versioned_get(CATEGORY_ACTIVE_KEY)
    if by_pk is None:
        by_pk = {category.pk: category for category in category_list_active()}
        category_versioned_set(CATEGORY_ACTIVE_KEY, version, by_pk)
    return by_pk.get(pk)


def category_versioned_get(key: str) -> tuple[str, Any]:
    """The categories' fingerprint now, and the cached copy made from them (the active list, a blank
    form page), or None when there is none or the categories changed since: a miss is stored with
    ``category_versioned_set`` under the fingerprint read here. The copy carries the fingerprint it was
    made under and is read together with the current one, in one round trip where a key built
    from the fingerprint costs two: the form's GET and POST each ask (bench/intake_throughput.py)."""
    from django.core.cache import cache

    found = cache.get_many([CATEGORY_VERSION_KEY, key])
    entry = found.get(key)
    version = found.get(CATEGORY_VERSION_KEY) or category_list_version()
    return version, (entry[1] if entry is not None and entry[0] == version else None)


def category_versioned_set(key: str, version: str, value: Any, timeout: int = CATEGORY_VERSION_TIMEOUT) -> None:
    from django.core.cache import cache

    cache.set(key, (version, value), timeout)


def category_list_version_forget(**_kwargs) -> None:
    from django.core.cache import cache
    from django.db import transaction

    # Now, and again at commit: a read in between still sees the old rows and may cache them.
    cache.delete(CATEGORY_VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(CATEGORY_VERSION_KEY))


def petition_get_for_replay(*, pk: int) -> Petition:
    """The petition a submission's earlier copy made (found by petition_intake_lookup)."""
    return Petition.objects.select_related("workstation").get(pk=pk)


def petition_get_for_tracking(*, code: str) -> Petition | None:
    """The petition behind a tracking code as a citizen typed it, or None. The caller answers
    "not found" the same way for an unknown and a malformed code."""
    code = normalize_tracking_code(code or "")
    if not code or len(code) > 16:
        return None
    return (
        Petition.objects.select_related("workstation", "category", "assigned_member__sector", "merged_into__category")
        .select_related("merged_into__assigned_member__sector")
        .filter(tracking_code=code)
        .first()
    )


@dataclass(frozen=True)
class PublicCase:
    """What /track/ may show of a case: no name, phone, address or internal note."""

    petition: Petition  # the petition the code belongs to
    case: Petition  # the case whose progress it follows (itself, or the case it joined)
    timeline: list[PetitionEvent]

    @property
    def sector(self) -> str:
        member = self.case.assigned_member
        return member.sector.name if member is not None else ""

    @property
    def member_label(self) -> str:
        """The member as the citizen may know them: by sector, never by name. Sectors are named
        either as a 界 (经济界, reads "经济界委员") or by a party or body (中共, 民革, reads
        "中共界别委员"); appending 委员 to the second kind reads as a party committee member."""
        sector = self.sector
        if not sector:
            return ""
        if sector.endswith("界") or sector.endswith("界别"):
            return gettext("%(sector)s委员") % {"sector": sector}
        return gettext("%(sector)s界别委员") % {"sector": sector}

    @property
    def can_rate(self) -> bool:
        return self.petition.status == Status.CLOSED and not self.petition.satisfaction


def petition_followed_case(petition: Petition) -> Petition:
    """The case whose progress a tracking code follows: the petition itself, or for a petition
    merged into another case, that case (its status, handling and outcome are what the citizen is
    shown). /track/<code>/, the track API and Open311 all ask this."""
    return petition.merged_into if petition.status == Status.MERGED and petition.merged_into_id else petition


def petition_public_case(*, petition: Petition) -> PublicCase:
    """The public view of a case: for a citizen who joined another case, that case's progress
    together with their own first steps."""
    case = petition_followed_case(petition)
    ids = {petition.pk, case.pk}
    timeline = list(
        PetitionEvent.objects.public()
        .filter(petition_id__in=ids)
        .only("id", "petition_id", "type", "message", "to_status", "created_at")
        .order_by("created_at", "id")
    )
    if case.pk != petition.pk:
        # The joined case's own intake is someone else's story; keep what happened after the join.
        joined_at = petition.created_at
        timeline = [e for e in timeline if e.petition_id == petition.pk or e.created_at >= joined_at]
    return PublicCase(petition=petition, case=case, timeline=timeline)


def text_bigrams(text: str) -> set[str]:
    """Character bigrams of the letters, digits and CJK characters of a text: Chinese has no
    spaces, and bigrams find "河堤广场音乐太吵" in "河堤广场晚上音乐声太吵" without a dictionary."""
    chars = _NON_WORD.sub("", text.lower())
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


@lru_cache(maxsize=4096)
def _bigrams_memo(text: str) -> frozenset[str]:
    # Every submission compares itself with the same open cases (up to SIMILAR_CANDIDATES): their
    # bigrams are worked out once per process. Keyed by the text itself, so an edit is a new entry.
    return frozenset(text_bigrams(text))


def text_similarity(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Overlap coefficient: how much of the shorter text the longer one repeats."""
    if not a or not b or a.isdisjoint(b):  # most candidates share nothing: no intersection built
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class SimilarCase:
    petition: Petition
    score: float

    @property
    def excerpt(self) -> str:
        # Shown to another citizen: long digit runs (phone numbers, house numbers) are masked.
        text = _DIGITS.sub("***", self.petition.content)
        return text if len(text) <= 60 else text[:60] + "…"


@dataclass(frozen=True)
class IntakeLookup:
    """What a citizen's submission must know before it is saved."""

    replay_id: int | None  # the petition an earlier copy of this very request made, if any
    similar: list[SimilarCase]
    key_reused: bool = False  # the key made a petition with other content: refuse (422)


def petition_intake_lookup(
    *,
    workstation,
    idempotency_key: str,
    fingerprint: str = "",
    category: Category | None = None,
    content: str = "",
    limit: int = 3,
) -> IntakeLookup:
    """Two questions about a submission, answered by one query: did a copy of this request (a
    double tap, a replayed POST) already make a petition, and which open cases at the workstation
    look like the same problem (with a `category`: same category, similar text)? A copy of a
    request is answered with its first petition, so it never meets itself as a similar case.

    `idempotency_key` is the scoped key (common.idempotency.idempotency_scope) and `fingerprint`
    the request's (petitions.services.intake.intake_fingerprint): a petition made under the key in
    the last 24 hours with another fingerprint sets `key_reused`; an older one is not found.

    Every citizen's submission runs this, so it is written as SQL: built by the ORM, the union of
    the two questions cost three times the query itself (see bench/intake_throughput.py). The
    candidates' part is served by the partial index petition_open_similar_idx."""
    parts, params = [], []
    if idempotency_key:
        parts.append(
            "SELECT id, content, 1, idempotency_fingerprint FROM petitions_petition"
            " WHERE idempotency_key = %s AND created_at >= %s"
        )
        params += [idempotency_key, connection.ops.adapt_datetimefield_value(idempotency_cutoff(timezone.now()))]
    if category is not None:
        # Wrapped in a subquery: SQLite (make run) takes no ORDER BY/LIMIT in a UNION's member.
        statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
        parts.append(
            "SELECT * FROM (SELECT id, content, 0, '' FROM petitions_petition"  # noqa: S608 - placeholders only
            f" WHERE workstation_id = %s AND category_id = %s AND status IN ({statuses}) AND created_at >= %s"
            " ORDER BY created_at DESC LIMIT %s) AS candidates"
        )
        since = timezone.now() - datetime.timedelta(days=SIMILAR_WINDOW_DAYS)
        params += [workstation.pk, category.pk, *sorted(OPEN_STATUSES)]
        params += [connection.ops.adapt_datetimefield_value(since), SIMILAR_CANDIDATES]
    if not parts:
        return IntakeLookup(replay_id=None, similar=[])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    replay = next(((pk, stored) for pk, _content, is_replay, stored in rows if is_replay), None)
    if replay is not None:
        if replay[1] != fingerprint:
            return IntakeLookup(replay_id=None, similar=[], key_reused=True)
        return IntakeLookup(replay_id=replay[0], similar=[])
    candidates = [(pk, text) for pk, text, _is_replay, _stored in rows]
    return IntakeLookup(replay_id=None, similar=_similar_best(content, candidates, limit))


def _similar_best(content: str, candidates: list[tuple[int, str]], limit: int) -> list[SimilarCase]:
    mine = text_bigrams(content)
    scored = []
    for pk, text in candidates:
        score = text_similarity(mine, _bigrams_memo(text))
        if score >= SIMILAR_THRESHOLD:
            scored.append((score, pk))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    best = {pk: score for score, pk in scored[:limit]}
    rows = Petition.objects.filter(pk__in=best).only("id", "content", "status", "created_at") if best else []
    return sorted(
        (SimilarCase(petition=row, score=best[row.pk]) for row in rows), key=lambda s: (-s.score, -s.petition.pk)
    )


def petition_get_open_for_join(*, pk: int, workstation) -> Petition | None:
    return Petition.objects.filter(pk=pk, workstation=workstation, status__in=OPEN_STATUSES).first()


class CitizenToTell(NamedTuple):
    tracking_code: str
    phone: str


def citizens_to_tell(*, petition_ids) -> list[CitizenToTell]:
    """Which citizens to tell about these cases: the one rule every notification to citizens asks.

    Each case's own citizen and every citizen whose petition was merged into it (the joiners), each
    with their own tracking code; only those who gave a phone, consented to be contacted and did
    not ask to stay anonymous. Oldest first, a phone told once per tracking code. One plain query
    (an OR, no UNION: SQLite refuses ORDER BY inside a compound statement, and `make run` runs on it).
    """
    ids = list(petition_ids)
    if not ids:
        return []
    rows = (
        Petition.objects.filter(Q(pk__in=ids) | Q(merged_into__in=ids, status=Status.MERGED))
        .exclude(citizen_phone_hash="")
        .filter(consent_given=True, is_anonymous=False)
        .order_by("created_at", "id")
        .values_list("tracking_code", "citizen_phone_hash", "citizen_phone")
    )
    # Told apart by the phone's lookup hash (the stored phones are encrypted, each token different).
    told = {(code, phone_hash): phone for code, phone_hash, phone in rows}
    return [CitizenToTell(code, phone) for (code, _hash), phone in told.items()]


def petition_citizen_phones(*, petition: Petition) -> list[str]:
    """The phones citizens_to_tell reaches for one case, each once ("tell every petitioner")."""
    return list(dict.fromkeys(citizen.phone for citizen in citizens_to_tell(petition_ids=[petition.pk])))


def petition_get_for_receipt(*, user, pk: int) -> Petition:
    """A petition the signed-in user recorded or may see, for its receipt slip; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Petition.objects.visible_to(user).select_related("workstation", "category"), pk=pk)
