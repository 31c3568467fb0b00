import smtplib

import requests
from celery import shared_task

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
    pending = PendingNotification.objects.filter(pk=message_id).first()
    if pending is None:  # sent already: a message delivered twice
        return
    if pending.hold_until is not None:  # held by quiet hours: the release sweep sends it
        return
    notify(recipient=pending.recipient, subject=pending.subject, body=pending.body, channel=pending.channel)
    pending.delete()


@shared_task(name="common.notification_release", soft_time_limit=50, time_limit=60)
def notification_release() -> int:
    """The beat's sweep of messages held by quiet hours whose moment has come."""
    return notifications_release()
