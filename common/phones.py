"""A citizen's mobile number, as it is stored, hashed and counted: the one normalisation.

The stored phone, its lookup hash (``Petition.citizen_phone_hash``) and the per-phone rate limit
must all see "138 1234 5678", "+86 13812345678" and full-width digits as one number, or a
lookup by hash silently misses. So every path goes through :func:`phone_normalize` first, and
:func:`phone_lookup_hash` (which ``Petition.citizen_phone_hash`` also uses) is the only way a
phone becomes a hash.
"""

import re
import unicodedata

from common.crypto import keyed_hash

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()]")


class PhoneInvalid(ValueError):
    """Not a mainland mobile number."""


def phone_normalize(raw: str) -> str:
    """A mainland mobile number as 11 digits, from what people type: full-width digits, spaces,
    dashes, a +86 or 0086 prefix; "" for blank. Raises PhoneInvalid for anything else."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return ""
    digits = _SEPARATORS.sub("", text)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise PhoneInvalid(raw)
    return digits


def phone_lookup_form(phone: str) -> str:
    """What a phone's lookup hash is made of: its 11 digits; a value that is not a mobile number
    (an old row, a landline typed by staff) as its trimmed text, so that it still equals itself."""
    try:
        return phone_normalize(phone)
    except PhoneInvalid:
        return unicodedata.normalize("NFKC", phone or "").strip()


def phone_lookup_hash(phone: str) -> str:
    """The keyed hash a phone is looked up, joined and counted by ("" for no phone)."""
    return keyed_hash(phone_lookup_form(phone))


def phone_mask(phone: str) -> str:
    """A phone as those who may not see it are shown it: 138****5678 (the first three and the last
    four digits), "****" for something shorter than a mobile number, "" for none. The same shape
    the notification log and the log filter use (common.notifications, common.logs)."""
    text = phone_lookup_form(phone)
    if not text:
        return ""
    if len(text) < 7:
        return "****"
    return f"{text[:3]}****{text[-4:]}"


def name_mask(name: str) -> str:
    """A citizen's name for those who may not see it: the first character and one * per other
    character (张**), as Chinese service desks print it; "" for none."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
