"""Django's Redis cache, for a cache that may go away.

Everything the app keeps in the cache can be worked out again (the blank form page, the duty of
the day, the working-day overrides, the categories) or may be forgotten (rate-limit counters). So
when Redis is unreachable a read is a miss, a write is dropped and a counter starts again: the
pages keep working uncached and the rate limits let requests through, rather than every citizen's
submission failing with the cache. Short socket time-outs keep a hung Redis from holding requests.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.5
_LOG_EVERY = 60.0
_last_logged = 0.0


def _unreachable(exc: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_EVERY:
        _last_logged = now
        logger.error("cache unreachable, serving uncached: %s", exc)


def _or(fallback, call, *args):
    """call(*args), or `fallback` (raised when it is an exception) with Redis unreachable."""
    try:
        return call(*args)
    except RedisError as exc:
        _unreachable(exc)
        if isinstance(fallback, Exception):
            raise fallback from exc
        return fallback


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every cache call, and redis-py's constructor
    builds its table of some two hundred response callbacks each time: measurable CPU on every
    request that reads the cache a few times (bench/intake_throughput.py). One ``redis.Redis`` per
    connection pool instead; it is thread-safe, and its connections still come from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def validate_key(self, key):
        """Django checks every key against memcached's rules (250 characters, no control
        characters or spaces) character by character, on every call: a warning about portability to
        memcached, which we do not run, at about 40 µs a key on the intake path (15 keys per GET+POST
        pair, bench/intake_throughput.py). Redis keys may hold any byte."""

    # Reads miss, writes are dropped, a counter starts again (incr's ValueError: "no such key").
    def get(self, key, default=None, version=None):
        return _or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return _or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return _or(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        _or(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return _or(list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _or(False, super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return _or(ValueError("cache unreachable: the counter starts again"), super().incr, key, delta, version)

    def count_hits(self, counters, version=None) -> list[int]:
        """One more hit on each of ``counters`` ((key, timeout) pairs: a counter expires
        ``timeout`` seconds after its first hit), and the counts now: SET NX EX and INCR per key,
        all pipelined in one round trip, where add() then incr() cost three per key (incr asks
        whether the key exists first). Intake counts every submission per address and per phone
        this way (bench/intake_throughput.py). With Redis unreachable every count is 1: the
        counters start again."""
        counters = [(self.make_and_validate_key(key, version=version), timeout) for key, timeout in counters]
        if not counters:
            return []

        def call():
            pipe = self._cache.get_client(counters[0][0], write=True).pipeline(transaction=False)
            for key, timeout in counters:
                pipe.set(key, 0, ex=timeout, nx=True)
                pipe.incr(key)
            return pipe.execute()[1::2]

        return _or([1] * len(counters), call)

    def count_hit(self, key, timeout: int, version=None) -> int:
        """One more hit on one counter (count_hits), and its count now."""
        return self.count_hits([(key, timeout)], version)[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return _or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return _or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        _or(None, super().delete_many, keys, version)
