"""The GeoReport v2 methods. Thin: reads through petitions.api.open311.selectors, writes through the
intake every other surface uses (petitions.api.views.api_intake_submit), errors in the spec's body,
[{"code": 400, "description": "…"}] (XML: <errors><error>…), in the request's language.

Authentication (docs/api.md): none is needed to read services, to submit (as on the QR-code form:
same throttles) or to follow a request by its service_request_id (as on /track/: same throttle).
An API token, as `api_key` in a POST body or `Authorization: Bearer …`, identifies a system: its
idempotency keys are its own, and it may list the requests its user may see (GET requests without
service_request_id). A token is never read from a URL, where it would end up in access logs."""

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.authentication import BearerTokenAuthentication
from audit.choices import AccessKind
from audit.services import access_record
from common.idempotency import IDEMPOTENCY_KEY_MAX_LENGTH
from petitions.api.open311 import schema, selectors
from petitions.api.open311.renderers import Open311Errors, Open311JSONRenderer, Open311XMLRenderer
from petitions.api.open311.serializers import MSG_SERVICE_CODE, ServiceRequestInputSerializer, attributes_from
from petitions.api.track import MSG_NOT_FOUND
from petitions.api.views import IntakeIPThrottle, api_intake_submit
from petitions.services.intake import MSG_IDEMPOTENCY_KEY_REUSED
from petitions.views.public import (
    MSG_TOO_MANY_IP,
    MSG_TOO_MANY_LOOKUPS,
    submit_rate_ip,
    tracking_lookup_refused,
    tracking_rate_ip,
)

