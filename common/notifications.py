"""One pluggable way to tell a person something (a citizen by SMS, staff by e-mail or console).

Callers use `notify(...)`; settings.NOTIFICATION_BACKEND chooses where it goes. The message must
already be free of anything the recipient may not see.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notification:
    recipient: str  # a phone number or an e-mail address
    subject: str
    body: str
    channel: str = "sms"  # "sms" or "email"


class BaseBackend:
    def send(self, notification: Notification) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: writes the message to the log, with the recipient masked."""

    def send(self, notification: Notification) -> None:
        logger.info(
            "notification channel=%s to=%s subject=%s body=%s",
            notification.channel,
            mask_recipient(notification.recipient),
            notification.subject,
            notification.body,
        )


class LocmemBackend(BaseBackend):
    """Tests: keeps every message in `LocmemBackend.sent`, like Django's locmem e-mail outbox."""

    sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        LocmemBackend.sent.append(notification)


class EmailBackend(BaseBackend):
    """E-mail through Django's configured e-mail backend; SMS messages are logged only."""

    def send(self, notification: Notification) -> None:
        if notification.channel == "email":
            send_mail(notification.subject, notification.body, None, [notification.recipient])
        else:
            ConsoleBackend().send(notification)


def mask_recipient(recipient: str) -> str:
    if "@" in recipient:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(recipient) >= 7:
        return f"{recipient[:3]}****{recipient[-4:]}"
    return "***"


def get_backend() -> BaseBackend:
    return import_string(settings.NOTIFICATION_BACKEND)()


def notify(*, recipient: str, subject: str, body: str, channel: str = "sms") -> None:
    if not recipient:
        return
    get_backend().send(Notification(recipient=recipient, subject=subject, body=body, channel=channel))
