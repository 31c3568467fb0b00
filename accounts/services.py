"""Every write to accounts: ending a user's sessions, deactivating, releasing a sign-in lock;
enrolling an authenticator app (TOTP), recovery codes, and checking the code entered at the second
step of sign-in.

The devices, their keys and their throttling are django-otp's (otp_totp, otp_static): a device that
refuses a code is locked for 1, 2, 4, 8 ... seconds (settings.OTP_TOTP_THROTTLE_FACTOR times
2^(failures-1)), and these services report the lock instead of trying the code. Callers (the views)
check that the user is signed in, and that a session which only passed the password step does not
replace recovery codes."""

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import lockout
from accounts.choices import ContactChannel
from accounts.models import ApiToken, StaffNotification, User
from accounts.selectors import IN_APP, notification_unread_cache_key, quiet_hours_end, staff_contact
from accounts.tokens import token_new
from common.notifications import notify, notify_later

logger = logging.getLogger(__name__)

UNLOCK = "accounts.unlock_signin"


@transaction.atomic
def user_sessions_end(*, user: User) -> None:
    """End every session this user has, in every browser: their session hash stops matching.

    Called on every sign-out (the user_logged_out signal, whichever view signed out) and when a
    user is deactivated. The caller's own session is flushed by auth.logout() as usual.
    """
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Deactivate an account and end all its sessions (a reactivated account does not get its old
    sessions back). Who may do it is the caller's check (the admin's change permission)."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    user_sessions_end(user=user)
    return user


def signin_lock_release(*, actor: User, username: str = "", ip_address: str = "") -> int:
    """Unlock a username or an address before its cool-off ends. Only office staff may
    (accounts.unlock_signin); returns how many failure records were forgotten."""
    if not actor.has_perm(UNLOCK):
        raise PermissionDenied
    released = lockout.signin_unlock(username=username or None, ip_address=ip_address or None)
    logger.info(
        "sign-in lock released by %s: username=%r ip_address=%r (%d records)",
        actor.get_username(),
        username,
        ip_address,
        released,
    )
    return released


RECOVERY_CODE_COUNT = 10
# The session key that says "this sign-in still owes a second factor" (set at sign-in for whoever
# has enrolled; the policy in selectors.second_factor_required covers the rest).
SESSION_SECOND_FACTOR_PENDING = "accounts_second_factor_pending"

_TOTP_CODE = re.compile(r"\d{6}")


class Method(enum.StrEnum):
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it (None if refused), which kind of code it
    was, and until when the device is locked if it refused to try the code at all."""

    device: TOTPDevice | StaticDevice | None
    method: Method | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def code_normalise(code: str) -> str:
    """Codes as people type them: spaces and dashes dropped, recovery codes in lower case."""
    return re.sub(r"[\s-]", "", code).lower()


def _check_on(device, code: str, method: Method) -> CodeCheck:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(device=None, method=method, locked_until=(info or {}).get("locked_until"))
    if device.verify_token(code):
        return CodeCheck(device=device, method=method)
    return CodeCheck(device=None, method=method)


def totp_device_start(*, user) -> TOTPDevice:
    """The authenticator app the user is enrolling: a new key, kept (unconfirmed, so it opens
    nothing) until a first code confirms it, so that reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device_id: int, code: str) -> CodeCheck:
    """Confirm an enrolment with the first code the app shows. Refused if the user already has a
    confirmed app (a second one could be added by whoever only knows the password)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return CodeCheck(device=None, method=Method.TOTP)
    device = TOTPDevice.objects.select_for_update().filter(user=user, pk=device_id, confirmed=False).first()
    if device is None:
        return CodeCheck(device=None, method=Method.TOTP)
    check = _check_on(device, code_normalise(code), Method.TOTP)
    if check.ok:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return check


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """Ten new single-use recovery codes for the user; the old ones stop working. The codes are
    returned once, to be shown once."""
    device = StaticDevice.objects.select_for_update().filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="恢复码")
    device.token_set.all().delete()
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset(commit=False)
    device.save(update_fields=["throttling_failure_timestamp", "throttling_failure_count"])
    return codes


@transaction.atomic
def second_factor_check(*, user, code: str) -> CodeCheck:
    """Check the code entered at the second step of sign-in: six digits are the authenticator
    app's, anything else a recovery code (which is used up if it matches). Only the device the code
    belongs to counts the failure, so a typo does not lock both."""
    code = code_normalise(code)
    if _TOTP_CODE.fullmatch(code):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        method = Method.TOTP
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        method = Method.RECOVERY_CODE
    if device is None:
        return CodeCheck(device=None, method=method)
    return _check_on(device, code, method)


def second_factor_mark_pending(*, session, user) -> None:
    """At sign-in: whoever has enrolled an app owes a code before any page opens."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        session[SESSION_SECOND_FACTOR_PENDING] = True
    else:
        session.pop(SESSION_SECOND_FACTOR_PENDING, None)


MANAGE_API_TOKENS = "accounts.manage_api_tokens"


