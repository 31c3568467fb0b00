"""Every read of accounts: who must sign in with a second factor and which devices they hold, and
which usernames and addresses are locked out of signing in now, and how to reach a staff user."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, StaffNotification
from accounts.roles import SECOND_FACTOR_ROLES, role_group_name


@dataclass(frozen=True)
class SigninLock:
    """A username or an address that has reached the failure limit within the cool-off."""

    value: str
    failures: int
    last_failure_at: datetime
    until: datetime
    usernames: int  # for an address: how many different usernames were tried from it


def _locks(field: str, limit: int) -> list[SigninLock]:
    cool_off = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    attempts = attempts.exclude(**{f"{field}__isnull": True})
    if field == "username":
        # (ip_address is an inet column on PostgreSQL: comparing it with "" is not valid there)
        attempts = attempts.exclude(username="")
    rows = (
        attempts.values(field)
        .annotate(
            failures=Sum("failures_since_start"),
            last=Max("attempt_time"),
            usernames=Count("username", distinct=True),
        )
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    return [
        SigninLock(
            value=row[field],
            failures=row["failures"],
            last_failure_at=row["last"],
            until=row["last"] + cool_off,
            usernames=row["usernames"],
        )
        for row in rows
    ]


def signin_locks_by_username() -> list[SigninLock]:
    return _locks("username", settings.AXES_FAILURE_LIMIT)


def signin_locks_by_address() -> list[SigninLock]:
    return _locks("ip_address", settings.SIGNIN_ADDRESS_FAILURE_LIMIT)


def second_factor_required(user) -> bool:
    """Whether the policy forces this user to sign in with a second factor: with
    settings.STAFF_2FA_REQUIRED on, superusers and the holders of SECOND_FACTOR_ROLES. (Whoever has
    enrolled of their own accord is asked for a code too; sign-in marks their session, see
    accounts.services.second_factor_mark_pending.) Costs no query while the setting is off."""
    if not settings.STAFF_2FA_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[role_group_name(role) for role in SECOND_FACTOR_ROLES]).exists()


def totp_device_get_confirmed(*, user) -> TOTPDevice | None:
    """The user's authenticator app, once its enrolment was confirmed with a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_remaining(*, user) -> int:
    """How many unused recovery codes the user has left."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


Channel = Literal["email", "sms"]
IN_APP = "inapp"


class Contact(NamedTuple):
    """Where one message to a staff member goes."""

    channel: Channel
    address: str


def staff_contact(user, *, prefer: Channel = "email", phone: str = "") -> Contact | None:
    """How to reach a staff user: the one rule that duty reminders, deadline notices, escalations and
    the intake's alerts all ask.

    The user's own choice on the profile page (`User.contact_channel`) wins; left automatic, the
    caller's `prefer` decides (the "told at once" messages of accounts.services.staff_notify prefer
    SMS): e-mail to `user.email`, or SMS to the phone. The phone is the account's, else `phone`,
    the number the caller knows for this person (their member record's). The other channel is the
    fallback when the preferred one has no address. Someone who chose in-app only, an inactive or
    a missing user is not contacted: None, as when neither address exists."""
    if user is None or not user.is_active:
        return None
    if getattr(user, "contact_channel", "") == IN_APP:
        return None
    mobile = user.phone or phone
    addresses: dict[Channel, str] = {"email": user.email, "sms": mobile}
    first: Channel = getattr(user, "contact_channel", "") or prefer
    for channel in (first, "sms" if first == "email" else "email"):
        if addresses[channel]:
            return Contact(channel, addresses[channel])
    return None


def api_token_list():
    """Every token, newest first, with its user and issuer (the token page, one query)."""
    return ApiToken.objects.select_related("user", "created_by").order_by("-created_at", "-id")


def api_token_get_by_prefix(*, prefix: str):
    """The token row with this public prefix and its user, or None (revoked and expired included:
    the authentication class says why it refuses)."""
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()


def quiet_hours_end(user, *, now: datetime) -> datetime | None:
    """When `now` falls in the user's quiet hours (User.quiet_start to quiet_end, local time of
    settings.TIME_ZONE, across midnight when the start is later than the end): the moment they end.
    None outside them, or when start and end are equal (no quiet hours)."""
    start, end = user.quiet_start, user.quiet_end
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now, timezone.get_default_timezone())
    today = local.time()
    crosses_midnight = start > end
    inside = (today >= start or today < end) if crosses_midnight else (start <= today < end)
    if not inside:
        return None
    day = local.date()
    if crosses_midnight and today >= start:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end), timezone.get_default_timezone())


def notification_list(*, user):
    """The user's in-app notifications, newest first (one query; nothing related to load)."""
    return StaffNotification.objects.filter(user=user).order_by("-created_at", "-id")


UNREAD_CACHE_SECONDS = 60


def notification_unread_cache_key(user_id: int) -> str:
    return f"notifications-unread:{user_id}"


def notification_unread_count(*, user) -> int:
    """Unread notifications (the navbar, on every staff page): a count over a partial index, kept
    in the cache for a minute and dropped whenever the user's notifications change
    (accounts.services), so most pages cost no query for it. With a per-process cache (locmem,
    several processes) another process may show the old count for up to that minute."""
    key = notification_unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = StaffNotification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count
