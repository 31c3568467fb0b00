from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from handoffs.inbound import InboundError, inbound_receive


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
            return Response({"error": exc.code, "detail": exc.message}, status=exc.status)
        return Response(
            {"status": "accepted", "message_id": result.message_id, "type": result.type, "result": result.result},
            status=status.HTTP_200_OK,
        )
