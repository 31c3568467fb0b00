"""`/api/v1/topics/…` (staff: the topics a user reads, as their pages show them, through
topics.selectors.topics_visible_to) and `/api/v1/public/topics/…` (anyone: published topics, the
public page's figures, no personal data). Read only: every step is taken on the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import READ_ERRORS, QueueCursorPagination, RuleAllows, ScopedThrottle, error_responses
from common.etag import etag_response
from topics import selectors
from topics.api import serializers
from topics.permissions import is_office, member_of
from topics.services import public_link

TAG = "topics"


class TopicPagination(QueueCursorPagination):
    ordering = ("-pk",)


class _StaffView:
    permission_classes = [RuleAllows]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "topics"

    @staticmethod
    def permission_rule(user):
        return is_office(user) or member_of(user) is not None


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="Research topics the caller reads (office staff: all; a member: their groups')",
        responses={200: serializers.TopicListSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
)
class TopicListView(_StaffView, generics.ListAPIView):
    serializer_class = serializers.TopicListSerializer
    pagination_class = TopicPagination

    def get_queryset(self):
        return selectors.topic_list_for_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        summary="One research topic: group, plan, activities, report, meeting, outcomes, timeline",
        responses={200: serializers.TopicDetailSerializer, **error_responses(*READ_ERRORS, 404)},
    )
)
class TopicDetailView(_StaffView, APIView):
    def get(self, request, pk):
        topic = selectors.topic_get_for_user(user=request.user, pk=pk)
        return etag_response(request, serializers.TopicDetailSerializer(topic).data)


class _PublicView:
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "public"


@extend_schema_view(
    get=extend_schema(
        tags=["public"],
        summary="Published research topics",
        auth=[],
        responses={200: serializers.PublicTopicListSerializer(many=True), **error_responses(429)},
    )
)
class PublicTopicListView(_PublicView, generics.ListAPIView):
    serializer_class = serializers.PublicTopicListSerializer
    pagination_class = TopicPagination

    def get_queryset(self):
        return selectors.published_topics()


@extend_schema_view(
    get=extend_schema(
        tags=["public"],
        summary="A published research topic: what citizens raised (counts), what members did, what came of it",
        auth=[],
        responses={200: serializers.PublicTopicSerializer, **error_responses(404, 429)},
    )
)
class PublicTopicDetailView(_PublicView, APIView):
    def get(self, request, pk):
        topic = selectors.public_topic_get(pk=pk)
        body = {
            "id": topic.pk,
            "title": topic.title,
            "year": topic.year,
            "status": topic.status,
            "summary": topic.summary,
            "url": public_link(topic),
            **selectors.public_topic_summary(topic),
        }
        return Response(serializers.PublicTopicSerializer(body).data)
