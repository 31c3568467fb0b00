"""Reads about accounts: who must sign in with a second factor, and which devices they hold."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import SECOND_FACTOR_ROLES, role_group_name


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
