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
    if not key:
        return True
    window = int(time.time() // rate.period)
    cache_key = _cache_key(scope, key, rate, window)
    if hasattr(cache, "count_hit"):  # common.cache.ResilientRedisCache: one round trip
        return cache.count_hit(cache_key, timeout=rate.period + 1) <= rate.limit
    if cache.add(cache_key, 1, timeout=rate.period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=rate.period + 1)
            count = 1
    return count <= rate.limit


def rate_limit_exceeded(*, scope: str, key: str, rate: Rate) -> bool:
    """Whether the limit is already used up, without counting an attempt."""
    if not key:
        return False
    window = int(time.time() // rate.period)
    return (cache.get(_cache_key(scope, key, rate, window)) or 0) >= rate.limit
