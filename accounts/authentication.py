"""`Authorization: Bearer <token>` for the API (REST_FRAMEWORK's first authentication class).

A token request is not a session request: no cookie, no CSRF, no second factor asked (the token
was issued by office staff to a system, see accounts.tokens). It obeys the sign-in lockout like
every other way in: a locked address or user is refused before the token is checked, and a wrong
token counts as a failed sign-in for the address and for its prefix (never for the user the
prefix belongs to, or anyone who sees a prefix could lock that user out): failed_token_username.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.lockout import SigninLocked, signin_failure_report, signin_lockout_check
from accounts.selectors import api_token_get_by_prefix
from accounts.services import api_token_mark_used
from accounts.tokens import token_matches, token_prefix

KEYWORD = b"bearer"


class SigninLockedError(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "signin_locked"


class TokenReadOnly(exceptions.PermissionDenied):
    default_detail = _("该令牌为只读令牌，不能进行修改操作。")
    default_code = "token_read_only"


def bearer_token(request) -> str | None:
    """The token of an `Authorization: Bearer …` header, "" for a malformed one, None without."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != KEYWORD:
        return None
    if len(parts) != 2:
        return ""
    try:
        return parts[1].decode()
    except UnicodeError:
        return ""


def failed_token_username(prefix: str | None) -> str:
    """The name a wrong token's failure is counted under: its prefix, never the user the prefix
    belongs to. So guessing at one prefix is locked after SIGNIN_FAILURE_LIMIT tries (and every
    wrong token counts for the address), while the system holding the right token, which is
    checked under its user's name, is not locked out by someone who saw its prefix. Shown as
    such on the lockout page (/accounts/lockouts/)."""
    return f"api-token:{prefix or '-'}"


class BearerTokenAuthentication(BaseAuthentication):
    """The user an API token acts for; raises (never falls back to the session) on a bad token."""

    def authenticate(self, request):
        token = bearer_token(request)
        if token is None:
            return None
        return self.authenticate_token(request, token)

    def authenticate_token(self, request, token: str):
        """The (user, ApiToken) of `token`, however the request carried it (the header here; the
        Open311 `api_key` parameter in petitions.api.open311); raises on a bad one."""
        http_request = request._request
        prefix = token_prefix(token)
        api_token = api_token_get_by_prefix(prefix=prefix) if prefix else None
        valid = api_token is not None and token_matches(token, api_token.digest)
        username = api_token.user.get_username() if valid else failed_token_username(prefix)
        if not valid:
            signin_failure_report(http_request, username=username)
        try:
            signin_lockout_check(http_request, username=username)
        except SigninLocked as locked:
            raise SigninLockedError(detail=locked.message) from None
        if not valid:
            raise exceptions.AuthenticationFailed(_("令牌无效。"), code="token_invalid")
        now = timezone.now()
        if api_token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("令牌已被吊销。"), code="token_revoked")
        if api_token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("令牌已过期。"), code="token_expired")
        if not api_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("该账号已停用。"), code="user_inactive")
        if api_token.read_only and request.method not in permissions.SAFE_METHODS:
            raise TokenReadOnly
        api_token_mark_used(api_token=api_token, now=now)
        return api_token.user, api_token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials or with a bad token.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (drf-spectacular) describes the bearer token."""

    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token issued by office staff on /accounts/tokens/ (wst_…).",
        }
