"""Session time-outs: idle (SESSION_IDLE_MINUTES) and absolute (SESSION_ABSOLUTE_HOURS).

Django has neither: SESSION_COOKIE_AGE counts from the last write of the session, so a session used
every day would live for ever. The sign-in time and the last request time are kept in the session
itself; a request that finds either limit passed ends that session (only that one: other browsers
run their own clocks) and sends the person to the sign-in page, saying why and keeping ?next=.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN_AT = "accounts.last_seen_at"
# The last-request time is written at most this often, so that a page full of requests does not
# write the session on every one of them (the idle limit is minutes, a minute's slack is fine).
LAST_SEEN_RESOLUTION_SECONDS = 60


def session_start(*, request) -> None:
    """Stamp a freshly signed-in session (called on user_logged_in, after the new session id)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def session_expiry_reason(session, *, now: float) -> str | None:
    """Why this signed-in session is over, or None while it is not."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        # A session from before these limits existed: it starts its clocks now.
        return None
    if now - signed_in_at >= settings.SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - last_seen_at >= settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def _expired_message(reason: str) -> str:
    if reason == "idle":
        return _("您已超过 %(minutes)s 分钟未操作，为保护数据已自动退出，请重新登录。") % {
            "minutes": settings.SESSION_IDLE_MINUTES
        }
    return _("本次登录已超过 %(hours)s 小时，为保护数据已自动退出，请重新登录。") % {
        "hours": settings.SESSION_ABSOLUTE_HOURS
    }


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # Only a signed-in session has SESSION_KEY; anonymous requests cost nothing here.
        if session.get(SESSION_KEY) is not None:
            now = time.time()
            reason = session_expiry_reason(session, now=now)
            if reason is not None:
                return self._expire(request, reason)
            if session.get(SIGNED_IN_AT) is None:
                session[SIGNED_IN_AT] = int(now)
                session[LAST_SEEN_AT] = int(now)
            elif now - session[LAST_SEEN_AT] >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_AT] = int(now)
        return self.get_response(request)

    def _expire(self, request, reason):
        # Not auth.logout(): that is a sign-out, which ends the user's sessions everywhere.
        request.session.flush()
        request.user = AnonymousUser()
        if request.path.startswith("/api/"):
            # The API answers as to anyone not signed in (401/403), no redirect.
            return self.get_response(request)
        messages.warning(request, _expired_message(reason))
        return redirect_to_login(request.get_full_path())
