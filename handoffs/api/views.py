from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.openapi import ERROR_BODY
from handoffs.inbound import DISPATCH, InboundError, inbound_receive


class _RawParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read()


class DepartmentWebhookView(APIView):
    """POST /api/v1/departments/<id>/webhook/: a department's system answers a consultation,
    acknowledges or reports on an assignment. Authenticated by the HMAC signature with the
    department's secret (no session, no CSRF): X-Workstation-Timestamp, X-Workstation-Signature
    (hex HMAC-SHA256 over "<timestamp>.<body>") and Idempotency-Key headers, JSON body
    {"type": "consultation.answer" | "assignment.acknowledge" | "assignment.report", "data": {...}}."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [_RawParser]
    throttle_classes: list = []

    @extend_schema(
        operation_id="department_webhook_receive",
        request=inline_serializer(
            "DepartmentWebhookMessage",
            {"type": serializers.ChoiceField(choices=sorted(DISPATCH)), "data": serializers.DictField()},
        ),
        parameters=[
            OpenApiParameter("X-Workstation-Timestamp", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("X-Workstation-Signature", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True),
        ],
        responses={
            200: inline_serializer(
                "DepartmentWebhookAccepted",
                {
                    "status": serializers.CharField(),
                    "message_id": serializers.IntegerField(),
                    "type": serializers.CharField(),
                    "result": serializers.DictField(allow_null=True),
                },
            ),
            **dict.fromkeys((400, 401, 403, 404, 409, 422, 503), ERROR_BODY),
        },
        auth=[],
    )
    def post(self, request, department_id: int):
        try:
            result = inbound_receive(
                department_id=department_id,
                body=request.body,
                timestamp=request.headers.get("X-Workstation-Timestamp", ""),
                signature=request.headers.get("X-Workstation-Signature", ""),
                idempotency_key=request.headers.get("Idempotency-Key", ""),
            )
        except InboundError as exc:
            # Answered by the API's one error handler, with the one error body {"code", "detail", "fields"}.
            error = APIException(detail=exc.message, code=exc.code)
            error.status_code = exc.status
            raise error from None
        return Response(
            {"status": "accepted", "message_id": result.message_id, "type": result.type, "result": result.result},
            status=status.HTTP_200_OK,
        )
