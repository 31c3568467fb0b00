"""One pluggable way to tell a person something (a citizen by SMS, staff by e-mail or console).

Callers use `notify(...)`; settings.NOTIFICATION_BACKEND chooses where it goes. The message must
already be free of anything the recipient may not see.
"""

import datetime
import logging
from dataclasses import asdict, dataclass, field

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.debug import sensitive_variables

from common.queueing import task_by_name

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notification:
    recipient: str = field(repr=False)  # a phone number or an e-mail address: not in tracebacks
    subject: str
    body: str
    channel: str = "sms"  # "sms" or "email"


class BaseBackend:
    # True for a backend that talks to the network (an SMS gateway, an SMTP server): requests never
    # wait on it, notify_later hands its messages to a Celery worker, which retries them.
    deferred = False

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

    deferred = True

    def send(self, notification: Notification) -> None:
        if notification.channel == "email":
            send_mail(notification.subject, notification.body, None, [notification.recipient])
        else:
            ConsoleBackend().send(notification)


class SmsGatewayError(Exception):
    """The SMS gateway refused a message or could not be reached; the caller retries later."""


class SmsGateway:
    """The SMS adapter interface: one method, one message. Adapters for a particular operator's
    gateway subclass this; settings.SMS_GATEWAY names the one in use."""

    def send_sms(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class HttpSmsGateway(SmsGateway):
    """A generic HTTP SMS gateway: POST JSON {"to", "text", "sender"} to SMS_GATEWAY_URL with a
    bearer token, with connect and read time-outs; any non-2xx answer is an error."""

    @sensitive_variables("phone")
    def send_sms(self, *, phone: str, text: str) -> None:
        url = settings.SMS_GATEWAY_URL
        if not url:
            raise SmsGatewayError("SMS_GATEWAY_URL is not set")
        headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {}
        try:
            response = requests.post(
                url,
                json={"to": phone, "text": text, "sender": settings.SMS_GATEWAY_SENDER},
                headers=headers,
                timeout=settings.SMS_GATEWAY_TIMEOUT,
            )
        except requests.RequestException as exc:
            raise SmsGatewayError(f"SMS gateway unreachable: {exc.__class__.__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise SmsGatewayError(f"SMS gateway answered HTTP {response.status_code}")


class FakeSmsGateway(SmsGateway):
    """Tests: keeps (phone, text) pairs in `FakeSmsGateway.sent`; `fail_next` makes the next sends raise."""

    sent: list[tuple[str, str]] = []
    fail_next = 0

    def send_sms(self, *, phone: str, text: str) -> None:
        if FakeSmsGateway.fail_next:
            FakeSmsGateway.fail_next -= 1
            raise SmsGatewayError("fake gateway failure")
        FakeSmsGateway.sent.append((phone, text))


class GatewayBackend(BaseBackend):
    """Production: e-mail through Django's e-mail backend, SMS through settings.SMS_GATEWAY."""

    deferred = True

    def send(self, notification: Notification) -> None:
        if notification.channel == "email":
            send_mail(notification.subject, notification.body, None, [notification.recipient])
            return
        gateway = import_string(settings.SMS_GATEWAY)()
        gateway.send_sms(phone=notification.recipient, text=f"{notification.subject}\n{notification.body}")


def mask_recipient(recipient: str) -> str:
    if "@" in recipient:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(recipient) >= 7:
        return f"{recipient[:3]}****{recipient[-4:]}"
    return "***"


def get_backend() -> BaseBackend:
    return import_string(settings.NOTIFICATION_BACKEND)()


@sensitive_variables("recipient")
def notify(*, recipient: str, subject: str, body: str, channel: str = "sms") -> None:
    """Send now, in this process. For Celery tasks and commands; request code uses notify_later."""
    if not recipient:
        return
    get_backend().send(Notification(recipient=recipient, subject=subject, body=body, channel=channel))


@sensitive_variables("recipient", "notification")
def notify_later(*, recipient: str, subject: str, body: str, channel: str = "sms", hold_until=None) -> None:
    """Send from a Celery worker when the backend talks to the network, so that a slow or broken
    SMS gateway neither holds up nor fails the request (the worker retries with backoff); at once
    when it does not (the console in development, the tests' outbox). Call it once the rows it
    speaks of are committed (transaction.on_commit). With the broker unreachable the message is
    sent here after all: late is better than lost."""
    if not recipient:
        return
    # A lazy text is fixed now, in the caller's language.
    notification = Notification(recipient=recipient, subject=str(subject), body=str(body), channel=channel)
    if hold_until is not None and hold_until > timezone.now():
        # Held by a staff member's quiet hours: a row, whatever the backend, that the beat's
        # release sweep (notifications_release) sends when the moment has come.
        from common.models import PendingNotification

        pending = PendingNotification.objects.create(**asdict(notification), hold_until=hold_until)
        logger.info(
            "notification %s (%s) to %s held until %s", pending.pk, channel, mask_recipient(recipient), hold_until
        )
        return
    backend = get_backend()
    if not backend.deferred:
        backend.send(notification)
        return
    from common.models import PendingNotification

    # The task gets the row's id, never the phone number or the text (common.models).
    pending = PendingNotification.objects.create(**asdict(notification))
    try:
        task_by_name("common.notification_send").delay(pending.pk)
        logger.debug("notification %s (%s) queued for the worker", pending.pk, channel)
    except Exception:
        logger.exception("notification %s not queued (broker unreachable?); sending it from the request", pending.pk)
        try:
            backend.send(notification)
        except Exception:
            logger.exception(
                "notification %s to %s lost: broker and backend both failed", pending.pk, mask_recipient(recipient)
            )
        else:
            pending.delete()


@transaction.atomic
def notification_sweep(*, now: datetime.datetime | None = None, batch: int | None = None) -> list[int]:
    """Queue again the messages of notify_later that nobody sent: their task was lost (Redis
    restarted without its data, a worker killed while holding it, the database down when it ran).
    Run by beat; safe to run twice at once (rows are locked with SKIP LOCKED).

    A row is due at its `sweep_after` (NOTIFICATION_SWEEP_GRACE_SECONDS after it was written);
    each pick leases it (NOTIFICATION_SWEEP_LEASE_SECONDS) so the next sweep leaves it to the task
    just queued. notification_send locks and deletes the row as it sends, so a message the
    original task and the sweeper's both carry is sent once. Rows older than
    NOTIFICATION_SWEEP_MAX_AGE_HOURS are left alone: a message that late is no longer worth sending
    and the row stays for the operator to see. A message held by quiet hours (`hold_until`) is the
    release sweep's (notifications_release), not this one's.
    """
    from common.models import PendingNotification

    now = now or timezone.now()
    batch = batch or settings.NOTIFICATION_SWEEP_BATCH
    oldest = now - datetime.timedelta(hours=settings.NOTIFICATION_SWEEP_MAX_AGE_HOURS)
    due = list(
        PendingNotification.objects.select_for_update(skip_locked=True)
        .filter(sweep_after__lte=now, created_at__gte=oldest, hold_until__isnull=True)
        .order_by("sweep_after")
        .values_list("pk", flat=True)[:batch]
    )
    if not due:
        return []
    lease_until = now + datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_LEASE_SECONDS)
    PendingNotification.objects.filter(pk__in=due).update(sweep_after=lease_until)
    task = task_by_name("common.notification_send")
    for pk in due:
        transaction.on_commit(lambda pk=pk: task.delay(pk), robust=True)
    logger.warning("notification sweep: %s message(s) queued again", len(due))
    return due


def notifications_release(*, now=None, batch: int = 200) -> int:
    """Send the held messages whose moment has come (the beat's `common.notification_release`, in
    a worker): each row locked with SKIP LOCKED, so two sweeps never send one twice, and deleted
    once sent; one that fails waits five minutes and is tried again. Returns how many were sent."""
    import datetime

    from django.db import transaction

    from common.models import PendingNotification

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        rows = list(
            PendingNotification.objects.select_for_update(skip_locked=True)
            .filter(hold_until__lte=now)
            .order_by("hold_until", "pk")[:batch]
        )
        for row in rows:
            try:
                notify(recipient=row.recipient, subject=row.subject, body=row.body, channel=row.channel)
            except Exception:
                logger.exception("held notification %s to %s not sent", row.pk, mask_recipient(row.recipient))
                row.hold_until = now + datetime.timedelta(minutes=5)
                row.save(update_fields=["hold_until"])
                continue
            row.delete()
            sent += 1
    return sent
