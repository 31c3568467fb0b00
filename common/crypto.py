"""Encryption at rest for personal data (PIPL art. 51), and a keyed hash for looking it up.

A citizen's name, phone and address, and a department's webhook secret, are stored as Fernet tokens
(AES-128-CBC + HMAC-SHA256, from the well-kept ``cryptography`` package). The keys come from the
environment, never from the database:

- ``PII_ENCRYPTION_KEYS``: one or more Fernet keys. The first encrypts; every one of them decrypts,
  so a key is rotated by putting a new key first, running ``manage.py pii_reencrypt``, and then
  dropping the old key.
- ``PII_HASH_KEY``: the HMAC key of :func:`keyed_hash`. Lookups that need equality on a phone number
  (rate limits, joining a case, "tell every petitioner") compare keyed hashes, since encrypted values
  are random.

The pieces: :class:`EncryptedCharField` (the column), :class:`KeyedHashField` (the lookup column
beside it, set as the row is saved), :func:`table_columns_encrypt` (for the migrations that encrypt
rows already there) and :func:`model_reencrypt` (behind ``manage.py pii_reencrypt``).

Why our own field and not a package: the field is twenty lines of glue around MultiFernet, and the
packages on PyPI derive their keys from SECRET_KEY or take a single key, which would tie rotating
the data key to rotating the session key. Empty strings are stored as empty strings, so the
database's constraints that say "no contact data" (``citizen_phone = ''``) keep working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models.lookups import Exact
from django.dispatch import receiver

# Every Fernet token starts with its version byte 0x80, which base64 writes as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (a format marker, not a secret)


def development_key(purpose: str) -> str:
    """A Fernet key derived from SECRET_KEY, for local development and tests only (production sets
    its keys in the environment and refuses to start without them)."""
    digest = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _keys() -> list[str]:
    return list(settings.PII_ENCRYPTION_KEYS) or [development_key("pii-encryption")]


def _fernet_of(key: str) -> Fernet:
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(
            "PII_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes each); "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from error


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([_fernet_of(key) for key in _keys()])


@lru_cache(maxsize=1)
def _primary() -> Fernet:
    return _fernet_of(_keys()[0])


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    return (settings.PII_HASH_KEY or development_key("pii-hash")).encode()


@receiver(setting_changed)
def _keys_changed(*, setting, **kwargs):
    if setting in {"PII_ENCRYPTION_KEYS", "PII_HASH_KEY", "SECRET_KEY"}:
        _fernet.cache_clear()
        _primary.cache_clear()
        _hash_key.cache_clear()


def encrypt(text: str) -> str:
    """The token of ``text`` under the first key; the empty string stays empty."""
    if not text:
        return ""
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made under any of the configured keys; the empty string stays empty.

    Raises ``InvalidToken`` for a token none of the keys opens: a missing key must be noticed, not
    turned into empty contact data."""
    if not token:
        return ""
    return _fernet().decrypt(token.encode("ascii")).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """``data`` encrypted under the first key (a file held for a moment, e.g. an import upload)."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The bytes of a token made by encrypt_bytes under any configured key (InvalidToken if none)."""
    return _fernet().decrypt(bytes(token))


def reencrypt(token: str) -> str:
    """The same text under the first key (``MultiFernet.rotate``), for key rotation."""
    if not token:
        return ""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of ``text`` under PII_HASH_KEY, hex; the empty string stays empty. Callers
    normalise first (a phone number as its 11 digits)."""
    if not text:
        return ""
    return hmac.new(_hash_key(), text.encode(), hashlib.sha256).hexdigest()


class _EmptyOnlyExact(Exact):
    """``field=""`` (no contact data) is the one comparison an encrypted column answers: a token is
    random, so ``field="13812345678"`` would silently match nothing."""

    def get_prep_lookup(self):
        if self.rhs != "" and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f'{self.lhs.target.model.__name__}.{self.lhs.target.name} is encrypted: compare it with "" '
                "only, and look a value up by its keyed hash."
            )
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A CharField whose value is stored encrypted (a ``text`` column holding a Fernet token).

    ``max_length`` limits the plain text, as forms and model validation see it; the column itself is
    unbounded because a token is about 1.4 times longer than the UTF-8 bytes it hides. Only an exact
    lookup on the empty string is meaningful in a query; look values up by a keyed hash instead.
    """

    def get_internal_type(self):
        return "TextField"

    def get_lookup(self, lookup_name):
        # Only "is it empty" has a meaning on tokens; any other lookup is a FieldError, not a
        # query that quietly finds nothing.
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        try:
            return decrypt(value)
        except InvalidToken as error:
            raise ImproperlyConfigured(
                f"{self.model.__name__}.{self.name}: a stored value cannot be decrypted with any of "
                "PII_ENCRYPTION_KEYS (a key was dropped before `manage.py pii_reencrypt` ran?)"
            ) from error

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)


