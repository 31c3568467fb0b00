"""Every write to the access log: one row per access or security event, and the retention purge.

Callers decide *whether* something is an access worth recording (the case page knows when it shows
contact data); these functions only write the row. They never take the citizen's data itself.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from audit.choices import SECURITY_KINDS, AccessKind
from audit.models import AccessLog
from common.http import client_ip

logger = logging.getLogger("audit")

# PIPL art. 55 / 等保 2.0: access and security logs kept at least six months.
MIN_RETENTION_MONTHS = 6
PURGE_BATCH = 5000
# The session-local setting the append-only trigger on audit_accesslog checks before it lets a
# DELETE through (migration 0002). Only access_log_purge sets it, inside its own transaction.
PURGE_SETTING = "audit.allow_purge"


def _request_facts(request) -> dict:
    if request is None:
        return {}
    # The path without its query string: a search may carry a phone number or a name.
    return {"ip_address": client_ip(request) or None, "path": request.path[:300]}


def _actor(user, request):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def access_record(
    *,
    kind: AccessKind,
    user=None,
    request=None,
    petition_id: int | None = None,
    tracking_code: str = "",
    detail: str = "",
    row_count: int | None = None,
    actor_label: str = "",
) -> AccessLog:
    """Append one row. `user` defaults to the request's user; `actor_label` to its username (give
    it for a failed sign-in, where there is no user but a typed name). `detail` must never hold
    personal data: an export's kind, a refused path's reason."""
    actor = _actor(user, request)
    row = AccessLog(
        kind=kind,
        actor=actor,
        actor_label=(actor_label or (actor.get_username() if actor is not None else ""))[:150],
        petition_id=petition_id,
        tracking_code=tracking_code[:16],
        detail=detail[:300],
        row_count=row_count,
        **_request_facts(request),
    )
    row.save(force_insert=True)
    return row


def security_event_record(*, kind: AccessKind, user=None, request=None, detail: str = "") -> AccessLog:
    """A security event (sign-in, second factor, refusal) for the colleagues' code that has one to
    report without a Django signal: `security_event_record(kind=AccessKind.SECOND_FACTOR_FAILED,
    user=user, request=request)`."""
    if kind not in SECURITY_KINDS:
        raise ValueError(f"{kind} is not a security event")
    return access_record(kind=kind, user=user, request=request, detail=detail)


def retention_months() -> int:
    """AUDIT_RETENTION_MONTHS, refused below the legal six months (audit.checks says so at start)."""
    months = int(getattr(settings, "AUDIT_RETENTION_MONTHS", MIN_RETENTION_MONTHS))
    if months < MIN_RETENTION_MONTHS:
        raise ImproperlyConfigured(f"AUDIT_RETENTION_MONTHS must be at least {MIN_RETENTION_MONTHS} (is {months}).")
    return months


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(months=retention_months())


def access_log_purge(*, now: datetime.datetime | None = None, batch_size: int = PURGE_BATCH) -> int:
    """Delete the rows older than the retention period, in batches over accesslog_created_idx, each
    batch its own transaction; record one PURGED row with the count (when anything went).
    Idempotent: a second run finds nothing older than the cutoff.

    The append-only trigger lets a DELETE through only while the transaction-local setting
    `audit.allow_purge` is 'on'; the purge switches it on just for its DELETE statement. That guards the log
    against a mistaken UPDATE/DELETE from the application, not against someone holding the
    application's database role on purpose (they could set it too); for that, revoke DELETE from
    the application role and run the purge under a role of its own."""
    cutoff = retention_cutoff(now)
    total = 0
    table = AccessLog._meta.db_table
    while True:
        with transaction.atomic():
            ids = list(
                AccessLog.objects.filter(created_at__lt=cutoff)
                .order_by("created_at")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
                placeholders = ", ".join(["%s"] * len(ids))
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", ids)  # noqa: S608
                if connection.vendor == "postgresql":
                    # Off again at once: nested in an outer transaction, SET LOCAL would last
                    # until that one ends.
                    cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
            total += len(ids)
        if len(ids) < batch_size:
            break
    if total:
        access_record(kind=AccessKind.PURGED, row_count=total, detail=f"before {cutoff:%Y-%m-%d %H:%M}")
        logger.info("access log purge: %s rows before %s", total, cutoff)
    return total
