"""Every write to accounts: ending a user's sessions, deactivating, releasing a sign-in lock."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from accounts import lockout
from accounts.models import User

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
