"""`/api/v1/proposals/…`: members draft, edit, submit, withdraw and confirm their proposals;
reviewers accept, return and assign them (a lead department and co-handlers, as the page does),
resolve contested assignments and decide deadline extensions. Every read goes through
proposals.selectors (proposals_visible_to: another workstation's proposal is 404), every write
through proposals.services, which check the actor's role (403) and the state (409)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, WRITE_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import etag_response
from common.idempotent_api import idempotent_create
from petitions.selectors.staff import petition_get_for_user
from proposals import services
from proposals.api import serializers
from proposals.choices import ExtensionStatus, Status
from proposals.models import Proposal
from proposals.selectors import (
    assignment_proposal_id_for_user,
    extensions_for_reviewer,
    proposal_get_for_user,
    proposal_list_for_user,
)

TAG = "proposals"


class ProposalFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    workstation = filters.CharFilter(field_name="workstation__code")

    class Meta:
        model = Proposal
        fields = ["status", "workstation"]


class ProposalPagination(QueueCursorPagination):
    ordering = ("-pk",)


class _ProposalsView:
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "proposals"


def _detail(request, pk) -> dict:
    return serializers.ProposalOutputSerializer(proposal_get_for_user(user=request.user, pk=pk)).data


EXAMPLE_DRAFT = {
    "petitions": [1042],
    "kind": "micro",
    "title": "河堤广场夜间噪音扰民",
    "facts": "委员夜间走访确认，21:00 后音响音量过大，影响一中高三晚自习。",
    "suggestion": "建议城管局划定广场舞区域与时段，加强巡查。",
    "suggested_department": 3,
    "livelihood_type": "",
}


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="Proposals the caller may see (a member: own and their workstations'; reviewers, office: all)",
        responses={200: serializers.ProposalOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        tags=[TAG],
        summary="Draft a proposal from cases assigned to the member in track 4",
        request=serializers.ProposalDraftInputSerializer,
        responses={201: serializers.ProposalOutputSerializer, **error_responses(*WRITE_ERRORS, 422)},
        examples=[OpenApiExample("Draft", value=EXAMPLE_DRAFT, request_only=True)],
    ),
)
class ProposalListView(_ProposalsView, generics.ListAPIView):
    serializer_class = serializers.ProposalOutputSerializer
    pagination_class = ProposalPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ProposalFilter

    def get_queryset(self):
        return proposal_list_for_user(user=self.request.user)

    def post(self, request):
        serializer = serializers.ProposalDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # Each case is fetched as its page fetches it: one the caller may not see is 404.
        petition_ids = [petition_get_for_user(user=request.user, pk=pk).pk for pk in data.pop("petitions")]

        def create():
            proposal = services.proposal_draft(user=request.user, petition_ids=petition_ids, **data)
            return Response(_detail(request, proposal.pk), status=status.HTTP_201_CREATED)

        department = data["suggested_department"]
        content = {**data, "suggested_department": department.pk if department else None, "petitions": petition_ids}
        return idempotent_create(request, endpoint="api:v1:proposals", content=content, create=create)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="One proposal with its assignments, attachments and extensions",
        responses={200: serializers.ProposalOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    ),
    put=extend_schema(
        tags=[TAG],
        summary="The author edits a draft or returned proposal",
        request=serializers.ProposalInputSerializer,
        responses={200: serializers.ProposalOutputSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ProposalDetailView(_ProposalsView, APIView):
    def get(self, request, pk):
        return etag_response(request, _detail(request, pk))

    def put(self, request, pk):
        proposal = proposal_get_for_user(user=request.user, pk=pk)
        serializer = serializers.ProposalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.proposal_update(user=request.user, proposal_id=proposal.pk, **serializer.validated_data)
        return Response(_detail(request, pk))


def _action(*, summary: str, call, input_serializer=None, example=None):
    """A POST on one visible proposal that runs one service and answers the proposal as it is now."""

    @extend_schema(
        tags=[TAG],
        summary=summary,
        request=input_serializer,
        responses={200: serializers.ProposalOutputSerializer, **error_responses(*WRITE_ERRORS)},
        examples=[OpenApiExample(summary, value=example, request_only=True)] if example else None,
    )
    def post(self, request, pk):
        proposal = proposal_get_for_user(user=request.user, pk=pk)
        data = {}
        if input_serializer is not None:
            serializer = input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        call(user=request.user, proposal_id=proposal.pk, **data)
        return Response(_detail(request, pk))

    name = "Proposal" + "".join(part.title() for part in call.__name__.removeprefix("proposal_").split("_")) + "View"
    return type(name, (_ProposalsView, APIView), {"post": post, "__doc__": summary})


ProposalSubmitView = _action(summary="The author submits the proposal for review", call=services.proposal_submit)
ProposalWithdrawView = _action(
    summary="The author withdraws a draft or returned proposal", call=services.proposal_withdraw
)
ProposalAcceptView = _action(
    summary="A reviewer accepts the proposal (optionally editing its text)",
    call=services.proposal_accept,
    input_serializer=serializers.AcceptInputSerializer,
)
ProposalReturnView = _action(
    summary="A reviewer returns the proposal to its author, with a reason",
    call=services.proposal_return,
    input_serializer=serializers.ReturnInputSerializer,
    example={"reason": "请补充走访核实的时间和地点。"},
)
ProposalForwardView = _action(
    summary="A reviewer forwards a submitted proposal to the CPPCC body above (转报)",
    call=services.proposal_forward,
    input_serializer=serializers.ForwardInputSerializer,
    example={"reason": "涉及全市河堤管理，请市政协审核。"},
)
ProposalAssignView = _action(
    summary="A reviewer assigns the proposal to a lead department and co-handlers",
    call=services.proposal_assign,
    input_serializer=serializers.AssignInputSerializer,
    example={"lead_department": 3, "co_departments": [5], "due_date": "2027-01-20"},
)
ProposalConfirmView = _action(
    summary="The author confirms the department's result and replies to the citizens",
    call=services.proposal_confirm,
    input_serializer=serializers.ConfirmInputSerializer,
    example={
        "grades": [
            {"assignment": 11, "grade": "A", "reason": "", "handling_rating": "satisfied"},
            {"assignment": 12, "grade": "C", "reason": "需列入明年预算", "handling_rating": "basically_satisfied"},
        ],
        "outcome": "solved",
        "households_helped": 0,
        "reply": "城管局已划定广场舞区域，夜间噪音问题已解决。",
    },
)

ProposalGradeView = _action(
    summary="A reviewer of the reviewing body grades (or corrects the grades of) a closed proposal's departments",
    call=services.proposal_grade,
    input_serializer=serializers.GradeInputSerializer,
    example={
        "grades": [
            {"assignment": 11, "grade": "B", "reason": "", "handling_rating": "satisfied"},
            {"assignment": 12, "grade": "C", "reason": "只答复未落实", "handling_rating": "unsatisfied"},
        ]
    },
)


class _ReviewerView(_ProposalsView):
    permission_classes = [RuleAllows]

    @staticmethod
    def permission_rule(user):
        return services.is_reviewer(user)


@extend_schema(
    tags=[TAG],
    summary="A reviewer resolves a contested assignment: reassign to another department or confirm it",
    request=serializers.ResolveContestInputSerializer,
    responses={200: serializers.ProposalOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class AssignmentResolveView(_ReviewerView, APIView):
    def post(self, request, pk):
        serializer = serializers.ResolveContestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal_id = assignment_proposal_id_for_user(user=request.user, pk=pk)
        services.assignment_contest_resolve(user=request.user, assignment_id=pk, **serializer.validated_data)
        return Response(_detail(request, proposal_id))


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="Deadline extensions asked by departments (status=pending for the reviewer's queue)",
        responses={200: serializers.ExtensionForReviewSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class ExtensionListView(_ReviewerView, generics.ListAPIView):
    serializer_class = serializers.ExtensionForReviewSerializer
    pagination_class = ProposalPagination

    def get_queryset(self):
        wanted = self.request.query_params.get("status")
        return extensions_for_reviewer(user=self.request.user, status=wanted if wanted in ExtensionStatus else None)


@extend_schema(
    tags=[TAG],
    summary="A reviewer grants or refuses a deadline extension",
    request=serializers.ExtensionDecisionInputSerializer,
    responses={200: serializers.ExtensionForReviewSerializer, **error_responses(*WRITE_ERRORS)},
    examples=[OpenApiExample("Grant", value={"grant": True, "note": ""}, request_only=True)],
)
class ExtensionDecideView(_ReviewerView, APIView):
    def post(self, request, pk):
        generics.get_object_or_404(extensions_for_reviewer(user=request.user), pk=pk)
        serializer = serializers.ExtensionDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.extension_decide(user=request.user, extension_id=pk, **serializer.validated_data)
        extension = extensions_for_reviewer(user=request.user).get(pk=pk)
        return Response(serializers.ExtensionForReviewSerializer(extension).data)
