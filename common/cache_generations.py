"""Short-lived cached reads that a write drops at once: each family of keys carries a generation,
and a save or delete of a row it depends on starts a new one (connected in the apps' ready()).

The new generation is set when the row is saved and again when its transaction commits, so a
read made in between (which still sees the old row) cannot leave a stale copy under the new
generation. With a shared cache (Redis) an edit applies everywhere at once; with a per-process
cache (locmem) the other processes follow when their copies time out (a minute at most)."""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def _key(name: str) -> str:
    return f"generation:{name}"


def generation_get(name: str) -> str:
    generation = cache.get(_key(name))
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        cache.set(_key(name), generation, None)
    return generation


# What generation_read_ahead fetched for the block it wraps: cache key -> value (None: a miss).
_read_ahead: ContextVar[dict | None] = ContextVar("generation_read_ahead", default=None)


@contextmanager
def generation_read_ahead(*entries: tuple[str, str]) -> Iterator[None]:
    """Fetch several generation_cached entries, each a (name, key) pair, in ONE round trip to the
    cache; the generation_cached calls inside the block that ask for them use what was fetched
    instead of asking the cache again. Intake reads the member on duty and the working-day
    overrides one after the other for every submission (bench/intake_throughput.py measures each
    round trip to Redis); a caller that knows both keys reads them together. An entry the block
    never asks for costs nothing more; one it asks for but was not named is read as usual."""
    keys = [k for name, key in entries for k in (_key(name), key)]
    found = cache.get_many(keys)
    memo = {**(_read_ahead.get() or {}), **{k: found.get(k) for k in keys}}
    token = _read_ahead.set(memo)
    try:
        yield
    finally:
        _read_ahead.reset(token)


def generation_cached(name: str, key: str, compute: Callable[[], T], timeout: int) -> T:
    """``compute()``, kept under ``key`` for ``timeout`` seconds and dropped at once by a new
    generation of ``name``. The copy carries the generation it was made under and is read together
    with the current one, in one round trip to the cache, where a key built from the generation
    costs two: intake reads three such copies per submission (bench/intake_throughput.py, where
    each round trip to Redis is a measurable part of the request). A copy of an older generation
    is a miss, exactly as a key of an older generation was."""
    generation_key = _key(name)
    memo = _read_ahead.get()
    if memo is not None and generation_key in memo and key in memo:
        found = {generation_key: memo[generation_key], key: memo[key]}
    else:
        found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        cache.set(generation_key, generation, None)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    cache.set(key, (generation, value), timeout)
    return value


def generation_bump(name: str) -> None:
    def bump():
        cache.set(_key(name), uuid.uuid4().hex[:12], None)

    bump()
    transaction.on_commit(bump)


def bump_on_change(name: str, *senders) -> None:
    """Connect post_save and post_delete of each sender model to a new generation of `name`."""
    from django.db.models.signals import post_delete, post_save

    def receiver(**_kwargs):
        generation_bump(name)

    for sender in senders:
        label = f"{name}:{sender._meta.label}"
        post_save.connect(receiver, sender=sender, weak=False, dispatch_uid=f"{label}:save")
        post_delete.connect(receiver, sender=sender, weak=False, dispatch_uid=f"{label}:delete")
