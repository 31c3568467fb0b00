"""Log lines: a request id on every record, and no mobile number in any line.

The request id lives in a context variable, set by common.middleware.RequestIdMiddleware for a web
request and by the Celery signals in config/celery_app.py for a task that request started, so the
worker's lines carry the id of the request that caused them. RequestIdFilter copies it onto each
record (as `request_id`, "-" outside a request), for the plain format of `make run` and the JSON of
production alike.

Personal data is kept out of logs by what the code logs (ids, masked recipients); the masking here
is the last line of defence for what slips through: a number a citizen typed into their text, an
exception message quoting a row. It masks mainland mobile numbers (1[3-9] and nine more digits) as
138****5678, the way notifications.mask_recipient does. Names and addresses have no shape a pattern
could find; they must never be logged in the first place.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

# What we accept from a trusted proxy: a UUID, nginx's $request_id (32 hex digits), or any such
# token of 8 to 64 letters, digits and "-_.:" (nothing that could forge a log line or a header).
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
# 13812345678, +86 138 1234 5678, 86-138-1234-5678; not the middle of a longer run of digits.
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
# The attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_sane(value: str | None) -> str | None:
    """`value` when it looks like a request id, else None."""
    value = (value or "").strip()
    return value if _SANE_REQUEST_ID.fullmatch(value) else None


def mask_phones(text: str) -> str:
    """Mainland mobile numbers in `text` as 138****5678."""
    return _MOBILE.sub(r"\1****\2", text)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`%(request_id)s`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class PersonalDataFilter(logging.Filter):
    """Masks mobile numbers in the message, its arguments, `extra=` values and the exception text,
    before any handler formats or sends the record (the console, the admins' e-mail)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        masked = mask_phones(message)
        if masked != message:
            record.msg, record.args = masked, None
        for name, value in list(vars(record).items()):
            if name not in _RECORD_ATTRS and isinstance(value, str):
                setattr(record, name, mask_phones(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_phones(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phones(record.stack_info)
        return True


class PlainFormatter(logging.Formatter):
    """The readable lines of `make run`, masked once more as a whole."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_phones(super().format(record))


class JsonLineFormatter(JsonFormatter):
    """One JSON object per line in production (python-json-logger), masked once more as a whole:
    the JSON formatter writes every `extra=` field and formats exceptions itself."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_phones(super().format(record))
