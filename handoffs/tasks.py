"""Celery tasks of the hand-off outbox: thin, idempotent, primary keys in, services do the work.

acks_late and reject_on_worker_lost come from settings: a task whose worker dies is put back on
the queue, and the row lock plus the expected-attempts check make running it again harmless.
"""

import logging

from celery import shared_task
from django.conf import settings

from handoffs.delivery import delivery_attempt
from handoffs.services import delivery_sweep as sweep

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="handoffs.delivery_send", soft_time_limit=60, time_limit=90, max_retries=6)
def delivery_send(self, delivery_id: int, expected_attempts: int | None = None) -> str:
    """Try one delivery once. `expected_attempts` is the number of tries the row had when this task
    was queued: a duplicate of a try that already happened finds a different number and does
    nothing (compare-and-set), so backoff is never shortened by a stray copy of the task."""
    outcome = delivery_attempt(delivery_id=delivery_id, expected_attempts=expected_attempts)
    if outcome.state == "" and expected_attempts is not None:
        # The row is locked: another worker is sending it, or a killed worker's connection has not
        # been closed yet. Look again shortly; if the other send succeeded this becomes a no-op.
        try:
            raise self.retry(countdown=3)
        except self.MaxRetriesExceededError:
            return "busy"
    if outcome.retry_in is not None and outcome.retry_in <= settings.HANDOFF_MAX_COUNTDOWN_SECONDS:
        # A short wait rides on a Celery countdown; a longer one is left to the sweeper, because a
        # countdown longer than the broker's visibility time-out would be delivered twice.
        try:
            delivery_send.apply_async((delivery_id, outcome.attempts), countdown=outcome.retry_in)
        except Exception:
            logger.exception("could not schedule the retry of delivery %s; the sweeper will", delivery_id)
    return outcome.state or "busy"


@shared_task(name="handoffs.delivery_sweep", soft_time_limit=50, time_limit=60)
def delivery_sweep() -> int:
    return len(sweep())
