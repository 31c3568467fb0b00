"""The API's one error body (config/api_errors.py): each refusal maps to one status and one code."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from config.api_errors import api_exception_handler
from petitions.workflow import ActionNotAllowed, TransitionError

pytestmark = pytest.mark.django_db


def _answer(exc):
    response = api_exception_handler(exc, {"view": None, "request": None})
    return response.status_code, response.data


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            TransitionError("该诉求已办结，不能再改派。"),
            (409, {"code": "transition_refused", "detail": "该诉求已办结，不能再改派。", "fields": {}}),
        ),
        (
            ActionNotAllowed("只有政协审核人员可以审核和交办建议。"),
            (403, {"code": "action_not_allowed", "detail": "只有政协审核人员可以审核和交办建议。", "fields": {}}),
        ),
        (PermissionDenied(), (403, {"code": "permission_denied", "detail": "您没有执行该操作的权限。", "fields": {}})),
        (Http404(), (404, {"code": "not_found", "detail": "未找到。", "fields": {}})),
        (
            exceptions.ValidationError({"content": ["请填写诉求内容。"]}),
            (
                400,
                {
                    "code": "invalid",
                    "detail": "提交的内容有误，请检查后重试。",
                    "fields": {"content": ["请填写诉求内容。"]},
                },
            ),
        ),
        (
            exceptions.ValidationError(["两项不能同时填写。"]),
            (
                400,
                {
                    "code": "invalid",
                    "detail": "提交的内容有误，请检查后重试。",
                    "fields": {"non_field_errors": ["两项不能同时填写。"]},
                },
            ),
        ),
    ],
)
def test_each_refusal_has_one_status_and_one_body(exc, expected):
    with translation.override("zh-hans"):
        assert _answer(exc) == expected


def test_a_throttle_is_429_with_retry_after():
    with translation.override("zh-hans"):
        response = api_exception_handler(exceptions.Throttled(wait=60), {"view": None, "request": None})

    assert (response.status_code, response["Retry-After"], response.data["code"]) == (429, "60", "throttled")


def test_the_body_is_in_the_requests_language():
    with translation.override("en"):
        assert _answer(Http404()) == (404, {"code": "not_found", "detail": "Not found.", "fields": {}})


def test_anything_else_is_left_to_be_a_server_error():
    assert api_exception_handler(ValueError("bug"), {"view": None, "request": None}) is None


def test_a_refusal_through_the_api_is_recorded_like_one_on_a_page(member):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory, force_authenticate

    from audit.models import AccessLog

    # given: a member's API request that the API refuses
    django_request = APIRequestFactory().post("/api/v1/petitions/42/close/")
    force_authenticate(django_request, user=member.user)
    request = Request(django_request)
    request.user = member.user

    # when
    response = api_exception_handler(ActionNotAllowed("只有承办委员可以办结。"), {"view": None, "request": request})

    # then: one security event, with who and where, and nothing for a refusal that is not about rights
    assert response.status_code == 403
    rows = list(AccessLog.objects.values_list("kind", "actor_label", "path"))
    assert rows == [("permission_denied", "member", "/api/v1/petitions/42/close/")]
    api_exception_handler(TransitionError("该诉求已办结。"), {"view": None, "request": request})
    assert AccessLog.objects.count() == 1
