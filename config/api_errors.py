"""The API's one error body, for every endpoint and every refusal:

    {"code": "not_found", "detail": "未找到。", "fields": {}}

``code`` is stable for programs, ``detail`` is for people, in the request's language (LocaleMiddleware
chose it; DRF's messages and ours are lazy translations), ``fields`` names the fields a validation
error is about (empty otherwise). ``detail`` is where DRF's own body had it, so clients that read
it keep working.

The domain's refusals are mapped here and only here: a workflow's TransitionError is a conflict with
the case's state (409), a roster rule's RosterError is 409 too (uncovered slots listed in
`fields.gaps`), ActionNotAllowed (who is asking) and PermissionDenied are 403, Http404 is
404, a throttle is 429 with Retry-After. It lives in config, the top layer, because it knows the
exceptions of every app.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from audit.choices import AccessKind
from audit.services import access_record
from history.services import ImportRefused
from members.services.errors import RosterError, UncoveredSlotsError
from petitions.workflow import ActionNotAllowed, TransitionError

MSG_INVALID = _("提交的内容有误，请检查后重试。")


def error_body(*, code: str, detail, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _domain_exception(exc):
    """A domain refusal as the APIException DRF knows how to answer, or exc itself."""
    if isinstance(exc, ActionNotAllowed):
        return exceptions.PermissionDenied(detail=exc.message, code="action_not_allowed")
    if isinstance(exc, TransitionError):
        error = exceptions.APIException(detail=exc.message, code="transition_refused")
        error.status_code = status.HTTP_409_CONFLICT
        return error
    if isinstance(exc, RosterError):
        # A roster rule refused the change as things stand (a published month, a member away, a
        # duty already taken, uncovered slots not confirmed): a conflict with the roster's state.
        code = "uncovered_slots" if isinstance(exc, UncoveredSlotsError) else "roster_refused"
        error = exceptions.APIException(detail=exc.message, code=code)
        error.status_code = status.HTTP_409_CONFLICT
        error.gaps = [gap.label for gap in exc.gaps]
        return error
    if isinstance(exc, ImportRefused):
        # A history batch not in the state the request needs (already imported, being imported).
        error = exceptions.APIException(detail=str(exc), code="import_refused")
        error.status_code = status.HTTP_409_CONFLICT
        return error
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):  # a service's input refusal (e.g. IntakeError)
        return exceptions.ValidationError(detail={"non_field_errors": exc.messages})
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {name: _fields_value(value) for name, value in detail.items()}
    return {"non_field_errors": _fields_value(detail)}


def _fields_value(value):
    if isinstance(value, dict):
        return {name: _fields_value(inner) for name, inner in value.items()}
    if isinstance(value, list):
        return [_fields_value(inner) for inner in value]
    return str(value)


def api_exception_handler(exc, context):
    exc = _domain_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API refusal: a bug, let it be a 500 and a report
        return None
    request = context.get("request")
    if isinstance(exc, exceptions.PermissionDenied) and request is not None:
        # A refusal through the API is a security event as much as one on a page (audit.views).
        access_record(kind=AccessKind.PERMISSION_DENIED, request=request, detail=str(exc.detail)[:300])
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(code="invalid", detail=MSG_INVALID, fields=_fields(exc.detail))
        return response
    detail = exc.detail
    code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    if isinstance(detail, (list, dict)):  # a non-validation error raised with a structured detail
        response.data = error_body(code=str(getattr(exc, "default_code", "error")), detail=exc.default_detail)
        response.data["fields"] = _fields(detail)
        return response
    response.data = error_body(code=str(code), detail=detail)
    if getattr(exc, "gaps", None):
        response.data["fields"] = {"gaps": exc.gaps}
    return response


API_PREFIXES = ("/api/",)


def page_not_found(request, exception=None):
    """handler404: a path under /api/ that no route matches (a malformed id, a typo) gets the API's
    error body, as JSON, like every other API refusal; a page gets Django's 404 page."""
    if request.path.startswith(API_PREFIXES):
        body = error_body(code="not_found", detail=exceptions.NotFound.default_detail)
        return JsonResponse(body, status=status.HTTP_404_NOT_FOUND, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
