import smtplib

import requests
from celery import shared_task
from django.db import transaction

from common import notifications
from common.models import PendingNotification
from common.notifications import SmsGatewayError, notifications_release, notify


@shared_task(name="common.ping", acks_late=False, soft_time_limit=5, time_limit=10)
def ping() -> str:
    """Proves the path web → broker → worker → result: the worker answers "pong"."""
    return "pong"


@shared_task(
    name="common.notification_send",
    autoretry_for=(SmsGatewayError, smtplib.SMTPException, requests.RequestException, OSError),
    retry_backoff=2,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=10,
    soft_time_limit=30,
    time_limit=40,
)
def notification_send(message_id: int | None = None, **legacy) -> None:
    """One message of notify_later (a PendingNotification row, by id), through the configured
    backend; the row is deleted once sent. A refusal or an unreachable gateway is retried with
    backoff (up to ten minutes apart, ten times); after that Celery logs the failure and the row
    stays. A message queued by an earlier release carries the message itself as keyword
    arguments (`legacy`): it is sent as it is, so a deployment loses none."""
    if message_id is None:
        notify(**legacy)
        return
    # The row stays locked while it is sent and is deleted in the same transaction: a second copy
    # of this task (the sweeper's, or the original coming back after a worker died) finds it gone
    # or locked and sends nothing. A send that raises rolls back, so the row is kept for the retry.
    with transaction.atomic():
        pending = PendingNotification.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if pending is None:  # sent already, or being sent by another worker right now
            return
        if pending.hold_until is not None:  # held by quiet hours: the release sweep sends it
            return
        notify(recipient=pending.recipient, subject=pending.subject, body=pending.body, channel=pending.channel)
        pending.delete()


@shared_task(name="common.idempotent_requests_purge", soft_time_limit=300, time_limit=360)
def idempotent_requests_purge() -> int:
    """Forget the API's Idempotency-Key answers older than 24 hours (common.idempotent_api)."""
    from common.idempotent_api import idempotent_requests_purge as purge

    return purge()


@shared_task(name="common.beat_tick", acks_late=False, ignore_result=True, soft_time_limit=10, time_limit=20)
def beat_tick() -> None:
    """Stamps the beat's heartbeat (common.Heartbeat "beat"). Sent by beat every minute on the
    periodic queue, so a fresh stamp proves both that the one beat schedules and that a worker
    consumes the periodic queue; /readyz turns not-ready when it is older than
    settings.READINESS_BEAT_MAX_AGE_SECONDS."""
    from common.services import heartbeat_stamp

    heartbeat_stamp(name="beat")


@shared_task(name="common.notification_sweep", soft_time_limit=50, time_limit=60)
def notification_sweep() -> int:
    return len(notifications.notification_sweep())


@shared_task(name="common.notification_release", soft_time_limit=50, time_limit=60)
def notification_release() -> int:
    """The beat's sweep of messages held by quiet hours whose moment has come."""
    return notifications_release()
