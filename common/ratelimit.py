"""Fixed-window rate limits on Django's cache.

The counters live in the default cache. The locmem cache of development is per process, so a
limit of 5 an hour becomes 5 an hour *per worker*; production sets CACHE_URL=redis://... so that
every web process counts together. Keys are HMACs of what they count (a phone number is personal
data and does not belong in a cache key in clear; callers pass its keyed hash,
common.phones.phone_lookup_hash, so that however it was typed it counts as one number). On Redis a
hit is one round trip (common.cache.ResilientRedisCache.count_hit).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, value: "Rate | tuple[int, int] | str") -> "Rate":
        """Rate(5, 3600), (5, 3600) or "5/h" (s, m, h, d)."""
        if isinstance(value, Rate):
            return value
        if isinstance(value, tuple):
            return cls(*value)
        limit, _, unit = value.partition("/")
        return cls(int(limit), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[:1]])


def rate_from_settings(name: str, default: str) -> Rate:
    return Rate.parse(getattr(settings, name, default))


def _cache_key(scope: str, key: str, rate: Rate, window: int) -> str:
    digest = salted_hmac("common.ratelimit", f"{scope}:{key}").hexdigest()[:32]
    return f"rl:{scope}:{rate.period}:{window}:{digest}"


def rate_limit_hit(*, scope: str, key: str, rate: Rate) -> bool:
    """Count one attempt; True while the attempt is within the limit, False once it is over."""
    return rate_limits_hit((scope, key, rate)) is None


def rate_limits_hit(*limits: tuple[str, str, Rate]) -> int | None:
    """Count one attempt against each (scope, key, rate) (a blank key is not counted); the index of
    the first limit the attempt is over, or None. Every limit counts the attempt, even one after a
    limit that refuses it. On Redis all of them cost one round trip together."""
    now = time.time()
    counted = [
        (index, _cache_key(scope, key, rate, int(now // rate.period)), rate)
        for index, (scope, key, rate) in enumerate(limits)
        if key
    ]
    if hasattr(cache, "count_hits"):  # common.cache.ResilientRedisCache: one round trip
        counts = cache.count_hits([(cache_key, rate.period + 1) for _, cache_key, rate in counted])
    else:
        counts = [_count(cache_key, rate) for _, cache_key, rate in counted]
    for (index, _, rate), count in zip(counted, counts, strict=True):
        if count > rate.limit:
            return index
    return None


def _count(cache_key: str, rate: Rate) -> int:
    if cache.add(cache_key, 1, timeout=rate.period + 1):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=rate.period + 1)
        return 1


def rate_limit_exceeded(*, scope: str, key: str, rate: Rate) -> bool:
    """Whether the limit is already used up, without counting an attempt."""
    if not key:
        return False
    window = int(time.time() // rate.period)
    return (cache.get(_cache_key(scope, key, rate, window)) or 0) >= rate.limit