MSG_UNKNOWN_SERVICE = _("没有这个诉求类别。")
MSG_KEY_IN_URL = _("请勿把 api_key 放在网址中：查询时请用请求头 Authorization: Bearer <令牌>。")
MSG_LIST_NEEDS_TOKEN = _(
    "按日期、类别或状态列出诉求需要 API 令牌（Authorization: Bearer <令牌>）；查询自己的诉求请用 service_request_id。"
)
MSG_TOO_MANY_CODES = _("service_request_id 一次最多 20 个。")
MSG_STATUS = _("status 只能是 open 或 closed（可用逗号分隔）。")
MSG_DATE = _("%(name)s 须为 W3C 日期时间，例如 2026-05-24T00:00:00+08:00。")
MSG_DATE_ORDER = _("start_date 须早于 end_date。")
MSG_SPAN = _("start_date 与 end_date 相隔不能超过 90 天。")
MSG_KEY_TOO_LONG = _("最多 64 个字符。")


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def open311_exception_handler(exc, context):
    """Every refusal as the spec's error list; 403 (not 401) for a missing or wrong key, as it says."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:  # a bug: a 500 and a report
        return None
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_403_FORBIDDEN
        if "WWW-Authenticate" in response:
            del response["WWW-Authenticate"]
    elif isinstance(exc, exceptions.PermissionDenied) and context.get("request") is not None:
        access_record(kind=AccessKind.PERMISSION_DENIED, request=context["request"], detail=str(exc.detail)[:300])
    response.data = Open311Errors(
        {"code": response.status_code, "description": message} for message in _messages(exc.detail)
    )
    return response


class ApiKeyAuthentication(BearerTokenAuthentication):
    """The spec's `api_key`, in a POST body: an API token (accounts.tokens), checked exactly as a
    bearer token, under the same lockout. An empty one is no key (the spec's optional arguments)."""

    def authenticate(self, request):
        if request.method in permissions.SAFE_METHODS:
            if request.query_params.get("api_key"):
                raise exceptions.AuthenticationFailed(MSG_KEY_IN_URL, code="api_key_in_url")
            return None
        key = request.data.get("api_key", "") if hasattr(request.data, "get") else ""
        if not isinstance(key, str) or not key.strip():
            return None
        return self.authenticate_token(request, key.strip())


class Open311View(APIView):
    authentication_classes = [ApiKeyAuthentication, BearerTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = []
    # XML first: the spec's required format answers a request that names none.
    renderer_classes = [Open311XMLRenderer, Open311JSONRenderer]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    xml_root = "response"
    xml_item = "item"

    def get_exception_handler(self):
        return open311_exception_handler


class DiscoveryView(Open311View):
    xml_root = "discovery"

    @extend_schema(
        operation_id="open311_discovery",
        tags=["open311"],
        auth=schema.PUBLIC,
        parameters=[schema.FORMAT],
        responses={200: schema.DISCOVERY, **schema.errors()},
    )
    def get(self, request, format=None):
        return Response(selectors.open311_discovery())


class ServiceListView(Open311View):
    xml_root, xml_item = "services", "service"

    @extend_schema(
        operation_id="open311_services",
        tags=["open311"],
        auth=schema.PUBLIC,
        parameters=[schema.FORMAT, schema.JURISDICTION],
        responses={200: schema.SERVICES, **schema.errors()},
    )
    def get(self, request, format=None):
        return Response(selectors.open311_service_list())


class ServiceDefinitionView(Open311View):
    xml_root = "service_definition"

    @extend_schema(
        operation_id="open311_service_definition",
        tags=["open311"],
        auth=schema.PUBLIC,
        parameters=[schema.FORMAT, schema.JURISDICTION],
        responses={200: schema.DEFINITION, **schema.errors(404)},
    )
    def get(self, request, service_code, format=None):
        category = selectors.open311_service_get(code=service_code)
        if category is None:
            raise exceptions.NotFound(MSG_UNKNOWN_SERVICE)
        return Response(selectors.open311_service_definition(category=category))


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _moment(request, name: str) -> datetime.datetime | None:
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return None
    raw = raw.replace(" ", "+")  # an unescaped "+08:00" in a query string arrives as " 08:00"
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.datetime.combine(day, datetime.time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise exceptions.ValidationError({name: [MSG_DATE % {"name": name}]})
    try:
        # The spec asks for an offset; one without is read in the office's time zone.
        moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        moment.astimezone(datetime.UTC)  # what the database compares: year 1 at +08:00 is not a date
    except (OverflowError, ValueError):
        raise exceptions.ValidationError({name: [MSG_DATE % {"name": name}]}) from None
    return moment


def request_filter(request) -> selectors.RequestFilter:
    """The query of GET requests with the spec's defaults: the last 90 days, every service and status."""
    statuses = tuple(_split(request.query_params.get("status", "")))
    if any(value not in ("open", "closed") for value in statuses):
        raise exceptions.ValidationError({"status": [MSG_STATUS]})
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    try:
        if end is None:
            end = start + selectors.MAX_SPAN if start is not None else timezone.now()
        if start is None:
            start = end - selectors.MAX_SPAN
    except OverflowError:  # a date at the very end (or start) of the calendar
        raise exceptions.ValidationError({"start_date": [MSG_DATE_ORDER]}) from None
    if start > end:
        raise exceptions.ValidationError({"start_date": [MSG_DATE_ORDER]})
    if end - start > selectors.MAX_SPAN:
        raise exceptions.ValidationError({"end_date": [MSG_SPAN]})
    return selectors.RequestFilter(
        start=start,
        end=end,
        service_codes=tuple(_split(request.query_params.get("service_code", ""))),
        statuses=statuses,
    )


def _lookups_spent(request, count: int) -> bool:
    """Whether looking up `count` codes is over the address's tracking budget (each is a lookup)."""
    return any(tracking_lookup_refused(request) for _code in range(count))


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("first_name", "last_name", "phone", "api_key"), name="dispatch")
class RequestsView(Open311View):
    xml_root, xml_item = "service_requests", "request"

    @extend_schema(
        operation_id="open311_requests",
        tags=["open311"],
        auth=schema.TOKEN_OPTIONAL,
        parameters=[schema.FORMAT, schema.JURISDICTION, *schema.LIST_PARAMETERS],
        responses={200: schema.REQUESTS, **schema.errors(400, 403, 429)},
    )
    def get(self, request, format=None):
        codes = _split(request.query_params.get("service_request_id", ""))
        if codes:  # "This overrides all other arguments."
            if len(codes) > selectors.MAX_CODES:
                raise exceptions.ValidationError({"service_request_id": [MSG_TOO_MANY_CODES]})
            if _lookups_spent(request, len(codes)):
                raise exceptions.Throttled(wait=tracking_rate_ip().period, detail=str(MSG_TOO_MANY_LOOKUPS))
            petitions = selectors.open311_requests_by_codes(codes=codes)
        else:
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated(MSG_LIST_NEEDS_TOKEN)
            petitions = selectors.open311_requests_for_user(user=request.user, filters=request_filter(request))
        return Response([selectors.open311_request(petition) for petition in petitions])

    @extend_schema(
        operation_id="open311_request_create",
        tags=["open311"],
        auth=schema.TOKEN_OPTIONAL,
        parameters=[schema.FORMAT, schema.IDEMPOTENCY_KEY],
        request={
            "application/x-www-form-urlencoded": schema.CREATE_BODY,
            "multipart/form-data": schema.CREATE_BODY,
            "application/json": schema.CREATE_BODY,
        },
        responses={201: schema.CREATED, **schema.errors(400, 403, 404, 422, 429)},
    )
    def post(self, request, format=None):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise exceptions.ValidationError({"Idempotency-Key": [MSG_KEY_TOO_LONG]})
        # Throttle first, as POST /api/v1/petitions/: a replay counts like a submission.
        if not IntakeIPThrottle().allow_request(request, self):
            raise exceptions.Throttled(wait=submit_rate_ip().period, detail=str(MSG_TOO_MANY_IP))
        service_code = request.data.get("service_code", "") if hasattr(request.data, "get") else ""
        if not isinstance(service_code, str) or not service_code.strip():
            raise exceptions.ValidationError({"service_code": [MSG_SERVICE_CODE]})
        category = selectors.open311_service_get(code=service_code.strip())
        if category is None:
            raise exceptions.NotFound(MSG_UNKNOWN_SERVICE)
        serializer = ServiceRequestInputSerializer(
            data=request.data, attributes=attributes_from(request.data), context={"category": category}
        )
        serializer.is_valid(raise_exception=True)
        outcome = api_intake_submit(
            request,
            endpoint="open311:v2:requests",
            key=key,
            workstation=serializer.validated_data["workstation"],
            data=serializer.validated_data["intake_data"],
        )
        if outcome.key_reused:
            body = Open311Errors([{"code": 422, "description": str(MSG_IDEMPOTENCY_KEY_REUSED)}])
            return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        petition = outcome.petition
        notice = gettext("诉求已受理，将在 %(date)s 前首次响应。") % {
            "date": petition.first_response_due.strftime("%Y-%m-%d")
        }
        response = Response(
            [{"service_request_id": petition.tracking_code, "service_notice": notice, "account_id": None}],
            status=status.HTTP_201_CREATED,
        )
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


@method_decorator(never_cache, name="dispatch")
class RequestDetailView(Open311View):
    xml_root, xml_item = "service_requests", "request"

    @extend_schema(
        operation_id="open311_request",
        tags=["open311"],
        auth=schema.PUBLIC,
        parameters=[schema.FORMAT, schema.JURISDICTION],
        responses={200: schema.REQUESTS, **schema.errors(404, 429)},
    )
    def get(self, request, service_request_id, format=None):
        if tracking_lookup_refused(request):
            raise exceptions.Throttled(wait=tracking_rate_ip().period, detail=str(MSG_TOO_MANY_LOOKUPS))
        petition = selectors.open311_request_get(code=service_request_id)
        if petition is None:
            raise exceptions.NotFound(MSG_NOT_FOUND)
        return Response([selectors.open311_request(petition)])


@extend_schema(exclude=True)
class NotFoundView(Open311View):
    """No such method: the spec's 404, in XML unless the client asked for JSON."""

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
