"""How one hand-off reaches a department: e-mail, a signed webhook, or in-app only. Each sender
makes exactly one try and reports what happened as a `SendResult`; retrying is the caller's job.

The webhook contract for departments: answer 2xx once you have stored the hand-off; a repeat of
an Idempotency-Key you already have may be answered 2xx or 409 — both count as delivered (a
worker that died after the receiver stored it but before we recorded it sends it again).

A result is one of: delivered; retryable (connection error, time-out, 408, 429, 5xx, a temporary
SMTP error); or permanent (any other 4xx, a redirect, a refused address) — the request itself is
wrong and sending it again will not help, so it is escalated instead of retried.
"""

import json
import smtplib
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from departments.choices import DeliveryChannel
from handoffs.signing import portal_link, webhook_headers

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class SendResult:
    delivered: bool
    retryable: bool = False
    status_code: int | None = None
    error: str = ""
    duration_ms: int = 0
    retry_after: float | None = None  # seconds the receiver asked us to wait (Retry-After)


def webhook_body(delivery) -> bytes:
    document = {
        "id": str(delivery.idempotency_key),
        "delivery_id": delivery.pk,
        "kind": delivery.kind,
        "department_id": delivery.department_id,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(float(value), settings.HANDOFF_RETRY_MAX_SECONDS) if value else None
    except ValueError:
        return None


def send_webhook(delivery) -> SendResult:
    department = delivery.department
    body = webhook_body(delivery)
    headers = webhook_headers(
        secret=department.webhook_secret, body=body, idempotency_key=str(delivery.idempotency_key)
    )
    started = time.monotonic()
    try:
        response = requests.post(
            department.webhook_url,
            data=body,
            headers=headers,
            timeout=settings.HANDOFF_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
    except (
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
        requests.exceptions.InvalidURL,
    ) as exc:
        return SendResult(
            False, False, error=f"bad webhook address: {exc.__class__.__name__}", duration_ms=_ms(started)
        )
    except requests.Timeout as exc:
        return SendResult(False, True, error=f"timeout: {exc.__class__.__name__}", duration_ms=_ms(started))
    except requests.RequestException as exc:
        return SendResult(False, True, error=f"connection: {exc.__class__.__name__}", duration_ms=_ms(started))
    duration = _ms(started)
    code = response.status_code
    if 200 <= code < 300 or code == 409:
        return SendResult(True, status_code=code, duration_ms=duration)
    detail = response.text[:300]
    if code in RETRYABLE_STATUS or code >= 500:
        return SendResult(False, True, code, f"HTTP {code}: {detail}", duration, _retry_after(response))
    return SendResult(False, False, code, f"HTTP {code}: {detail}", duration)


def render_handoff_email(delivery) -> tuple[str, str]:
    context = {
        "delivery": delivery,
        "department": delivery.department,
        "data": delivery.payload,
        "link": portal_link(delivery=delivery),
        "link_days": settings.HANDOFF_PORTAL_LINK_MAX_AGE_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/{translation.get_language()}/handoff_email.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_email(delivery) -> SendResult:
    subject, body = render_handoff_email(delivery)
    message = EmailMessage(
        subject, body, to=[delivery.department.email], headers={"X-Idempotency-Key": str(delivery.idempotency_key)}
    )
    started = time.monotonic()
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPResponseException as exc:
        # 4xx from the SMTP server is temporary (greylisting, mailbox busy); 5xx is final.
        retryable = 400 <= exc.smtp_code < 500
        return SendResult(False, retryable, error=f"SMTP {exc.smtp_code}", duration_ms=_ms(started))
    except smtplib.SMTPRecipientsRefused as exc:
        return SendResult(
            False, False, error=f"SMTP recipients refused: {exc.__class__.__name__}", duration_ms=_ms(started)
        )
    except (OSError, smtplib.SMTPException) as exc:
        return SendResult(False, True, error=f"SMTP: {exc.__class__.__name__}: {exc}"[:300], duration_ms=_ms(started))
    return SendResult(True, duration_ms=_ms(started))


def send_in_app(delivery) -> SendResult:
    # The department portal lists it; writing the row was the delivery.
    return SendResult(True)


SENDERS = {
    DeliveryChannel.WEBHOOK: send_webhook,
    DeliveryChannel.EMAIL: send_email,
    DeliveryChannel.IN_APP: send_in_app,
}


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
