"""Input and output of the department queue API. Output serializers read what the portal page
shows (departments/item.html): the case's text and category, never a citizen's name or phone."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.text import PlainTextSerializerField
from departments.services import attachments_check
from petitions.workflow import TransitionError
from proposals.api.serializers import AttachmentSerializer, ExtensionOutputSerializer


class QueuePetitionSerializer(serializers.Serializer):
    """A case behind a hand-off, as the portal shows it: its text and category (no contact data)."""

    content = serializers.CharField()
    category = serializers.CharField(source="category.name", default="")
    workstation = serializers.CharField(source="workstation.name")


class ConsultationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField(source="department.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    question = serializers.CharField()
    due_date = serializers.DateField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    petition = QueuePetitionSerializer()


class CoOpinionSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.name")
    result = serializers.CharField()


class QueueProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    facts = serializers.CharField()
    suggestion = serializers.CharField()
    workstation = serializers.CharField(source="workstation.name")
    petitions = QueuePetitionSerializer(many=True, source="petitions.all")


class AssignmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField(source="department.name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    acknowledge_due = serializers.DateField()
    due_date = serializers.DateField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    contest_reason = serializers.CharField()
    result = serializers.CharField()
    reported_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    proposal = QueueProposalSerializer()
    attachments = AttachmentSerializer(many=True, source="attachments.all")
    extensions = ExtensionOutputSerializer(many=True, source="extensions.all")
    co_opinions = serializers.SerializerMethodField()

    def get_co_opinions(self, assignment) -> list[dict]:
        """The co-handlers' reported opinions, which only the lead department sees (as on the page)."""
        if assignment.role != "lead":
            return []
        return CoOpinionSerializer(assignment.proposal.co_opinions, many=True).data

    def to_representation(self, assignment):
        """The fields above, read directly: the queue is a system's most frequent call, and DRF's
        per-field attribute lookup was half of its CPU at 50 rows (bench/api_lists.py). The fields
        stay declared for the schema and for input of nested readers; tests/api_areas hold this
        equal to the declared fields' own representation
        (test_the_queue_row_is_the_declared_fields_representation)."""
        f = self.fields
        moment = f["created_at"].to_representation
        day = f["due_date"].to_representation
        proposal = assignment.proposal
        return {
            "id": assignment.pk,
            "department": assignment.department.name,
            "role": assignment.role,
            "role_display": str(assignment.get_role_display()),
            "status": assignment.status,
            "status_display": str(assignment.get_status_display()),
            "acknowledge_due": day(assignment.acknowledge_due),
            "due_date": day(assignment.due_date),
            "acknowledged_at": moment(assignment.acknowledged_at) if assignment.acknowledged_at else None,
            "contest_reason": assignment.contest_reason,
            "result": assignment.result,
            "reported_at": moment(assignment.reported_at) if assignment.reported_at else None,
            "created_at": moment(assignment.created_at),
            "proposal": {
                "id": proposal.pk,
                "kind": proposal.kind,
                "title": proposal.title,
                "facts": proposal.facts,
                "suggestion": proposal.suggestion,
                "workstation": proposal.workstation.name,
                "petitions": [
                    {
                        "content": petition.content,
                        "category": petition.category.name if petition.category_id else "",
                        "workstation": petition.workstation.name,
                    }
                    for petition in proposal.petitions.all()
                ],
            },
            "attachments": AttachmentSerializer(assignment.attachments.all(), many=True).data,
            "extensions": ExtensionOutputSerializer(assignment.extensions.all(), many=True).data,
            "co_opinions": self.get_co_opinions(assignment),
        }


class AnswerInputSerializer(serializers.Serializer):
    answer = PlainTextSerializerField(label=_("答复内容"), multiline=True, max_length=5000)


class ContestInputSerializer(serializers.Serializer):
    reason = PlainTextSerializerField(label=_("退单理由"), multiline=True, max_length=2000)


class ReportInputSerializer(serializers.Serializer):
    """multipart/form-data: `result`, and up to five `files` (PDF, images, Word, Excel, text; 10 MB
    each; the content must match the name), checked by the same rule as the portal's form."""

    result = PlainTextSerializerField(label=_("办理结果"), multiline=True, max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_files(self, files):
        try:
            attachments_check(files)
        except TransitionError as error:
            raise serializers.ValidationError(error.message) from None
        return files


class ExtensionInputSerializer(serializers.Serializer):
    new_due_date = serializers.DateField(label=_("申请延期至"))
    reason = PlainTextSerializerField(label=_("延期理由"), multiline=True, max_length=2000)
