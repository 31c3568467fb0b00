from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.text import PlainTextSerializerField
from petitions.selectors.public import category_list_active
from petitions.services import IntakeData, IntakeError, petition_intake_validate
from petitions.services.intake import CONTENT_MAX, CONTENT_MIN
from workstations.models import Workstation


class SimilarQueryInputSerializer(serializers.Serializer):
    """Before submitting: the open cases at the workstation that look like the same problem."""

    workstation = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Workstation.objects.active(),
        error_messages={"does_not_exist": _("没有这个工作室。")},
    )
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=category_list_active(), error_messages={"does_not_exist": _("没有这个诉求类别。")}
    )
    content = PlainTextSerializerField(
        label=_("诉求内容"), multiline=True, min_length=CONTENT_MIN, max_length=CONTENT_MAX
    )


class PetitionSubmitInputSerializer(SimilarQueryInputSerializer):
    """What a citizen's app or a partner system sends. Contact data needs `consent_given`."""

    location = PlainTextSerializerField(
        label=_("发生地点"), max_length=200, required=False, allow_blank=True, default=""
    )
    is_anonymous = serializers.BooleanField(required=False, default=False)
    citizen_name = PlainTextSerializerField(
        label=_("姓名"), max_length=50, required=False, allow_blank=True, default=""
    )
    citizen_phone = PlainTextSerializerField(
        label=_("手机号码"), max_length=20, required=False, allow_blank=True, default=""
    )
    consent_given = serializers.BooleanField(required=False, default=False)
    join_token = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_("来自相似诉求查询：群众确认是同一个问题时填写，本诉求并入该件办理。"),
    )

    def validate(self, attrs):
        try:
            attrs["intake_data"] = petition_intake_validate(
                IntakeData(
                    content=attrs["content"],
                    category=attrs["category"],
                    location=attrs["location"],
                    citizen_name=attrs["citizen_name"],
                    citizen_phone=attrs["citizen_phone"],
                    is_anonymous=attrs["is_anonymous"],
                    consent_given=attrs["consent_given"],
                )
            )
        except IntakeError as exc:
            field = {"phone": "citizen_phone", "consent": "consent_given"}.get(exc.code, exc.code or "non_field_errors")
            raise serializers.ValidationError({field: exc.messages}) from exc
        return attrs


class PetitionSubmitOutputSerializer(serializers.Serializer):
    """The answer: the tracking code (a secret the citizen keeps) and where to follow the case."""

    tracking_code = serializers.CharField()
    display_code = serializers.CharField()
    status = serializers.CharField()
    tracking_url = serializers.CharField()


class SimilarCaseOutputSerializer(serializers.Serializer):
    """An open case as another citizen may see it: no name, phone or address, digit runs masked."""

    excerpt = serializers.CharField()
    received_on = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    join_token = serializers.CharField(help_text=_("提交诉求时填入 join_token，即并入此件（一小时内有效）。"))


class PublicEventOutputSerializer(serializers.Serializer):
    """One step of the public timeline, as /track/<code>/ lists it."""

    type = serializers.CharField()
    type_display = serializers.CharField(source="get_type_display")
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class PublicCaseOutputSerializer(serializers.Serializer):
    """What /track/<code>/ shows of a case (petitions.selectors.public.PublicCase), no more: no
    name, phone, address, content or internal note. For a petition merged into another case, the
    status and the handling are that case's, as on the page."""

    display_code = serializers.CharField(source="petition.display_code")
    merged = serializers.SerializerMethodField()
    workstation = serializers.CharField(source="case.workstation.name")
    category = serializers.SerializerMethodField()
    status = serializers.CharField(source="case.status")
    status_display = serializers.CharField(source="case.get_status_display")
    sector = serializers.CharField()
    # How the page names the member: by sector, never by name ("经济界委员", "中共界别委员").
    member_label = serializers.CharField()
    track = serializers.IntegerField(source="case.track", allow_null=True)
    track_display = serializers.SerializerMethodField()
    outcome = serializers.CharField(source="case.outcome")
    outcome_display = serializers.CharField(source="case.get_outcome_display")
    can_rate = serializers.BooleanField()
    satisfaction = serializers.CharField(source="petition.satisfaction")
    satisfaction_display = serializers.CharField(source="petition.get_satisfaction_display")
    result_satisfaction = serializers.CharField(source="petition.result_satisfaction")
    result_satisfaction_display = serializers.CharField(source="petition.get_result_satisfaction_display")
    timeline = PublicEventOutputSerializer(many=True)

    def get_merged(self, public_case) -> bool:
        return public_case.case.pk != public_case.petition.pk

    def get_category(self, public_case) -> str:
        return public_case.case.category.name if public_case.case.category else ""

    def get_track_display(self, public_case) -> str:
        return public_case.case.get_track_display() if public_case.case.track else ""
