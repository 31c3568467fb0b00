"""The two signatures a hand-off carries: the HMAC of a webhook (both ways: what we send to a
department's system and what it sends back), and the signed, expiring link in a hand-off e-mail
that opens the department portal."""

import hashlib
import hmac
import time

from django.conf import settings


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256 over "<timestamp>.<body>" with the department's webhook secret."""
    message = timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def webhook_headers(*, secret: str, body: bytes, idempotency_key: str, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json",
        "X-Workstation-Timestamp": timestamp,
        "X-Workstation-Signature": webhook_signature(secret=secret, timestamp=timestamp, body=body),
        "Idempotency-Key": idempotency_key,
    }


def webhook_signature_valid(*, secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature.strip().lower())


def portal_link(*, delivery) -> str:
    """The signed, expiring portal link for a hand-off e-mail: the one the department portal
    verifies (departments.services.portal_token_read)."""
    from departments.services import portal_link_path

    subject_id = delivery.consultation_id if delivery.kind == "consultation" else delivery.assignment_id
    return settings.PUBLIC_BASE_URL + portal_link_path(kind=delivery.kind, pk=subject_id)
