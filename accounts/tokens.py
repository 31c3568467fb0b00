"""API tokens for departments' and the province's systems: how a token looks and how it is checked.

A token is ``wst_<prefix>_<secret>``: ``prefix`` is 8 random hex characters, public (shown in the
token list, used to find the row with one indexed lookup), ``secret`` 32 random bytes
(``secrets.token_urlsafe``). The database keeps only the SHA-256 digest of the whole token: a copy
of the table opens nothing, and the digest is compared in constant time.

Why our own small model rather than django-rest-knox: knox stores a digest of the token too, but
it has no client name, no read-only tokens, no per-token lifetime chosen at issue with a maximum,
and no hook for the sign-in lockout (a wrong token must count as a failed sign-in for the address,
accounts.lockout); every one of those would be a subclass or a fork of its model and its
authentication class. What remains of knox is ~30 lines (random token, digest, lookup) that are
here. A fast hash (SHA-256) is enough because the secret has 256 bits of entropy: there is no
password to stretch.
"""

import hashlib
import hmac
import secrets
from typing import NamedTuple

TOKEN_SCHEME = "wst"  # noqa: S105 (the tokens' public scheme marker, not a secret)
PREFIX_LENGTH = 8


class NewToken(NamedTuple):
    prefix: str
    token: str  # the full token, shown once and never stored
    digest: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> NewToken:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    token = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, token=token, digest=token_digest(token))


def token_prefix(token: str) -> str | None:
    """The public prefix of a token as sent, or None when it is not shaped like one of ours."""
    scheme, _sep, rest = token.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != PREFIX_LENGTH or not secret or len(token) > 100:
        return None
    return prefix


def token_matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(token), digest)
