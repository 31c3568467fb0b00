"""The sign-in lockout, on top of django-axes: one place that every way in asks.

django-axes counts failed authenticate() calls (its backend refuses a locked username or address
before any password is checked; its handler counts failures from the user_login_failed signal).
This module adds what the project needs around it:

- the Chinese message a locked-out person is shown (``lockout_message``),
- one function an API token authentication class calls with the username it is about to accept,
  so that tokens obey the same lock as the sign-in page and the admin (``signin_lockout_check``),
  and one that reports a failed token attempt so that it is counted the same way
  (``signin_failure_report``),
- a handler that forgets a username's own failures after it signs in, but never the address's
  failures for other usernames (axes' AXES_RESET_ON_SUCCESS would forget both, and someone with
  one valid account could then guess other accounts' passwords from the same address forever),
- a limit of its own for an address (SIGNIN_ADDRESS_FAILURE_LIMIT): on a government intranet a
  whole office often reaches us through one NAT address, and one person mistyping five times must
  not lock out everyone behind it. axes has one limit for all its lockout parameters.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _


class SigninLocked(Exception):
    """The username or the client address is locked out; ``message`` says so to the user."""

    def __init__(self):
        self.message = lockout_message()
        super().__init__(str(self.message))


def lockout_message() -> str:
    return _(
        "登录失败次数过多，该账号或当前网络地址已被锁定 %(minutes)s 分钟。请稍后再试，或联系办公室工作人员解除锁定。"
    ) % {"minutes": settings.SIGNIN_COOLOFF_MINUTES}


def signin_is_locked(request, *, username: str | None) -> bool:
    """Whether this username, or the address the request comes from, is locked out now."""
    return not AxesProxyHandler.is_allowed(request, get_credentials(username))


def signin_lockout_check(request, *, username: str | None) -> None:
    """Raise SigninLocked when the username or the request's address is locked out.

    For a way in that does not go through authenticate() with a password (an API token): call
    it before accepting the token's user, and map SigninLocked to the API's 403/429 answer.
    """
    if signin_is_locked(request, username=username):
        raise SigninLocked


def signin_failure_report(request, *, username: str | None) -> None:
    """Count a failed attempt that did not go through authenticate() (a wrong API token), the
    same way authenticate() does: through user_login_failed, so that the lockout counts it and
    the audit records it."""
    user_login_failed.send(sender=__name__, credentials=get_credentials(username), request=request)


def signin_unlock(*, username: str | None = None, ip_address: str | None = None) -> int:
    """Forget the failures of one username or one address; returns how many rows went."""
    if not username and not ip_address:
        return 0
    return AxesProxyHandler.reset_attempts(username=username or None, ip_address=ip_address or None)


class SigninLockoutHandler(AxesDatabaseHandler):
    """axes' database handler, plus: a successful sign-in forgets that username's failures, and an
    address is measured against SIGNIN_ADDRESS_FAILURE_LIMIT rather than the username limit."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures axes compares with AXES_FAILURE_LIMIT (L): the username's count, or the
        address's count scaled to L (floor(count * L / address limit) reaches L exactly when the
        count reaches the address limit), whichever is higher. axes asks this one method both to
        refuse a sign-in and to decide that a failure locks, so the two cannot disagree."""
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(by_username, by_address * limit // max(address_limit, 1))

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        self.reset_attempts(username=user.get_username())


def lockout_response(request, original_response, credentials):
    """What axes' middleware answers a locked-out sign-in with: the page the view rendered (its
    form already shows lockout_message, see accounts.forms), with status 429."""
    if original_response is None:
        from django.http import HttpResponse

        return HttpResponse(lockout_message(), status=429)
    original_response.status_code = 429
    return original_response
