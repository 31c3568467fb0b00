"""Reads that may go to a read replica, and the router that sends them there.

Only code that asks for it reads from the replica: the dashboard and its drill-down pages, the
exports and the API's list reads wrap themselves in `use_replica()` (a context manager and a
decorator). Everything else, and every write, goes to the primary. Inside the block a read goes to
the replica only while

- a replica is configured (settings.DATABASE_REPLICA_URL: the alias "replica"),
- the caller is not inside a transaction on the primary (it may read what it just wrote), and
- the replica is up and behind the primary by at most settings.DATABASE_REPLICA_MAX_LAG_SECONDS,
  as measured on the replica (pg_last_xact_replay_timestamp), checked at most every
  LAG_CHECK_SECONDS per process;

otherwise the read goes to the primary, so a lagging or dead replica costs speed, never a page.
"""

import logging
import threading
import time
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
LAG_CHECK_SECONDS = 5.0

_wanted: ContextVar[bool] = ContextVar("use_replica", default=False)


class use_replica(ContextDecorator):  # lower case: reads as a context manager and a decorator
    """Reads inside may go to the replica (see the module's docstring)."""

    def __init__(self):
        self._tokens = []

    def _recreate_cm(self):
        # A decorated view runs in many threads at once: each call gets its own manager.
        return type(self)()

    def __enter__(self):
        self._tokens.append(_wanted.set(True))
        return self

    def __exit__(self, *exc):
        _wanted.reset(self._tokens.pop())
        return False


# --- is the replica usable? ----------------------------------------------------------------------

_LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    # Nothing left to replay: caught up, however old the last transaction is (a quiet primary).
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def replica_lag_seconds() -> float:
    """How far the replica is behind the primary, in seconds (0 when it is caught up or is no
    replica at all). Raises when the replica cannot be reached."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(_LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


_lock = threading.Lock()
_state = {"checked_at": None, "usable": False}


def replica_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_URL", "")) and REPLICA in settings.DATABASES


def replica_usable() -> bool:
    """Up and not lagging beyond the limit; the answer is kept LAG_CHECK_SECONDS."""
    if not replica_configured():
        return False
    now = time.monotonic()
    checked_at = _state["checked_at"]
    if checked_at is not None and now - checked_at < LAG_CHECK_SECONDS:
        return _state["usable"]
    with _lock:
        if _state["checked_at"] is not None and now - _state["checked_at"] < LAG_CHECK_SECONDS:
            return _state["usable"]
        try:
            lag = replica_lag_seconds()
        except Exception as exc:
            usable = False
            logger.warning("read replica unreachable (%s): reading from the primary", exc.__class__.__name__)
            connections[REPLICA].close()
        else:
            usable = lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
            if not usable:
                logger.warning("read replica %.1f s behind: reading from the primary", lag)
        _state.update(checked_at=time.monotonic(), usable=usable)
        return usable


def replica_check_forget() -> None:
    """Check again at the next read (tests; after a failover)."""
    with _lock:
        _state.update(checked_at=None, usable=False)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside use_replica() to the replica when usable; every
    write, and every read elsewhere, to the primary."""

    def db_for_read(self, model, **hints):
        if not _wanted.get():
            return None
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA if replica_usable() else PRIMARY

    def db_for_write(self, model, **hints):
        # Explicitly the primary: a row read from the replica and saved again must not be written
        # there (Django's fallback is the database an instance came from).
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False
        return None
