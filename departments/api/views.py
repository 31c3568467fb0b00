"""`/api/v1/departments/queue/…`: a department handler's own queue, through the portal's selectors
(departments.selectors) and services (departments.services): consultations to answer, assignments
to acknowledge or contest, report on, or ask more time for.

Another department's item is 404, as on the portal; a user without the handler's role is 403.
Lists use cursor pagination ordered by due date then id, and cost the same number of queries for
2 rows as for 20 (bench/api_lists.py measures the assignment queue: `department_queue_url()`)."""

from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework import serializers as drf_serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, WRITE_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import ETagRetrieveMixin
from common.idempotent_api import idempotent_create
from departments import services
from departments.api import serializers
from departments.api.filters import AssignmentQueueFilter, ConsultationQueueFilter, DepartmentFilter
from departments.permissions import has_handler_role
from departments.selectors import assignments_for_handler, consultations_for_handler, departments_for_staff
from proposals.api.serializers import ExtensionOutputSerializer

TAG = "departments"


def department_queue_url(*, status: str | None = None) -> str:
    """The path of a department's assignment queue (for bench/api_lists.py): GET it with the
    handler's token, e.g. `department_queue_url(status="pending")`."""
    url = reverse("api:department-assignment-list")
    return f"{url}?status={status}" if status else url


class QueuePagination(QueueCursorPagination):
    ordering = ("due_date", "pk")


class _HandlerView:
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "departments"

    @staticmethod
    def permission_rule(user):
        return has_handler_role(user)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="The handler's consultations (filter by status, due date)",
        responses={200: serializers.ConsultationOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class ConsultationQueueView(_HandlerView, generics.ListAPIView):
    serializer_class = serializers.ConsultationOutputSerializer
    pagination_class = QueuePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ConsultationQueueFilter

    def get_queryset(self):
        return consultations_for_handler(self.request.user)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="One consultation of the handler's department",
        responses={200: serializers.ConsultationOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    )
)
class ConsultationDetailView(ETagRetrieveMixin, _HandlerView, generics.RetrieveAPIView):
    serializer_class = serializers.ConsultationOutputSerializer

    def get_queryset(self):
        return consultations_for_handler(self.request.user)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="The handler's assignments (filter by status, role, due date)",
        responses={200: serializers.AssignmentOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class AssignmentQueueView(_HandlerView, generics.ListAPIView):
    serializer_class = serializers.AssignmentOutputSerializer
    pagination_class = QueuePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssignmentQueueFilter

    def get_queryset(self):
        return assignments_for_handler(self.request.user)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="One assignment of the handler's department",
        responses={200: serializers.AssignmentOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    )
)
class AssignmentDetailView(ETagRetrieveMixin, _HandlerView, generics.RetrieveAPIView):
    serializer_class = serializers.AssignmentOutputSerializer

    def get_queryset(self):
        return assignments_for_handler(self.request.user)


class _ItemAction(_HandlerView, APIView):
    """POST on one item of the queue: found through the handler's queue (404 otherwise), done by
    the portal's service as the signed-in handler, answered with the item as it is now."""

    input_serializer = None

    def queue(self):
        raise NotImplementedError

    def perform(self, item, data):
        raise NotImplementedError

    def output(self, pk):
        item = generics.get_object_or_404(self.queue(), pk=pk)
        return self.output_serializer(item).data

    def post(self, request, pk):
        item = generics.get_object_or_404(self.queue(), pk=pk)
        data = {}
        if self.input_serializer is not None:
            serializer = self.input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        self.perform(item, data)
        return Response(self.output(pk))


class _AssignmentAction(_ItemAction):
    output_serializer = serializers.AssignmentOutputSerializer

    def queue(self):
        return assignments_for_handler(self.request.user)


EXAMPLE_409 = {"code": "transition_refused", "detail": "该交办当前状态为“已签收”，不能签收。", "fields": {}}


@extend_schema(
    tags=[TAG],
    summary="Answer a consultation",
    request=serializers.AnswerInputSerializer,
    responses={200: serializers.ConsultationOutputSerializer, **error_responses(*WRITE_ERRORS)},
    examples=[
        OpenApiExample("Answer", value={"answer": "该路段已列入今年道路改造计划，预计 12 月完工。"}, request_only=True)
    ],
)
class ConsultationAnswerView(_ItemAction):
    input_serializer = serializers.AnswerInputSerializer
    output_serializer = serializers.ConsultationOutputSerializer

    def queue(self):
        return consultations_for_handler(self.request.user)

    def perform(self, item, data):
        services.consultation_answer(consultation_id=item.pk, answer=data["answer"], user=self.request.user)


