"""Staff who signed in with a password only reach nothing but the second-factor pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.authentication import bearer_token
from accounts.selectors import second_factor_required, totp_device_get_confirmed
from accounts.services import SESSION_SECOND_FACTOR_PENDING

API_PREFIX = "/api/"


class SecondFactorRequiredMiddleware:
    """Sends a signed-in user who owes a second factor (the policy says so, or they enrolled) and
    has not entered it in this session to enrolment (no app yet) or to the verify page, with
    ``?next=`` the page they asked for; API calls get a 403 in JSON. Open to them: the second-factor
    pages, sign-out, static files and the language switch (the pages they may still use have it).

    Goes after django_otp.middleware.OTPMiddleware, which gives request.user is_verified(). Costs no
    query for a user who owes nothing while settings.STAFF_2FA_REQUIRED is off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._is_open(request.path_info) and not self._is_token_request(request):
            user = request.user
            if user.is_authenticated and not user.is_verified():
                if request.session.get(SESSION_SECOND_FACTOR_PENDING) or second_factor_required(user):
                    return self._refuse(request, user)
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_prefixes = (
            reverse("accounts:two_factor"),
            reverse("logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(open_prefixes)

    @staticmethod
    def _is_token_request(request) -> bool:
        """An API call with a bearer token is not a session request: the API authenticates it by
        the token alone (a bad token is refused there, never passed on to the session), so the
        session's second factor does not apply to it."""
        return request.path_info.startswith(API_PREFIX) and bearer_token(request) is not None

    @staticmethod
    def _refuse(request, user):
        if request.path_info.startswith(API_PREFIX):
            body = {"code": "second_factor_required", "detail": _("请先完成双因素认证。"), "fields": {}}
            return JsonResponse(body, status=403)
        name = "accounts:two_factor_verify" if totp_device_get_confirmed(user=user) else "accounts:two_factor"
        return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
