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
from common.ratelimit import rate_limit_hit
from petitions.api.serializers import PetitionSubmitInputSerializer, PetitionSubmitOutputSerializer
from petitions.selectors import petition_get_by_idempotency_key
from petitions.services import petition_submit
from petitions.views.public import MSG_TOO_MANY_IP, MSG_TOO_MANY_PHONE, submit_rate_ip, submit_rate_phone


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
            scope="intake-phone", key=data.citizen_phone, rate=submit_rate_phone()
        ):
            raise Throttled(wait=submit_rate_phone().period, detail=str(MSG_TOO_MANY_PHONE))
        result = petition_submit(
            workstation=serializer.validated_data["workstation"], data=data, idempotency_key=idempotency_key
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(self._output(result.petition), status=code)
