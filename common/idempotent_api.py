"""`Idempotency-Key` for the API's creating POSTs other than a petition's (rosters, swaps,
unavailability, proposals, extensions), with the rules of common.idempotency: the key is bound
to the endpoint and the caller (idempotency_scope_for), the body is fingerprinted
(request_fingerprint), the same key with the same body within IDEMPOTENCY_KEY_TTL answers the
first answer again (with `Idempotent-Replayed: true`), the same key with another body is
refused (422, `idempotency_key_reused`).

The first answer is kept in common.IdempotentRequest, written in the transaction that creates
the object, so a request that fails leaves no key behind and a retry runs it again; two
simultaneous requests with one key meet at the row's unique scope: the second waits for the
first's transaction and then replays its answer."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from common.idempotency import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    idempotency_cutoff,
    idempotency_scope_for,
    request_fingerprint,
)
from common.models import IdempotentRequest

IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
MSG_KEY_REUSED = _("这个 Idempotency-Key 已用于另一个不同内容的请求。请为新的请求使用新的 Idempotency-Key。")
MSG_KEY_TOO_LONG = _("最多 64 个字符。")


def _replay(row: IdempotentRequest, fingerprint: str) -> Response:
    if row.fingerprint != fingerprint:
        body = {"code": IDEMPOTENCY_KEY_REUSED, "detail": str(MSG_KEY_REUSED), "fields": {}}
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    response = Response(row.body, status=row.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent_create(request, *, endpoint: str, content: dict, create) -> Response:
    """Answer `request` with `create()` (a callable returning a Response), or with the answer a
    request with the same key got before. `content` is what makes the request what it is (the
    validated input and the object it acts on)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationError({"Idempotency-Key": [MSG_KEY_TOO_LONG]})
    if not key:
        return create()
    scope = idempotency_scope_for(request, endpoint=endpoint, key=key)
    fingerprint = request_fingerprint(content)
    cutoff = idempotency_cutoff(timezone.now())
    row = IdempotentRequest.objects.filter(scope=scope).first()
    if row is not None and row.created_at >= cutoff:
        return _replay(row, fingerprint)
    try:
        with transaction.atomic():
            if row is not None:  # an expired key: forgotten, this is a new request
                IdempotentRequest.objects.filter(pk=row.pk, created_at__lt=cutoff).delete()
            response = create()
            if 200 <= response.status_code < 300:
                IdempotentRequest.objects.create(
                    scope=scope, fingerprint=fingerprint, status_code=response.status_code, body=response.data
                )
    except IntegrityError:
        # Another request with this key committed first (unique scope): answer what it got.
        row = IdempotentRequest.objects.filter(scope=scope).first()
        if row is None:
            raise
        return _replay(row, fingerprint)
    return response


PURGE_BATCH = 5000


def idempotent_requests_purge(*, now=None, batch: int = PURGE_BATCH) -> int:
    """Delete the rows whose key is forgotten (older than IDEMPOTENCY_KEY_TTL), a batch at a time
    over the created_at index; returns how many went. Run by beat (common.idempotent_requests_purge)."""
    cutoff = idempotency_cutoff(now or timezone.now())
    deleted = 0
    while True:
        ids = list(IdempotentRequest.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        deleted += IdempotentRequest.objects.filter(pk__in=ids).delete()[0]
