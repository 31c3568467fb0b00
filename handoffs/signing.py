"""The two signatures a hand-off carries: the HMAC of a webhook (both ways: what we send to a
department's system and what it sends back), and the signed, expiring link in a hand-off e-mail
that opens the department portal."""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing

PORTAL_LINK_SALT = "departments.portal"


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


def portal_token_make(*, department_id: int, delivery_id: int) -> str:
    """The token of /dept/link/<token>/: signed (TimestampSigner, salt "departments.portal") over
    {"department": id, "delivery": id}. `portal_token_read` is what the portal view verifies with."""
    signer = signing.TimestampSigner(salt=PORTAL_LINK_SALT)
    return signer.sign_object({"department": department_id, "delivery": delivery_id})


def portal_token_read(token: str, *, max_age_seconds: int | None = None) -> dict[str, int]:
    """{"department": id, "delivery": id}; raises django.core.signing.BadSignature (or its subclass
    SignatureExpired) when the token was altered or is older than the configured lifetime."""
    if max_age_seconds is None:
        max_age_seconds = settings.HANDOFF_PORTAL_LINK_MAX_AGE_DAYS * 86400
    signer = signing.TimestampSigner(salt=PORTAL_LINK_SALT)
    return signer.unsign_object(token, max_age=max_age_seconds)


def portal_link(*, department_id: int, delivery_id: int) -> str:
    token = portal_token_make(department_id=department_id, delivery_id=delivery_id)
    return f"{settings.PUBLIC_BASE_URL}/dept/link/{token}/"
