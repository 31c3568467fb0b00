import smtplib

import requests
from celery import shared_task

from common.notifications import SmsGatewayError, notify


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
def notification_send(*, recipient: str, subject: str, body: str, channel: str = "sms") -> None:
    """One message of notify_later, through the configured backend. A refusal or an unreachable
    gateway is retried with backoff (up to ten minutes apart, ten times); after that Celery logs
    the failure."""
    notify(recipient=recipient, subject=subject, body=body, channel=channel)
