"""`GET /api/v1/categories/` and `POST /api/v1/track/<code>/rating/`: the public categories a
petition may be filed under, and the citizen's one rating of a closed case, by the same service
(petition_rate) and under the same throttle (tracking_lookup_refused) as the form on /track/<code>/.

A new module beside the petitions API's own (petitions/api/views.py, track.py), mounted on its own
(petitions/api/public_urls.py), so the two grow apart without touching each other."""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ScopedThrottle, error_responses
from common.text import PlainTextSerializerField
from petitions.api.serializers import PublicCaseOutputSerializer
from petitions.choices import Satisfaction
from petitions.selectors.public import category_list_active, petition_get_for_tracking, petition_public_case
from petitions.services import petition_rate
from petitions.views.public import MSG_TOO_MANY_LOOKUPS, tracking_lookup_refused, tracking_rate_ip

MSG_NOT_FOUND = _("没有找到这个查询码对应的诉求，请核对后重新输入。")


class CategoryPublicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class RatingInputSerializer(serializers.Serializer):
    """Two scores, both required (issue 16): the handling (`satisfaction`, 办理满意度) and the result
    (`result_satisfaction`, 结果满意度)."""

    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices,
        error_messages={"invalid_choice": _("请选择满意、基本满意或不满意。")},
        help_text="The handling: speed and attitude (办理满意度).",
    )
    result_satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices,
        error_messages={"invalid_choice": _("请对办理结果选择满意、基本满意或不满意。")},
        help_text="The result: was the problem solved (结果满意度).",
    )
    comment = PlainTextSerializerField(
        label=_("您的意见（选填）"), multiline=True, max_length=500, required=False, allow_blank=True, default=""
    )


class CategoryListView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "public"

    @extend_schema(
        tags=["public"],
        auth=[],
        summary="The active categories (what a petition may be filed under)",
        responses={200: CategoryPublicSerializer(many=True), **error_responses(429)},
    )
    def get(self, request):
        return Response(CategoryPublicSerializer(category_list_active(), many=True).data)


@method_decorator(never_cache, name="dispatch")
class TrackRatingView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        tags=["public"],
        auth=[],
        summary="The citizen rates a closed case, once: the handling and the result (满意 / 基本满意 / 不满意)",
        request=RatingInputSerializer,
        responses={200: PublicCaseOutputSerializer, **error_responses(400, 404, 409, 429)},
        examples=[
            OpenApiExample(
                "Rating",
                value={
                    "satisfaction": "satisfied",
                    "result_satisfaction": "basically_satisfied",
                    "comment": "处理及时",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Not closed yet",
                value={"code": "transition_refused", "detail": "诉求办结后才能评价。", "fields": {}},
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    def post(self, request, code):
        if tracking_lookup_refused(request):
            raise Throttled(wait=tracking_rate_ip().period, detail=str(MSG_TOO_MANY_LOOKUPS))
        petition = petition_get_for_tracking(code=code)
        if petition is None:
            raise NotFound(MSG_NOT_FOUND)
        serializer = RatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        petition_rate(petition_id=petition.pk, **serializer.validated_data)
        petition = petition_get_for_tracking(code=code)
        return Response(PublicCaseOutputSerializer(petition_public_case(petition=petition)).data)