@extend_schema(
    tags=[TAG],
    summary="Acknowledge (签收) an assignment",
    request=None,
    responses={200: serializers.AssignmentOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class AssignmentAcknowledgeView(_AssignmentAction):
    def perform(self, item, data):
        services.assignment_acknowledge(assignment_id=item.pk, user=self.request.user)


@extend_schema(
    tags=[TAG],
    summary="Contest (退单) an assignment: not this department's matter",
    request=serializers.ContestInputSerializer,
    responses={200: serializers.AssignmentOutputSerializer, **error_responses(*WRITE_ERRORS)},
    examples=[OpenApiExample("Contest", value={"reason": "该事项属住建局职责。"}, request_only=True)],
)
class AssignmentContestView(_AssignmentAction):
    input_serializer = serializers.ContestInputSerializer

    def perform(self, item, data):
        services.assignment_contest(assignment_id=item.pk, reason=data["reason"], user=self.request.user)


@extend_schema(
    tags=[TAG],
    summary="Report the result of an acknowledged assignment, with attachments (multipart)",
    request={"multipart/form-data": serializers.ReportInputSerializer},
    responses={200: serializers.AssignmentOutputSerializer, **error_responses(*WRITE_ERRORS)},
)
class AssignmentReportView(_AssignmentAction):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def post(self, request, pk):
        item = generics.get_object_or_404(self.queue(), pk=pk)
        payload = {"result": request.data.get("result", ""), "files": request.FILES.getlist("files")}
        serializer = serializers.ReportInputSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.assignment_report(
            assignment_id=item.pk, result=data["result"], files=data["files"], user=self.request.user
        )
        return Response(self.output(pk))


@extend_schema(
    tags=[TAG],
    summary="Ask for a later handling deadline (creates an extension request)",
    request=serializers.ExtensionInputSerializer,
    responses={201: ExtensionOutputSerializer, **error_responses(*WRITE_ERRORS, 422)},
    examples=[
        OpenApiExample(
            "Extension", value={"new_due_date": "2027-01-15", "reason": "需协调供电公司施工。"}, request_only=True
        ),
        OpenApiExample("Not now", value=EXAMPLE_409, response_only=True, status_codes=["409"]),
    ],
)
class AssignmentExtensionView(_AssignmentAction):
    input_serializer = serializers.ExtensionInputSerializer

    def post(self, request, pk):
        item = generics.get_object_or_404(self.queue(), pk=pk)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def create():
            extension = services.extension_request(
                assignment_id=item.pk, new_due_date=data["new_due_date"], reason=data["reason"], user=request.user
            )
            return Response(ExtensionOutputSerializer(extension).data, status=status.HTTP_201_CREATED)

        return idempotent_create(
            request,
            endpoint="api:v1:department-assignment-extension",
            content={"assignment": item.pk, **data},
            create=create,
        )


class DepartmentOutputSerializer(drf_serializers.Serializer):
    id = drf_serializers.IntegerField()
    name = drf_serializers.CharField()
    short_name = drf_serializers.CharField()
    body = drf_serializers.IntegerField(source="body_id", allow_null=True)
    body_name = drf_serializers.CharField(source="body.name", default=None, allow_null=True)
    is_active = drf_serializers.BooleanField()


class DepartmentPagination(QueueCursorPagination):
    ordering = ("pk",)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="The departments of the caller's CPPCC body and the bodies below it (filter by body)",
        responses={200: DepartmentOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class DepartmentListView(generics.ListAPIView):
    """For reviewers and office staff: which department ids a proposal of their body may be
    assigned to (`body` = the proposal's `body`). Contacts and delivery settings stay in the admin."""

    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "departments"
    serializer_class = DepartmentOutputSerializer
    pagination_class = DepartmentPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = DepartmentFilter

    @staticmethod
    def permission_rule(user):
        return user.is_superuser or user.has_perm("departments.view_department")

    def get_queryset(self):
        return departments_for_staff(user=self.request.user)