class KeyedHashField(models.CharField):
    """The keyed hash of another field's value (hex HMAC-SHA256, "" for ""), worked out as the row
    is saved: the lookup column beside an encrypted one, which equality queries compare.

    ``source`` names the field it hashes, ``normalize`` (a module-level function, so migrations
    can name it) turns a value into the form every lookup hashes, e.g. a phone as its 11 digits.
    Set in ``pre_save`` like ``auto_now``, so no writer can store a value without its hash; only
    ``QuerySet.update()`` and ``bulk_update()`` bypass it (they must name the hash themselves, and a
    CheckConstraint on the model is the backstop)."""

    def __init__(self, *args, source: str, normalize: Callable[[str], str] | None = None, **kwargs):
        self.source = source
        self.normalize = normalize
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.normalize is not None:
            kwargs["normalize"] = self.normalize
        for key, default in (("max_length", 64), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def hash_of(self, value: str) -> str:
        if not value:
            return ""
        return keyed_hash(self.normalize(value) if self.normalize is not None else value)

    def pre_save(self, model_instance, add):
        value = self.hash_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def table_columns_encrypt(
    *,
    connection,
    table: str,
    columns: Sequence[str],
    hashes: Mapping[str, tuple[str, Callable[[str], str]]] | None = None,
    reverse: bool = False,
    batch_size: int = 1000,
) -> int:
    """For migrations: rewrite ``columns`` of ``table`` in place, plain text to tokens (or, with
    ``reverse``, tokens back to plain text), in batches of primary keys, by raw SQL: the model's
    EncryptedCharField would try to decrypt a plain value as it reads it. ``hashes`` maps a column
    to (the column it is derived from, the function of its plain value), e.g. the phone's lookup
    hash; reversed, it is emptied. A value already in the wanted form is left alone, so a rerun
    changes nothing. Returns the number of rows rewritten."""
    hashes = dict(hashes or {})
    quote = connection.ops.quote_name
    names = list(columns)
    select = ", ".join(quote(name) for name in ["id", *names])
    assignments = ", ".join(f"{quote(name)} = %s" for name in [*names, *hashes])
    not_empty = " OR ".join(f"{quote(name)} <> ''" for name in names)
    rewritten, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {select} FROM {quote(table)} WHERE id > %s AND ({not_empty}) ORDER BY id LIMIT %s",  # noqa: S608
                [last, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return rewritten
            updates = []
            for pk, *values in rows:
                plain = dict(zip(names, (decrypt(v) if v and is_token(v) else v for v in values), strict=True))
                stored = [
                    plain[name] if reverse else (v if not v or is_token(v) else encrypt(v))
                    for name, v in zip(names, values, strict=True)
                ]
                derived = ["" if reverse else function(plain[source]) for source, function in hashes.values()]
                if stored != values or hashes:
                    updates.append([*stored, *derived, pk])
            if updates:
                cursor.executemany(f"UPDATE {quote(table)} SET {assignments} WHERE id = %s", updates)  # noqa: S608
                rewritten += len(updates)
            last = rows[-1][0]


def is_current(token: str) -> bool:
    """Whether a token was made under the first (the writing) key. A token of another key fails at
    its HMAC check, before any decryption, so this is cheap."""
    if not token:
        return True
    try:
        _primary().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


@dataclass
class Reencryption:
    """What `model_reencrypt` did to one table."""

    label: str
    rows: int = 0  # rows read
    reencrypted: int = 0  # rows whose tokens were moved to the first key
    rehashed: int = 0  # rows whose lookup hashes were recomputed under PII_HASH_KEY


def model_reencrypt(model, *, batch_size: int = 500) -> Reencryption | None:
    """Move every EncryptedCharField value of ``model`` to the first of PII_ENCRYPTION_KEYS and
    recompute every KeyedHashField under PII_HASH_KEY (None for a model with neither), in batches
    of primary keys, one transaction each (``manage.py pii_reencrypt``). Only rows that change are
    written, so a rerun writes nothing; each write is conditional on the values read, so a row
    changed in between (a citizen's data cleared by the retention job) is left as it now is. Raw
    SQL, so that the tokens are seen as they are stored. Raises InvalidToken when a value opens
    under none of the keys."""
    from django.db import connections, router, transaction

    meta = model._meta
    encrypted = [f for f in meta.concrete_fields if isinstance(f, EncryptedCharField)]
    hashed = [f for f in meta.concrete_fields if isinstance(f, KeyedHashField)]
    if not encrypted and not hashed:
        return None
    report = Reencryption(label=meta.label)
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [meta.pk, *encrypted, *hashed]
    select = ", ".join(quote(f.column) for f in fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    last = None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cursor.execute(
                f"SELECT {select} FROM {table} {where}ORDER BY {pk} LIMIT %s",  # noqa: S608 - names quoted
                [*([last] if last is not None else []), batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return report
            for row in rows:
                report.rows += 1
                stored = dict(zip((f.attname for f in fields), row, strict=True))
                changes = {}
                for field in encrypted:
                    token = stored[field.attname]
                    if token and not is_current(token):
                        changes[field] = reencrypt(token)
                plain = {f.attname: decrypt(stored[f.attname]) for f in encrypted}
                for field in hashed:
                    source = meta.get_field(field.source)
                    value = plain[source.attname] if source in encrypted else stored[source.attname]
                    fresh = field.hash_of(value)
                    if fresh != stored[field.attname]:
                        changes[field] = fresh
                if not changes:
                    continue
                report.reencrypted += any(f in encrypted for f in changes)
                report.rehashed += any(f in hashed for f in changes)
                assignments = ", ".join(f"{quote(f.column)} = %s" for f in changes)
                unchanged = " AND ".join(f"{quote(f.column)} = %s" for f in fields[1:])
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s AND {unchanged}",  # noqa: S608 - names quoted
                    [*changes.values(), row[0], *row[1:]],
                )
            last = rows[-1][0]
