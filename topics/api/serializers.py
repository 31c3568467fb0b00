"""Output serializers of the topics API: the staff view (the topic's page as data) and the public
view (the public page's counts and the office's words, nothing about any citizen)."""

from rest_framework import serializers


class TopicListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    published_at = serializers.DateTimeField(allow_null=True)
    petition_count = serializers.IntegerField()
    activity_count = serializers.IntegerField()
    outcome_count = serializers.IntegerField()
    lead = serializers.SerializerMethodField()

    def get_lead(self, topic) -> str | None:
        leads = getattr(topic, "leads", [])
        return leads[0].member.name if leads else None


class GroupMemberSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    name = serializers.CharField(source="member.name")
    sector = serializers.CharField(source="member.sector.name")
    role = serializers.CharField()


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    date = serializers.DateField()
    place = serializers.CharField()
    participants = serializers.SerializerMethodField()
    notes = serializers.CharField()
    files = FileSerializer(many=True, source="files.all")

    def get_participants(self, activity) -> list[int]:
        return [m.pk for m in activity.participants.all()]


class MeetingSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    place = serializers.CharField()
    participants = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()
    minutes = serializers.CharField()

    def get_participants(self, meeting) -> list[int]:
        return [m.pk for m in meeting.participants.all()]

    def get_departments(self, meeting) -> list[str]:
        return [d.name for d in meeting.departments.all()]


class OutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    document_ref = serializers.CharField()
    date = serializers.DateField()
    description = serializers.CharField()


class EventSerializer(serializers.Serializer):
    type = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    message = serializers.CharField()
    actor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_actor(self, event) -> str | None:
        return event.actor.display_name if event.actor_id else None


class TopicDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    summary = serializers.CharField()
    source = serializers.CharField()
    petition_count = serializers.SerializerMethodField()
    group = GroupMemberSerializer(many=True, source="group.all")
    sectors = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()
    milestones = MilestoneSerializer(many=True, source="milestones.all")
    activities = ActivitySerializer(many=True, source="activities.all")
    report_summary = serializers.CharField()
    report_submitted_at = serializers.DateTimeField(allow_null=True)
    files = FileSerializer(many=True, source="files.all")
    meeting = serializers.SerializerMethodField()
    outcomes = OutcomeSerializer(many=True, source="outcomes.all")
    proposals = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)
    events = EventSerializer(many=True, source="events.all")

    def get_petition_count(self, topic) -> int:
        return topic.petitions.count()

    def get_sectors(self, topic) -> list[str]:
        return [s.name for s in topic.sectors.all()]

    def get_departments(self, topic) -> list[str]:
        return [d.name for d in topic.departments.all()]

    def get_meeting(self, topic) -> MeetingSerializer(allow_null=True):  # type: ignore[valid-type]
        meeting = getattr(topic, "meeting_row", None)
        return MeetingSerializer(meeting).data if meeting is not None else None

    def get_proposals(self, topic) -> list[int]:
        return list(topic.proposals.order_by("pk").values_list("pk", flat=True))


# --- public ------------------------------------------------------------------------------------


class PublicCategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class PublicRaisedSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    solved = serializers.IntegerField()
    categories = PublicCategorySerializer(many=True)


class PublicGroupSerializer(serializers.Serializer):
    members = serializers.IntegerField()
    sectors = serializers.ListField(child=serializers.CharField())
    departments = serializers.ListField(child=serializers.CharField())


class PublicActivitySerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    date = serializers.DateField()
    place = serializers.CharField()
    members = serializers.IntegerField()


class PublicMeetingSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    members = serializers.IntegerField()
    departments_invited = serializers.IntegerField()


class PublicOutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    document_ref = serializers.CharField()
    date = serializers.DateField()
    description = serializers.CharField()


class PublicTopicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField()
    raised = PublicRaisedSerializer()
    group = PublicGroupSerializer()
    activities = PublicActivitySerializer(many=True)
    report_summary = serializers.CharField()
    meeting = PublicMeetingSerializer(allow_null=True)
    outcomes = PublicOutcomeSerializer(many=True)
    proposals = serializers.IntegerField()


class PublicTopicListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, topic) -> str:
        from django.conf import settings
        from django.urls import reverse

        return settings.PUBLIC_BASE_URL + reverse("topics:public", args=[topic.pk])