class IssuedToken(NamedTuple):
    api_token: ApiToken
    token: str  # the token itself: show it once, it is not stored anywhere


def _require_token_manager(actor: User) -> None:
    if not actor.has_perm(MANAGE_API_TOKENS):
        raise PermissionDenied


@transaction.atomic
def api_token_issue(*, actor: User, user: User, client_name: str, days: int, read_only: bool = False) -> IssuedToken:
    """Issue a token for a system acting as ``user``, valid for ``days`` (1 to
    settings.API_TOKEN_MAX_DAYS). Only office staff (accounts.manage_api_tokens) may; the token is
    returned once and only its digest is saved."""
    _require_token_manager(actor)
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValueError(f"days must be between 1 and {settings.API_TOKEN_MAX_DAYS}")
    new = token_new()
    api_token = ApiToken.objects.create(
        user=user,
        client_name=client_name.strip(),
        prefix=new.prefix,
        digest=new.digest,
        read_only=read_only,
        expires_at=timezone.now() + timedelta(days=days),
        created_by=actor,
    )
    logger.info("API token %s issued by %s for %s", new.prefix, actor.get_username(), user.get_username())
    return IssuedToken(api_token=api_token, token=new.token)


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> bool:
    """Revoke a token at once; False when it was already revoked. Office staff only."""
    _require_token_manager(actor)
    revoked = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        logger.info("API token %s revoked by %s", token_id, actor.get_username())
    return bool(revoked)


# A token's last use is written at most this often: a busy system would otherwise update its row on
# every request.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_mark_used(*, api_token, now) -> None:
    if api_token.last_used_at is None or now - api_token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


# --- telling staff -------------------------------------------------------------------------------


@sensitive_variables("phone", "contact")
def staff_notify(
    *, user, subject: str, body: str, link: str = "", urgent: bool = False, phone: str = "", send_now: bool = False
) -> StaffNotification | None:
    """Tell a staff member something at once: the one way every app does it (a case assigned to
    them, a department's answer, a proposal returned or accepted, a deadline tomorrow, a 不满意
    rating, a swap request …).

    Writes the row of their in-app list (in the caller's transaction) and, after commit, pushes
    it by the channel the person chose on the profile page (accounts.selectors.staff_contact,
    preferring SMS when they left it automatic) with the link as an absolute address. An SMS that
    would arrive in their quiet hours waits until those end, unless `urgent` (a case the liaison
    officer marked urgent); e-mail and the in-app row are never held. `phone` is the number the
    caller knows for them (their member record's). `subject`, `body` and `link` name no citizen.
    The caller has decided that this person is to be told; nothing is checked here.

    `send_now`: push in this process at once (common.notifications.notify, which raises when the
    backend fails) instead of after commit: for a worker that owns its retries (reminders'
    notice_send, which calls this inside a savepoint so that a failed push leaves no row)."""
    if user is None or not user.is_active:
        return None
    now = timezone.now()
    contact = staff_contact(user, prefer="sms", phone=phone)
    held_until = None
    if contact is not None and contact.channel == "sms" and not urgent:
        held_until = quiet_hours_end(user, now=now)
    row = StaffNotification.objects.create(
        user=user,
        subject=str(subject)[:200],
        body=str(body),
        link=link,
        channel=contact.channel if contact is not None else IN_APP,
        urgent=urgent,
        held_until=held_until,
        created_at=now,
    )
    _unread_count_forget(user.pk)
    if contact is not None:
        text = str(body)
        if link:
            text = f"{text}\n{settings.PUBLIC_BASE_URL}{link}"
        subject_text = str(subject)
        if send_now and held_until is None:
            notify(recipient=contact.address, subject=subject_text, body=text, channel=contact.channel)
            return row
        transaction.on_commit(
            lambda: notify_later(
                recipient=contact.address,
                subject=subject_text,
                body=text,
                channel=contact.channel,
                hold_until=held_until,
            ),
            robust=True,
        )
    return row


def _unread_count_forget(user_id: int) -> None:
    """Drop the navbar's cached count now and once the change is committed (a page rendered in
    between must not keep the old count for a minute)."""
    key = notification_unread_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def notification_mark_read(*, user, notification_id: int) -> StaffNotification | None:
    """Mark one of the user's own notifications read (another's is not found: None)."""
    row = StaffNotification.objects.filter(user=user, pk=notification_id).first()
    if row is not None and row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
        _unread_count_forget(user.pk)
    return row


def notifications_mark_all_read(*, user) -> int:
    count = StaffNotification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _unread_count_forget(user.pk)
    return count


@transaction.atomic
def profile_update(*, user: User, contact_channel: str, quiet_start, quiet_end, phone: str, email: str) -> User:
    """The user's own notification settings (the profile page's form has checked the values)."""
    if contact_channel not in ContactChannel.values:
        raise ValueError(contact_channel)
    user.contact_channel = contact_channel
    user.quiet_start = quiet_start
    user.quiet_end = quiet_end
    user.phone = phone
    user.email = email
    user.save(update_fields=["contact_channel", "quiet_start", "quiet_end", "phone", "email"])
    return user
