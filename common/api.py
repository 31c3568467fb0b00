"""Pieces every app's `api/` shares: the error responses an endpoint documents with examples (the
one error body, common.openapi.ERROR_BODY, which config.api_errors writes and config.api_schema adds
to every refusal an endpoint leaves undocumented), the cursor pagination of queues, the throttle
scope, and the permission that asks an app's own rule."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.throttling import ScopedRateThrottle

from common.openapi import ERROR_BODY

_ERRORS = {
    400: ("invalid", "提交的内容有误，请检查后重试。", "The body or a parameter is invalid; `fields` says which."),
    401: ("not_authenticated", "身份认证信息未提供。", "No credentials, or a token that is wrong, revoked or expired."),
    403: (
        "permission_denied",
        "您没有执行该操作的权限。",
        "Signed in, but this role may not do this (or a read-only token).",
    ),
    404: ("not_found", "未找到。", "No such object, or not one this caller may see."),
    409: ("transition_refused", "该交办当前状态为“已签收”，不能签收。", "Not allowed in the object's current state."),
    422: ("idempotency_key_reused", "该 Idempotency-Key 已用于另一个请求。", "The key was used with another body."),
    429: ("throttled", "请求过于频繁，请稍后再试。", "Too many requests in this scope; see Retry-After."),
}


def error_responses(*statuses: int) -> dict:
    """The documented error responses of an endpoint, each with the one error body and an example."""
    responses = {}
    for status in statuses:
        code, detail, description = _ERRORS[status]
        fields = {"reason": ["该字段是必填项。"]} if status == 400 else {}
        responses[status] = OpenApiResponse(
            ERROR_BODY,
            description=description,
            examples=[
                OpenApiExample(
                    code,
                    value={"code": code, "detail": detail, "fields": fields},
                    response_only=True,
                    status_codes=[str(status)],
                )
            ],
        )
    return responses


READ_ERRORS = (401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)


class QueueCursorPagination(CursorPagination):
    """Opaque cursors: a page costs the same at row 20 and at row 1,000,000 (no COUNT, no OFFSET).
    The ordering must end in a unique column; views set `ordering` when the default does not suit."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("pk",)

    def decode_cursor(self, request):
        # A cursor is the client's input, not a path: a mangled one is 400 naming it, not 404.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle (`throttle_scope` on the view, rates in REST_FRAMEWORK
    DEFAULT_THROTTLE_RATES): per user when signed in, per address otherwise."""

    def get_ident(self, request):
        # The address as common.http decides it (trusted proxies only), not DRF's X-Forwarded-For.
        from common.http import client_ip

        return client_ip(request)


class RuleAllows(BasePermission):
    """Lets the request through when the view's `permission_rule(user)` (the app's own rule, the
    one its pages ask) says yes; a signed-in user it refuses gets 403, an anonymous one 401."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return bool(view.permission_rule(user))
