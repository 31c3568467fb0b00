"""Celery tasks of reminders: the beat's scans (queue `periodic`) and the sending (queue
`notifications`). All idempotent: notices are keyed, sending locks and checks `sent_at`."""

import time

from celery import shared_task

from reminders.services import deadline_scan as scan
from reminders.services import digest_daily as digest
from reminders.services import notice_send as send
from reminders.services import notice_sweep as sweep


@shared_task(name="reminders.deadline_scan", soft_time_limit=240, time_limit=300)
def deadline_scan() -> dict:
    return scan()


@shared_task(name="reminders.digest_daily", soft_time_limit=240, time_limit=300)
def digest_daily() -> int:
    return digest()


@shared_task(name="reminders.notice_sweep", soft_time_limit=50, time_limit=60)
def notice_sweep() -> int:
    return len(sweep())


# A chunk stops taking new notices after this long and queues the rest as a new task, well inside
# the time limit (slow SMS or SMTP answers must not get a half-sent chunk killed).
NOTICE_CHUNK_BUDGET_SECONDS = 60


@shared_task(name="reminders.notice_send", soft_time_limit=100, time_limit=120)
def notice_send(notice_ids: list[int]) -> dict:
    started = time.monotonic()
    results: dict[str, int] = {}
    for index, notice_id in enumerate(notice_ids):
        if time.monotonic() - started > NOTICE_CHUNK_BUDGET_SECONDS:
            # If this publish fails the rows stay unsent and the notice sweeper queues them.
            notice_send.delay(notice_ids[index:])
            results["requeued"] = len(notice_ids) - index
            break
        outcome = send(notice_id=notice_id)
        results[outcome] = results.get(outcome, 0) + 1
    return results
