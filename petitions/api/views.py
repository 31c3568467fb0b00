from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from common.http import client_ip
from common.phones import phone_lookup_hash
from common.ratelimit import rate_limit_hit
from petitions.api.serializers import (
    PetitionSubmitInputSerializer,
    PetitionSubmitOutputSerializer,
    SimilarCaseOutputSerializer,
    SimilarQueryInputSerializer,
)
from petitions.selectors.public import petition_get_by_idempotency_key, petition_intake_lookup
from petitions.services import petition_submit
from petitions.views.public import (
    MSG_JOIN_GONE,
    MSG_TOO_MANY_IP,
    MSG_TOO_MANY_LOOKUPS,
    MSG_TOO_MANY_PHONE,
    join_target,
    join_token,
    submit_rate_ip,
    submit_rate_phone,
    tracking_rate_ip,
)


class IntakeIPThrottle(BaseThrottle):
    """The same per-address budget as the QR-code form, on the same client address."""

    def allow_request(self, request, view):
        return rate_limit_hit(scope="intake-ip", key=client_ip(request), rate=submit_rate_ip())

    def wait(self):
        return submit_rate_ip().period


class PetitionSubmitView(APIView):
    """`POST /api/v1/petitions/`: a petition without an account; answers its tracking code.

    Send an `Idempotency-Key` header (up to 64 characters) to make retries safe: the same key gets
    the first petition back (200) instead of a second one (201)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def _output(self, petition):
        return PetitionSubmitOutputSerializer(
            {
                "tracking_code": petition.tracking_code,
                "display_code": petition.display_code,
                "status": petition.status,
                "tracking_url": settings.PUBLIC_BASE_URL + petition.get_tracking_url(),
            }
        ).data

    @extend_schema(
        request=PetitionSubmitInputSerializer,
        responses={201: PetitionSubmitOutputSerializer, 200: PetitionSubmitOutputSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        auth=[],
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 64:
            raise ValidationError({"Idempotency-Key": [_("最多 64 个字符。")]})
        idempotency_key = f"api:{key}"[:64] if key else None
        existing = petition_get_by_idempotency_key(key=idempotency_key or "")
        if existing is not None:
            return Response(self._output(existing), status=status.HTTP_200_OK)
        if not IntakeIPThrottle().allow_request(request, self):
            raise Throttled(wait=submit_rate_ip().period, detail=str(MSG_TOO_MANY_IP))
        serializer = PetitionSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data["intake_data"]
        if data.citizen_phone and not rate_limit_hit(
            scope="intake-phone", key=phone_lookup_hash(data.citizen_phone), rate=submit_rate_phone()
        ):
            raise Throttled(wait=submit_rate_phone().period, detail=str(MSG_TOO_MANY_PHONE))
        workstation = serializer.validated_data["workstation"]
        join_case = None
        if serializer.validated_data["join_token"]:
            join_case = join_target(serializer.validated_data["join_token"], workstation)
            if join_case is None:
                raise ValidationError({"join_token": [MSG_JOIN_GONE]})
        result = petition_submit(
            workstation=workstation, data=data, idempotency_key=idempotency_key, join_case=join_case
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(self._output(result.petition), status=code)


class SimilarCasesView(APIView):
    """`POST /api/v1/petitions/similar/`: before submitting, the open cases at the workstation that
    look like the same problem (same category, similar text), as the QR-code form shows them. When
    the citizen says one is their problem, submit with its `join_token`: the new petition is merged
    into that case and follows its progress under its own tracking code. Throttled like /track/."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        request=SimilarQueryInputSerializer, responses={200: SimilarCaseOutputSerializer(many=True)}, auth=[]
    )
    def post(self, request):
        if not rate_limit_hit(scope="intake-similar", key=client_ip(request), rate=tracking_rate_ip()):
            raise Throttled(wait=tracking_rate_ip().period, detail=str(MSG_TOO_MANY_LOOKUPS))
        serializer = SimilarQueryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstation = serializer.validated_data["workstation"]
        lookup = petition_intake_lookup(
            workstation=workstation,
            idempotency_key="",
            category=serializer.validated_data["category"],
            content=serializer.validated_data["content"],
        )
        cases = [
            {
                "excerpt": case.excerpt,
                "received_on": case.petition.created_at.date(),
                "status": case.petition.status,
                "status_display": case.petition.get_status_display(),
                "join_token": join_token(petition=case.petition, workstation=workstation),
            }
            for case in lookup.similar
        ]
        return Response(SimilarCaseOutputSerializer(cases, many=True).data)
