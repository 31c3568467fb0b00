"""Input and output of the proposals API. The writable fields are exactly the page's form fields:
status, author, workstation, review and deadline dates are set by the services, never by a body."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.text import PlainTextSerializerField
from proposals.choices import HandlingRating, Kind, LivelihoodType, ResultGrade
from proposals.services import AssignmentGrade
from proposals.slots import departments_active


@extend_schema_field(OpenApiTypes.INT)
class DepartmentField(serializers.PrimaryKeyRelatedField):
    """An active department by id (the departments app hands the list down: proposals.slots)."""

    def get_queryset(self):
        return departments_active()


class ProposalInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label=_("类型"), choices=Kind.choices)
    title = PlainTextSerializerField(label=_("标题"), max_length=200)
    facts = PlainTextSerializerField(label=_("调查核实情况"), multiline=True, max_length=5000)
    suggestion = PlainTextSerializerField(label=_("建议内容"), multiline=True, max_length=5000)
    suggested_department = DepartmentField(label=_("建议承办部门"), required=False, allow_null=True, default=None)
    livelihood_type = serializers.ChoiceField(
        label=_("民生工程类型"), choices=LivelihoodType.choices, required=False, allow_blank=True, default=""
    )


class ProposalDraftInputSerializer(ProposalInputSerializer):
    petitions = serializers.ListField(
        label=_("来源诉求"), child=serializers.IntegerField(min_value=1), min_length=1, max_length=50
    )


class AcceptInputSerializer(serializers.Serializer):
    """The reviewer may edit the text while accepting; omitted or empty fields keep the member's."""

    title = PlainTextSerializerField(label=_("标题"), max_length=200, required=False, allow_blank=True)
    facts = PlainTextSerializerField(
        label=_("调查核实情况"), multiline=True, max_length=5000, required=False, allow_blank=True
    )
    suggestion = PlainTextSerializerField(
        label=_("建议内容"), multiline=True, max_length=5000, required=False, allow_blank=True
    )


class ReturnInputSerializer(serializers.Serializer):
    reason = PlainTextSerializerField(label=_("退回理由"), multiline=True, max_length=2000)


class ForwardInputSerializer(serializers.Serializer):
    reason = PlainTextSerializerField(
        label=_("转报说明"), multiline=True, max_length=2000, required=False, allow_blank=True, default=""
    )


class AssignInputSerializer(serializers.Serializer):
    lead_department = DepartmentField(label=_("主办部门"))
    co_departments = serializers.ListField(child=DepartmentField(), required=False, default=list, max_length=20)
    due_date = serializers.DateField(label=_("办理期限"), required=False, allow_null=True, default=None)


class AssignmentGradeInputSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(
        label=_("交办"), min_value=1, help_text="An id from the proposal's assignments."
    )
    grade = serializers.ChoiceField(label=_("办理结果评定"), choices=ResultGrade.choices)
    reason = PlainTextSerializerField(
        label=_("评定理由"),
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for C and D.",
    )
    handling_rating = serializers.ChoiceField(label=_("对部门办理的评价"), choices=HandlingRating.choices)


def _grades(items) -> list[AssignmentGrade]:
    return [
        AssignmentGrade(
            assignment_id=item["assignment"],
            grade=item["grade"],
            handling_rating=item["handling_rating"],
            reason=item["reason"],
        )
        for item in items
    ]


class GradeInputSerializer(serializers.Serializer):
    """A reviewer's grades of a closed proposal: one entry per department on it, the lead and every
    co-handler."""

    grades = AssignmentGradeInputSerializer(many=True, max_length=21, allow_empty=False)

    def validate(self, attrs):
        return {"grades": _grades(attrs["grades"])}


class ConfirmInputSerializer(serializers.Serializer):
    """`grades`: one entry per department on the proposal, the lead and every co-handler. A client
    written before grades per department may still send `grade` and `handling_rating` alone: that
    serves a proposal with a lead department only (409 with co-handlers)."""

    grades = AssignmentGradeInputSerializer(many=True, required=False, max_length=21)
    grade = serializers.ChoiceField(
        label=_("办理结果评定"), choices=ResultGrade.choices, required=False, help_text="Deprecated: use `grades`."
    )
    handling_rating = serializers.ChoiceField(
        label=_("对部门办理的评价"),
        choices=HandlingRating.choices,
        required=False,
        help_text="Deprecated: use `grades`.",
    )
    outcome = serializers.ChoiceField(label=_("是否解决"), choices=[("solved", "solved"), ("not_solved", "not_solved")])
    households_helped = serializers.IntegerField(label=_("帮助困难群众户数"), min_value=0, max_value=100000, default=0)
    reply = PlainTextSerializerField(label=_("答复群众"), multiline=True, max_length=2000)

    def validate(self, attrs):
        grades = attrs.pop("grades", None)
        if grades is None and not ("grade" in attrs and "handling_rating" in attrs):
            raise serializers.ValidationError({"grades": [_("请评定每个承办部门的办理结果。")]})
        if grades is not None:
            attrs.pop("grade", None)
            attrs.pop("handling_rating", None)
            attrs["grades"] = _grades(grades)
        return attrs


class ResolveContestInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("reassign", "reassign"), ("confirm", "confirm")])
    department = DepartmentField(required=False, allow_null=True, default=None)
    note = PlainTextSerializerField(max_length=500, required=False, allow_blank=True, default="")


class ExtensionDecisionInputSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    note = PlainTextSerializerField(label=_("审批意见"), max_length=500, required=False, allow_blank=True, default="")


class ExtensionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField(source="assignment_id")
    requested_due_date = serializers.DateField()
    previous_due_date = serializers.DateField()
    reason = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    decision_note = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ExtensionForReviewSerializer(ExtensionOutputSerializer):
    proposal = serializers.IntegerField(source="assignment.proposal_id")
    proposal_title = serializers.CharField(source="assignment.proposal.title")
    department = serializers.CharField(source="assignment.department.name")


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    download_path = serializers.SerializerMethodField()

    def get_download_path(self, attachment) -> str:
        return reverse("proposals:attachment", kwargs={"pk": attachment.pk})


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()
    role = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    acknowledge_due = serializers.DateField()
    due_date = serializers.DateField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    contest_reason = serializers.CharField()
    result = serializers.CharField()
    reported_at = serializers.DateTimeField(allow_null=True)
    grade = serializers.CharField()
    grade_reason = serializers.CharField()
    handling_rating = serializers.CharField()
    graded_at = serializers.DateTimeField(allow_null=True)
    attachments = AttachmentSerializer(many=True, source="attachments.all")
    extensions = ExtensionOutputSerializer(many=True, source="extensions.all")


class ProposalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    facts = serializers.CharField()
    suggestion = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    author = serializers.CharField(source="author.name")
    author_sector = serializers.CharField(source="author.sector.name")
    workstation = serializers.CharField(source="workstation.code")
    body = serializers.IntegerField(
        source="body_id", allow_null=True, help_text="The CPPCC body reviewing it now (after a forward, the one above)."
    )
    suggested_department = serializers.IntegerField(source="suggested_department_id", allow_null=True)
    is_livelihood_project = serializers.BooleanField()
    livelihood_type = serializers.CharField()
    petitions = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField()
    result_grade = serializers.CharField()
    handling_rating = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    assignments = AssignmentSerializer(many=True, source="assignments.all")

    def get_petitions(self, proposal) -> list[int]:
        return [petition.pk for petition in proposal.petitions.all()]
