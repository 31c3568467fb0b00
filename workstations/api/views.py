"""`GET /api/v1/workstations/` and `/api/v1/workstations/<code>/`: what the public pages `/` and
`/w/<code>/` show: name, address, reception hours, the office's public phone, and who is on duty
today by name and sector only (workstations.selectors, the pages' own reads). Anonymous, throttled
per address (scope "public")."""

from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import etag_response
from workstations.models import CppccBody
from workstations.permissions import bodies_in_scope, sees_every_body, user_body
from workstations.selectors import (
    workstation_get_public,
    workstation_list_public,
    workstation_on_duty_public,
    workstations_on_duty_public,
)

TAG = "public"


class OnDutyPublicSerializer(serializers.Serializer):
    name = serializers.CharField()
    sector = serializers.CharField()
    slot = serializers.CharField()


class WorkstationPublicSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField(source="parent.code", default=None, allow_null=True)
    address = serializers.CharField()
    reception_hours = serializers.CharField()
    office_phone = serializers.CharField(source="phone", help_text="The workstation office's public number.")
    on_duty_today = OnDutyPublicSerializer(many=True, help_text="Name and sector only, never a phone.")


EXAMPLE = {
    "code": "xiliuwan",
    "name": "西流湾社区委员工作室",
    "level": "community",
    "parent": "heshan",
    "address": "西流湾社区居委会二楼",
    "reception_hours": "每月第一个星期一上午",
    "office_phone": "0737-4200000",
    "on_duty_today": [{"name": "李明", "sector": "经济界", "slot": "上午"}],
}


def _body(workstation, on_duty) -> dict:
    return {
        "code": workstation.code,
        "name": workstation.name,
        "level": workstation.level,
        "parent": workstation.parent,
        "address": workstation.address,
        "reception_hours": workstation.reception_hours,
        "phone": workstation.phone,
        "on_duty_today": on_duty,
    }


class _PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "public"


@method_decorator(never_cache, name="dispatch")
class WorkstationListView(_PublicView):
    @extend_schema(
        tags=[TAG],
        auth=[],
        summary="Every active workstation with its reception hours and who is on duty today",
        responses={200: WorkstationPublicSerializer(many=True), **error_responses(429)},
        examples=[OpenApiExample("Workstations", value=[EXAMPLE], response_only=True)],
    )
    def get(self, request):
        workstations = list(workstation_list_public())
        on_duty = workstations_on_duty_public(workstations=workstations, date=timezone.localdate())
        body = [_body(workstation, on_duty[workstation.pk]) for workstation in workstations]
        return Response(WorkstationPublicSerializer(body, many=True).data)


@method_decorator(never_cache, name="dispatch")
class WorkstationDetailView(_PublicView):
    @extend_schema(
        tags=[TAG],
        auth=[],
        summary="One workstation, as its public page /w/<code>/ shows it",
        responses={200: WorkstationPublicSerializer, **error_responses(404, 429)},
        examples=[OpenApiExample("Workstation", value=EXAMPLE, response_only=True)],
    )
    def get(self, request, code):
        workstation = workstation_get_public(code=code)
        on_duty = workstation_on_duty_public(workstation=workstation, date=timezone.localdate())
        return etag_response(request, WorkstationPublicSerializer(_body(workstation, on_duty)).data)


class BodyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)


class BodyPagination(QueueCursorPagination):
    ordering = ("pk",)


@extend_schema_view(
    get=extend_schema(
        tags=["bodies"],
        summary="The CPPCC bodies in the caller's scope: their own body and the bodies below it",
        responses={200: BodyOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class BodyListView(generics.ListAPIView):
    """Reviewers and office staff (and superusers): what a `body` field elsewhere in the API means."""

    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "departments"
    serializer_class = BodyOutputSerializer
    pagination_class = BodyPagination

    @staticmethod
    def permission_rule(user):
        return sees_every_body(user) or user_body(user) is not None

    def get_queryset(self):
        bodies = bodies_in_scope(self.request.user)
        return CppccBody.objects.all() if bodies is None else bodies
