"""`GET /api/v1/knowledge/…`: the knowledge base as its pages show it to the reader
(knowledge.permissions.may_read_knowledge; a manager also sees the entries out of use)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from common.api import READ_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import ETagRetrieveMixin
from knowledge.permissions import may_read_knowledge
from knowledge.selectors import entries_for_reader

TAG = "knowledge"


class EntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField(source="category.name")
    category_id = serializers.IntegerField()
    title = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()
    policy_basis = serializers.CharField()
    body = serializers.IntegerField(source="body_id", allow_null=True)
    shared_with_below = serializers.BooleanField()
    is_active = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class EntryPagination(QueueCursorPagination):
    ordering = ("pk",)


class _KnowledgeView:
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "knowledge"
    serializer_class = EntryOutputSerializer

    @staticmethod
    def permission_rule(user):
        return may_read_knowledge(user)

    def get_queryset(self):
        params = self.request.query_params
        category = params.get("category", "")
        return entries_for_reader(
            user=self.request.user,
            query=params.get("q", "")[:100],
            category_id=int(category) if category.isdigit() else None,
        )


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="Search the knowledge base (every word of q in title, question, answer or policy)",
        parameters=[
            OpenApiParameter("q", str, description="Words to search for"),
            OpenApiParameter("category", int, description="A category id"),
        ],
        responses={200: EntryOutputSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class EntryListView(_KnowledgeView, generics.ListAPIView):
    pagination_class = EntryPagination


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="One knowledge base entry",
        responses={200: EntryOutputSerializer, **error_responses(*READ_ERRORS, 404)},
    )
)
class EntryDetailView(ETagRetrieveMixin, _KnowledgeView, generics.RetrieveAPIView):
    def get_object(self):
        entry = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if entry is None:
            raise Http404
        return entry
