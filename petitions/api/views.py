from dataclasses import dataclass

from django.conf import settings
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from common.http import client_ip
from common.idempotency import IDEMPOTENCY_KEY_MAX_LENGTH, idempotency_scope_for
from common.phones import phone_lookup_hash
from common.ratelimit import rate_limit_hit
from petitions.api.serializers import (
    PetitionSubmitInputSerializer,
    PetitionSubmitOutputSerializer,
    SimilarCaseOutputSerializer,
    SimilarQueryInputSerializer,
)
from petitions.choices import Channel
from petitions.models import Petition
from petitions.selectors.public import petition_get_for_replay, petition_intake_lookup
from petitions.services import IdempotencyKeyReused, intake_fingerprint, petition_submit
from petitions.services.intake import IDEMPOTENCY_KEY_REUSED, MSG_IDEMPOTENCY_KEY_REUSED
from petitions.views.public import (
    MSG_JOIN_GONE,
    MSG_TOO_MANY_IP,
    MSG_TOO_MANY_LOOKUPS,
    MSG_TOO_MANY_PHONE,
    join_target,
    join_token,
    join_token_case_id,
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


@dataclass(frozen=True)
class ApiIntakeOutcome:
    petition: Petition | None
    replayed: bool = False
    key_reused: bool = False  # the key came with other content: neither a replay nor a petition (422)


@sensitive_variables("data")
def api_intake_submit(request, *, endpoint: str, key: str, workstation, data, join: str = "") -> ApiIntakeOutcome:
    """A checked submission through an API, after the caller spent the address's budget
    (IntakeIPThrottle): the idempotency lookup under the client's key bound to `endpoint` and the
    caller, the phone's budget, joining an open case, then intake. POST /api/v1/petitions/ and
    Open311's POST requests both come through here, so the rules are the same in both. Raises
    Throttled (phone budget) and ValidationError (`join_token` no longer valid)."""
    idempotency_key = idempotency_scope_for(request, endpoint=endpoint, key=key)
    if idempotency_key:
        lookup = petition_intake_lookup(
            workstation=workstation,
            idempotency_key=idempotency_key,
            fingerprint=intake_fingerprint(
                workstation=workstation,
                data=data,
                channel=Channel.ONLINE,
                join_case_id=join_token_case_id(join, workstation) if join else None,
            ),
        )
        if lookup.key_reused:
            return ApiIntakeOutcome(petition=None, key_reused=True)
        if lookup.replay_id is not None:
            return ApiIntakeOutcome(petition=petition_get_for_replay(pk=lookup.replay_id), replayed=True)
    if data.citizen_phone and not rate_limit_hit(
        scope="intake-phone", key=phone_lookup_hash(data.citizen_phone), rate=submit_rate_phone()
    ):
        raise Throttled(wait=submit_rate_phone().period, detail=str(MSG_TOO_MANY_PHONE))
    join_case = None
    if join:
        join_case = join_target(join, workstation)
        if join_case is None:
            raise ValidationError({"join_token": [MSG_JOIN_GONE]})
    try:
        result = petition_submit(
            workstation=workstation, data=data, idempotency_key=idempotency_key, join_case=join_case
        )
    except IdempotencyKeyReused:  # a copy with another body got there first
        return ApiIntakeOutcome(petition=None, key_reused=True)
    return ApiIntakeOutcome(petition=result.petition, replayed=not result.created)


# Contact fields sent form-encoded stay out of error reports; JSON bodies are not in them at all.
@method_decorator(sensitive_post_parameters("citizen_name", "citizen_phone", "citizen_address"), name="dispatch")
class PetitionSubmitView(APIView):
    """`POST /api/v1/petitions/`: a petition without an account; answers its tracking code (201).

    Send an `Idempotency-Key` header (up to 64 characters, e.g. a UUID) to make retries safe, as
    the IETF httpapi Idempotency-Key draft says: for 24 hours the same request with the same key
    from the same client gets the same answer (201, the same tracking code, and the header
    `Idempotent-Replayed: true`) instead of a second petition; the same key with another body is
    refused (422, code `idempotency_key_reused`). The key is bound to this endpoint and to the
    client (its address): another client's key is another key. Replays are throttled like
    submissions."""

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

    def _key_reused(self):
        body = {"code": IDEMPOTENCY_KEY_REUSED, "detail": str(MSG_IDEMPOTENCY_KEY_REUSED), "fields": {}}
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)

    def _created(self, petition, *, replayed: bool):
        response = Response(self._output(petition), status=status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        request=PetitionSubmitInputSerializer,
        responses={201: PetitionSubmitOutputSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        auth=[],
    )
    @method_decorator(sensitive_variables("data"))
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise ValidationError({"Idempotency-Key": [_("最多 64 个字符。")]})
        # Throttle first: a replay is counted like a submission, so a spent address learns nothing.
        if not IntakeIPThrottle().allow_request(request, self):
            raise Throttled(wait=submit_rate_ip().period, detail=str(MSG_TOO_MANY_IP))
        serializer = PetitionSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = api_intake_submit(
            request,
            endpoint="api:v1:petitions",
            key=key,
            workstation=serializer.validated_data["workstation"],
            data=serializer.validated_data["intake_data"],
            join=serializer.validated_data["join_token"],
        )
        if outcome.key_reused:
            return self._key_reused()
        return self._created(outcome.petition, replayed=outcome.replayed)


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
