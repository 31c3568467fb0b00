"""`GET /api/v1/track/<code>/`: the public progress of a case, for a citizen's app or a partner
system: exactly what /track/<code>/ shows (the same selectors, petitions.selectors.public), throttled
by the same budget as the page (petitions.views.public.tracking_lookup_refused), one 404 for an
unknown and a malformed code."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.openapi import ERROR_BODY
from petitions.api.serializers import PublicCaseOutputSerializer
from petitions.selectors.public import petition_get_for_tracking, petition_public_case
from petitions.views.public import MSG_TOO_MANY_LOOKUPS, tracking_lookup_refused, tracking_rate_ip

# The page's words for the same answer, so the msgid already has its translation.
MSG_NOT_FOUND = _("没有找到这个查询码对应的诉求，请核对后重新输入。")

EXAMPLE_CASE = {
    "display_code": "K7QM-2XPA",
    "merged": False,
    "workstation": "东关街道委员工作室",
    "category": "城市管理",
    "status": "replied",
    "status_display": "已答复",
    "sector": "经济界",
    "member_label": "经济界委员",
    "track": 1,
    "track_display": "当场答复",
    "outcome": "",
    "outcome_display": "",
    "can_rate": False,
    "satisfaction": "",
    "satisfaction_display": "",
    "result_satisfaction": "",
    "result_satisfaction_display": "",
    "timeline": [
        {"type": "submitted", "type_display": "提交", "message": "", "created_at": "2026-11-30T09:12:00+08:00"},
        {
            "type": "replied",
            "type_display": "答复",
            "message": "已联系城管部门处理。",
            "created_at": "2026-12-01T15:40:00+08:00",
        },
    ],
}


@method_decorator(never_cache, name="dispatch")
class TrackView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        operation_id="track_retrieve",
        summary="The public progress of a case by its tracking code",
        auth=[],
        responses={
            200: PublicCaseOutputSerializer,
            404: OpenApiResponse(ERROR_BODY, description="No case has this code (or it is malformed)."),
            429: OpenApiResponse(ERROR_BODY, description="Too many lookups from this address; see Retry-After."),
        },
        examples=[
            OpenApiExample("A case", value=EXAMPLE_CASE, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "Unknown code",
                value={"code": "not_found", "detail": "没有找到这个查询码对应的诉求，请核对后重新输入。", "fields": {}},
                response_only=True,
                status_codes=["404"],
            ),
            OpenApiExample(
                "Throttled",
                value={"code": "throttled", "detail": "查询过于频繁，请一分钟后再试。", "fields": {}},
                response_only=True,
                status_codes=["429"],
            ),
        ],
    )
    def get(self, request, code):
        if tracking_lookup_refused(request):
            raise Throttled(wait=tracking_rate_ip().period, detail=str(MSG_TOO_MANY_LOOKUPS))
        petition = petition_get_for_tracking(code=code)
        if petition is None:
            raise NotFound(MSG_NOT_FOUND)
        return Response(PublicCaseOutputSerializer(petition_public_case(petition=petition)).data)
