"""RFC 6238 codes computed in the tests themselves (not by django-otp), from a key or the base32
secret a page shows, the way an authenticator app computes them."""

import hashlib
import hmac
import struct
import time
from base64 import b32decode


def totp_code(key: bytes, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def key_from_secret(secret: str) -> bytes:
    """The key behind a base32 secret as typed into an app (spaces and case do not matter)."""
    secret = "".join(secret.split()).upper()
    return b32decode(secret + "=" * (-len(secret) % 8))
