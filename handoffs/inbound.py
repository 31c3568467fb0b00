"""Messages departments' systems send back through the webhook receiver: verified, deduplicated,
recorded and handed to the workflow service that owns the change.

The workflow services live elsewhere and are resolved lazily from DISPATCH, so this module never
imports them at start-up. Each target is called as `target(department=<Department>, data=<dict>)`
and returns a JSON-serialisable dict (or None); it raises django.core.exceptions.ValidationError
(or PermissionDenied) for a message it refuses, which rolls everything back, key included, so the
department can send a corrected message.
"""

import datetime
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from departments.models import Department
from handoffs.models import InboundMessage
from handoffs.signing import webhook_signature_valid

DISPATCH: dict[str, str] = {
    "consultation.answer": "departments.inbound.consultation_answer",
    "assignment.acknowledge": "departments.inbound.assignment_acknowledge",
    "assignment.report": "departments.inbound.assignment_report",
}


class InboundError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class InboundResult:
    message_id: int
    type: str
    result: dict | None


def _target(message_type: str):
    dotted = DISPATCH.get(message_type)
    if dotted is None:
        raise InboundError(400, "unknown_type", f"unknown message type {message_type!r}; known: {sorted(DISPATCH)}")
    try:
        return import_string(dotted)
    except ImportError as exc:
        raise InboundError(
            503, "handler_unavailable", f"the handler for {message_type!r} ({dotted}) is not available yet"
        ) from exc


def inbound_receive(*, department_id: int, body: bytes, timestamp: str, signature: str, idempotency_key: str):
    """Verify, deduplicate, record and dispatch one inbound message. Raises InboundError."""
    department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        raise InboundError(404, "unknown_department", "unknown department")
    if not timestamp.isdigit() or not signature:
        raise InboundError(401, "bad_signature", "X-Workstation-Timestamp and X-Workstation-Signature are required")
    if not any(
        webhook_signature_valid(secret=secret, timestamp=timestamp, body=body, signature=signature)
        for secret in department.inbound_webhook_secrets(now=timezone.now())
    ):
        raise InboundError(401, "bad_signature", "the signature does not match")
    if abs(time.time() - int(timestamp)) > settings.INBOUND_WEBHOOK_MAX_AGE_SECONDS:
        raise InboundError(401, "stale_timestamp", "the timestamp is too old or in the future")
    idempotency_key = idempotency_key.strip()
    if not idempotency_key or len(idempotency_key) > 100:
        raise InboundError(400, "idempotency_key_required", "an Idempotency-Key header of 1-100 characters is required")
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InboundError(400, "bad_json", "the body is not valid JSON") from exc
    if not isinstance(document, dict) or not isinstance(document.get("type"), str):
        raise InboundError(400, "bad_document", 'the body must be an object with a "type"')
    data = document.get("data") or {}
    if not isinstance(data, dict):
        raise InboundError(400, "bad_document", '"data" must be an object')
    target = _target(document["type"])

    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                department=department,
                idempotency_key=idempotency_key,
                signature=signature.strip().lower(),
                sent_at=datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC),
                type=document["type"],
                payload=document,
                received_at=timezone.now(),
            )
            try:
                result = target(department=department, data=data)
            except ValidationError as exc:
                raise InboundError(422, "refused", "; ".join(exc.messages)) from exc
            except PermissionDenied as exc:
                raise InboundError(403, "forbidden", str(exc) or "not allowed") from exc
    except IntegrityError as exc:
        raise InboundError(409, "replay", "this message (Idempotency-Key or signature) was already received") from exc
    return InboundResult(message_id=message.pk, type=message.type, result=result)
