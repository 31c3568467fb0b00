"""Delivering one outbox row to its department: one try per call, recorded, then either done,
scheduled again with exponential backoff and jitter, or failed for good and escalated."""

import datetime
import logging
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from handoffs.channels import SENDERS, SendResult
from handoffs.choices import DeliveryState
from handoffs.models import Delivery, DeliveryAttempt
from handoffs.slots import delivery_failed_tell

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttemptOutcome:
    delivery_id: int
    state: str
    tried: bool  # False: nothing to do (already delivered or failed, not due yet, or busy elsewhere)
    attempts: int = 0
    retry_in: float | None = None  # seconds until the next try, when one is scheduled


def retry_delay(attempts: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait after the `attempts`-th failure: base * 2^(attempts-1), capped, with full
    +/-50 % jitter so that many deliveries failing together do not come back together."""
    base = settings.HANDOFF_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    delay = min(base, settings.HANDOFF_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


@transaction.atomic
def delivery_attempt(*, delivery_id: int, expected_attempts: int | None = None) -> AttemptOutcome:
    """Try to deliver one hand-off once, if it is pending and due.

    `expected_attempts` is the number of tries the row had when the task was queued: a stray copy
    of a try that already happened finds a different number and does nothing (compare-and-set), so
    backoff is never shortened. Without it (a manual call), the row must be due.

    The row stays locked (FOR UPDATE) for the whole try, so a second task for the same row (the
    sweeper's, or one redelivered after a worker died) skips it instead of sending it twice; once
    it is DELIVERED nothing sends it again. A worker killed mid-send rolls the transaction back:
    the row is still pending and is sent again, with the same Idempotency-Key for the receiver to
    drop the repeat.
    """
    delivery = (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("department")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        # Gone, or another worker holds it right now.
        return AttemptOutcome(delivery_id, "", tried=False)
    now = timezone.now()
    if delivery.state != DeliveryState.PENDING:
        return AttemptOutcome(delivery_id, delivery.state, tried=False, attempts=delivery.attempts)
    if expected_attempts is None and delivery.next_attempt_at > now:
        return AttemptOutcome(delivery_id, delivery.state, tried=False, attempts=delivery.attempts)
    if expected_attempts is not None and delivery.attempts != expected_attempts:
        return AttemptOutcome(delivery_id, delivery.state, tried=False, attempts=delivery.attempts)

    result: SendResult = SENDERS[delivery.channel](delivery)
    DeliveryAttempt.objects.create(
        delivery=delivery,
        started_at=now,
        duration_ms=result.duration_ms,
        succeeded=result.delivered,
        status_code=result.status_code,
        error=result.error[:2000],
    )
    delivery.attempts += 1
    fields = ["attempts", "state", "last_error", "next_attempt_at", "delivered_at"]
    if result.delivered:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=fields)
        return AttemptOutcome(delivery_id, delivery.state, tried=True, attempts=delivery.attempts)

    delivery.last_error = result.error[:2000]
    if result.retryable and delivery.attempts < settings.HANDOFF_MAX_ATTEMPTS:
        delay = retry_delay(delivery.attempts, retry_after=result.retry_after)
        delivery.next_attempt_at = now + datetime.timedelta(seconds=delay)
        delivery.save(update_fields=fields)
        logger.warning(
            "delivery %s attempt %s failed, retry in %.1fs: %s", delivery.pk, delivery.attempts, delay, result.error
        )
        return AttemptOutcome(delivery_id, delivery.state, tried=True, attempts=delivery.attempts, retry_in=delay)

    delivery.state = DeliveryState.FAILED
    delivery.save(update_fields=fields)
    logger.error("delivery %s failed for good after %s attempt(s): %s", delivery.pk, delivery.attempts, result.error)
    _escalate_failure(delivery)
    return AttemptOutcome(delivery_id, delivery.state, tried=True, attempts=delivery.attempts)


def _escalate_failure(delivery: Delivery) -> None:
    delivery_failed_tell(delivery=delivery)
