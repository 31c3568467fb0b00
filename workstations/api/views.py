"""`GET /api/v1/workstations/` and `/api/v1/workstations/<code>/`: what the public pages `/` and
`/w/<code>/` show: name, address, reception hours, the office's public phone, and who is on duty
today by name and sector only (workstations.selectors, the pages' own reads). Anonymous, throttled
per address (scope "public")."""

from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ScopedThrottle, error_responses
from common.etag import etag_response
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
