"""Idempotency keys as the IETF httpapi Idempotency-Key draft wants them.

A key a client sends is only a name the client chose: by itself it proves nothing, so it is never
looked up on its own. What is stored and looked up is its *scope*: a keyed hash of the endpoint,
the caller (the signed-in user, else the client address as common.http.client_ip trusts it) and
the key. The same key sent to another endpoint or by another caller is another key, and can never
answer someone else's request (their tracking code is a bearer secret). Beside the scope the row
keeps a *fingerprint* of the request's canonical content (request_fingerprint): the same key with
other content is refused (422), not answered with the first result. Keys are forgotten after
IDEMPOTENCY_KEY_TTL (24 hours): a request after that is a new request.

Written here rather than taken from a package: the packages for it (django-idempotency-key,
drf-idempotency) keep responses in a store of their own, an extra write on every request, and do
not cover an HTML form; here two hashes sit on the row the request makes, found by the one lookup
intake already runs (petition_intake_lookup), so a submission costs no extra query.

A caller identified by address shares its keys with everyone behind the same NAT, but only as
"the same key by the same caller": random keys (new_idempotency_key, a UUID from an app) do not
collide. A phone that changes network between the first try and its retry is another caller, and
its retry is a new submission; that is the price of never answering across callers.
"""

import datetime
import json
from typing import Any

from django.utils.crypto import salted_hmac

from common.http import client_ip

IDEMPOTENCY_KEY_TTL = datetime.timedelta(hours=24)
IDEMPOTENCY_KEY_MAX_LENGTH = 64


def idempotency_caller(request) -> str:
    """Who sends the request: the signed-in user (or the API token's user), else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def idempotency_scope(*, endpoint: str, caller: str, key: str) -> str:
    """The stored form of a client's key: 64 hex digits, one per (endpoint, caller, key). Keyed
    with SECRET_KEY, so the column reveals neither the key nor the caller's address."""
    message = "\n".join([endpoint, caller, key])
    return salted_hmac("common.idempotency.scope", message, algorithm="sha256").hexdigest()


def idempotency_scope_for(request, *, endpoint: str, key: str) -> str | None:
    """The scope of `key` as sent with `request`, or None without a key."""
    if not key:
        return None
    return idempotency_scope(endpoint=endpoint, caller=idempotency_caller(request), key=key)


def request_fingerprint(content: dict[str, Any]) -> str:
    """An HMAC-SHA-256 (hex, keyed with SECRET_KEY) of the canonical JSON of `content`: keys
    sorted, no insignificant spaces, UTF-8. The caller decides what `content` is (the fields that
    make the request what it is) and passes bytes as their digests. Keyed, because the content may
    hold a phone number: a plain hash would let anyone holding the column test guesses."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return salted_hmac("common.idempotency.fingerprint", canonical, algorithm="sha256").hexdigest()


def idempotency_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Rows made before this instant have forgotten their key."""
    return now - IDEMPOTENCY_KEY_TTL
