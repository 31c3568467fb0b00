"""The staff petition API, actions: one `POST /api/v1/staff/petitions/<ref>/<action>/` per move of
the case workflow, each with its explicit input serializer, each calling exactly what the case
page's form calls (petitions.views.staff.ACTIONS: the same service, with the same arguments), so
no rule is written twice. The services decide who may act and in which state: a refusal because
of who asks is 403 (`action_not_allowed`), one because of the case's state is 409
(`transition_refused`), both mapped once in config/api_errors.py; a case the caller may not see
is 404, as on the page. Bad input is 400 with `fields`.

The two actions that create something (a note, a consultation) honour `Idempotency-Key`
(common.idempotency): a copy of a request answers what the first one made, with
`Idempotent-Replayed: true`; the same key with another body is 422.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.idempotency import IDEMPOTENCY_KEY_MAX_LENGTH, idempotency_scope_for, request_fingerprint
from petitions.api import staff_serializers as io
from petitions.api.staff import READ_ERROR_EXAMPLES, REF_PARAMETER, TAG, error_example, petition_for_ref
from petitions.api.track import ERROR_BODY
from petitions.services import IdempotencyKeyReused, follow_up, handling
from petitions.services.intake import IDEMPOTENCY_KEY_REUSED, MSG_IDEMPOTENCY_KEY_REUSED
from petitions.views.staff import ACTIONS

WRITE_SCOPE = "staff-petitions-actions"

ACTION_ERRORS = {
    400: OpenApiResponse(ERROR_BODY, description="Invalid input: `fields` names what is wrong."),
    401: OpenApiResponse(ERROR_BODY, description="No token, or a wrong, expired or revoked one."),
    403: OpenApiResponse(
        ERROR_BODY,
        description="The caller may see the case but not do this (`action_not_allowed`), or the token is "
        "read-only (`token_read_only`).",
    ),
    404: OpenApiResponse(ERROR_BODY, description="No such case, or the caller may not see it (same answer)."),
    409: OpenApiResponse(ERROR_BODY, description="Not allowed in the case's state now (`transition_refused`)."),
    429: OpenApiResponse(ERROR_BODY, description="Too many requests for this area; see Retry-After."),
}
ACTION_ERROR_EXAMPLES = [
    error_example(
        "Invalid input", "400", "invalid", "提交的内容有误，请检查后重试。", {"reason": ["该字段是必填项。"]}
    ),
    error_example("Not the handler", "403", "action_not_allowed", "这件诉求没有分派给您，只有承办委员可以办理。"),
    error_example("Read-only token", "403", "token_read_only", "该令牌为只读令牌，不能进行修改操作。"),
    error_example("Wrong state", "409", "transition_refused", "该诉求当前状态为“已办结”，不能进行此操作。"),
    *READ_ERROR_EXAMPLES,
]
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Up to 64 characters (a UUID): a retry with the same key and body answers the first result "
    "(header Idempotent-Replayed: true) for 24 hours; the same key with another body is 422.",
)


class StaffPetitionActionView(APIView):
    """One workflow move. Subclasses name the action (a key of the page's ACTIONS) and its input."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = WRITE_SCOPE
    action: str = ""
    input_serializer: type = io.EmptyInputSerializer

    def input_for(self, request, petition):
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def perform(self, request, petition, data):
        # The page's own call (petitions.views.staff.ACTIONS): same service, same arguments.
        ACTIONS[self.action][1](request, petition, data)
        return Response(self.case_output(request, petition.pk))

    def case_output(self, request, pk) -> dict:
        petition = petition_for_ref(request, str(pk))
        return io.StaffPetitionListSerializer(petition, context={"request": request}).data

    def post(self, request, ref):
        petition = petition_for_ref(request, ref)
        data = self.input_for(request, petition)
        return self.perform(request, petition, data)


def _action_schema(
    *, action: str, summary: str, request, description: str = "", created=None, idempotent: bool | None = None
):
    responses = {201: created} if created is not None else {200: io.StaffPetitionListSerializer}
    # Creating actions honour Idempotency-Key, except those whose repeat is refused anyway (an invitation).
    idempotent = created is not None if idempotent is None else idempotent
    return extend_schema(
        tags=[TAG],
        operation_id=f"staff_petitions_{action}",
        summary=summary,
        description=description
        or "Answers the case as the list shows it, after the move. Same service and rules as the case page.",
        request=request,
        parameters=[REF_PARAMETER, *([IDEMPOTENCY_HEADER] if idempotent else [])],
        responses={
            **responses,
            **ACTION_ERRORS,
            **(
                {422: OpenApiResponse(ERROR_BODY, description="Idempotency-Key reused with another body.")}
                if idempotent
                else {}
            ),
        },
        examples=ACTION_ERROR_EXAMPLES,
    )


class ClaimView(StaffPetitionActionView):
    action = "claim"

    @_action_schema(action="claim", summary="Claim an unassigned case (a member of its workstation)", request=None)
    def post(self, request, ref):
        return super().post(request, ref)


class AssignView(StaffPetitionActionView):
    action = "assign"

    def input_for(self, request, petition):
        serializer = io.PetitionAssignInputSerializer(data=request.data, workstation=petition.workstation)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @_action_schema(
        action="assign",
        summary="Assign or hand on the case to a member of its workstation",
        request=io.PetitionAssignInputSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class TriageView(StaffPetitionActionView):
    action = "triage"
    input_serializer = io.TriageInputSerializer

    @_action_schema(action="triage", summary="Choose one of the four tracks", request=io.TriageInputSerializer)
    def post(self, request, ref):
        return super().post(request, ref)


class ReplyView(StaffPetitionActionView):
    action = "reply"
    input_serializer = io.ReplyInputSerializer

    @_action_schema(action="reply", summary="Reply to the citizen (tracks 1–3)", request=io.ReplyInputSerializer)
    def post(self, request, ref):
        return super().post(request, ref)


class CloseView(StaffPetitionActionView):
    action = "close"
    input_serializer = io.CloseInputSerializer

    @_action_schema(action="close", summary="Close a replied case with its outcome", request=io.CloseInputSerializer)
    def post(self, request, ref):
        return super().post(request, ref)


class MergeView(StaffPetitionActionView):
    action = "merge"
    input_serializer = io.MergeInputSerializer

    @_action_schema(
        action="merge",
        summary="Merge this duplicate into an open case of the same workstation",
        request=io.MergeInputSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class SpamView(StaffPetitionActionView):
    action = "spam"
    input_serializer = io.ReasonInputSerializer

    @_action_schema(action="spam", summary="Mark as spam (a liaison officer)", request=io.ReasonInputSerializer)
    def post(self, request, ref):
        return super().post(request, ref)


class WithdrawView(StaffPetitionActionView):
    action = "withdraw"
    input_serializer = io.OptionalReasonInputSerializer

    @_action_schema(
        action="withdraw", summary="Withdraw at the citizen's request", request=io.OptionalReasonInputSerializer
    )
    def post(self, request, ref):
        return super().post(request, ref)


class ReopenView(StaffPetitionActionView):
    action = "reopen"
    input_serializer = io.OptionalReasonInputSerializer

    @_action_schema(
        action="reopen",
        summary="Reopen once after an unsatisfied rating",
        request=io.OptionalReasonInputSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class FollowUpView(StaffPetitionActionView):
    action = "follow_up"
    input_serializer = io.FollowUpInputSerializer

    def perform(self, request, petition, data):
        # The case page's follow-up form calls this same service.
        result = follow_up.petition_follow_up(
            user=request.user,
            petition_id=petition.pk,
            reached=data["reached"],
            satisfied=data["satisfied"],
            note=data["note"],
        )
        return Response(io.FollowUpOutputSerializer(result).data, status=status.HTTP_201_CREATED)

    @_action_schema(
        action="follow_up",
        summary="Record a follow-up call (回访) with the citizen of a closed case",
        description="The case's member, its workstation's liaison officers, office staff. Reached and not "
        "satisfied reopens the case, once (as an unsatisfied rating can); answers the call and what it did.",
        request=io.FollowUpInputSerializer,
        created=io.FollowUpOutputSerializer,
        idempotent=False,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class CreatingActionView(StaffPetitionActionView):
    """An action that creates a row: runs under the client's Idempotency-Key."""

    def idempotency(self, request, petition, content: dict) -> tuple[str | None, str]:
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise ValidationError({"Idempotency-Key": [_("最多 64 个字符。")]})
        scope = idempotency_scope_for(request, endpoint=f"api:v1:staff-petitions:{petition.pk}:{self.action}", key=key)
        return scope, request_fingerprint(content) if scope else ""

    def created(self, data, *, replayed: bool) -> Response:
        response = Response(data, status=status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def key_reused(self) -> Response:
        body = {"code": IDEMPOTENCY_KEY_REUSED, "detail": str(MSG_IDEMPOTENCY_KEY_REUSED), "fields": {}}
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)


class NoteView(CreatingActionView):
    action = "note"
    input_serializer = io.NoteInputSerializer

    def perform(self, request, petition, data):
        key, fingerprint = self.idempotency(request, petition, {"text": data["text"]})
        try:
            event = handling.petition_note_add(
                user=request.user,
                petition_id=petition.pk,
                text=data["text"],
                idempotency_key=key,
                fingerprint=fingerprint,
            )
        except IdempotencyKeyReused:
            return self.key_reused()
        return self.created(io.StaffEventSerializer(event).data, replayed=event.idempotent_replay)

    @_action_schema(
        action="note",
        summary="Add an internal note to the timeline",
        description="Never shown to the citizen. The assigned member, the workstation's liaison officers, reviewers.",
        request=io.NoteInputSerializer,
        created=io.StaffEventSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class ConsultView(CreatingActionView):
    action = "consult"
    input_serializer = io.ConsultInputSerializer

    def perform(self, request, petition, data):
        content = {"department": data["department"].pk, "question": data["question"]}
        key, fingerprint = self.idempotency(request, petition, content)
        try:
            # The case page's consult form calls this same service (petitions.views.staff.ACTIONS).
            consultation = handling.petition_consult(
                user=request.user,
                petition_id=petition.pk,
                department=data["department"],
                question=data["question"],
                idempotency_key=key,
                fingerprint=fingerprint,
            )
        except IdempotencyKeyReused:
            return self.key_reused()
        return self.created(
            io.PetitionConsultationOutputSerializer(consultation).data, replayed=consultation.idempotent_replay
        )

    @_action_schema(
        action="consult",
        summary="Consult a department (track 3): the question goes out as a hand-off",
        description="The consultation, its hand-off in the outbox and the case's move commit together.",
        request=io.ConsultInputSerializer,
        created=io.PetitionConsultationOutputSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class InviteView(StaffPetitionActionView):
    action = "invite"

    def input_for(self, request, petition):
        serializer = io.CoMemberInviteInputSerializer(data=request.data, petition=petition)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def perform(self, request, petition, data):
        row = ACTIONS[self.action][1](request, petition, data)
        return Response(io.CoMemberSerializer(row).data, status=status.HTTP_201_CREATED)

    @_action_schema(
        action="invite",
        summary="Invite a co-member (协办委员): the lead or the workstation's liaison officer",
        description="The co-member sees the case and its citizen, adds notes and replies; the lead stays the one "
        "assignee (triage, consult, propose, close). The invited member is told at once.",
        request=io.CoMemberInviteInputSerializer,
        created=io.CoMemberSerializer,
        idempotent=False,
    )
    def post(self, request, ref):
        return super().post(request, ref)


class RemoveCoMemberView(StaffPetitionActionView):
    action = "remove_co_member"
    input_serializer = io.CoMemberRemoveInputSerializer

    @_action_schema(
        action="remove_co_member",
        summary="Remove a co-member (the lead, the liaison officer, or the co-member leaving)",
        request=io.CoMemberRemoveInputSerializer,
    )
    def post(self, request, ref):
        return super().post(request, ref)


ACTION_VIEWS = {
    view.action: view
    for view in (
        ClaimView,
        AssignView,
        TriageView,
        ReplyView,
        CloseView,
        ConsultView,
        MergeView,
        SpamView,
        WithdrawView,
        ReopenView,
        FollowUpView,
        NoteView,
        InviteView,
        RemoveCoMemberView,
    )
}
