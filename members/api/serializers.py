"""Input and output of the rosters, members and sectors API. Members are shown by name, sector and
title only: never a phone number (members.Member.phone is for the office, not for any API)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.text import PlainTextSerializerField


class MonthField(serializers.DateField):
    """A month as "YYYY-MM" (the first day of it inside)."""

    def to_internal_value(self, value):
        import datetime

        try:
            month = datetime.date.fromisoformat(f"{value}-01")
        except (TypeError, ValueError):
            raise serializers.ValidationError(_("请按 YYYY-MM 填写月份。")) from None
        if not 2000 <= month.year <= 2100:
            raise serializers.ValidationError(_("请按 YYYY-MM 填写月份。"))
        return month

    def to_representation(self, value):
        return f"{value:%Y-%m}"


class SectorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MemberBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.CharField(source="sector.name")


class MemberOutputSerializer(MemberBriefSerializer):
    title = serializers.CharField()
    workstations = serializers.SerializerMethodField()

    def get_workstations(self, member) -> list[str]:
        return [workstation.code for workstation in member.workstations.all()]


class DutyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workstation = serializers.CharField(source="roster.workstation.code")
    month = MonthField(source="roster.month")
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    date = serializers.DateField(allow_null=True)
    slot = serializers.CharField()
    slot_display = serializers.CharField(source="get_slot_display")
    note = serializers.CharField()


class DutyWithMemberSerializer(DutyOutputSerializer):
    member = MemberBriefSerializer()


class GapSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    slot = serializers.CharField()
    label = serializers.CharField()


class RosterChangeSerializer(serializers.Serializer):
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.display_name", default="")
    after_publication = serializers.BooleanField()
    summary = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class RosterMonthRowSerializer(serializers.Serializer):
    """One workstation's month in the officer's overview."""

    workstation = serializers.CharField(source="workstation.code")
    workstation_name = serializers.CharField(source="workstation.name")
    status = serializers.CharField(source="roster.status", default=None, allow_null=True)
    lead = MemberBriefSerializer(source="lead.member", default=None, allow_null=True)
    slot_count = serializers.IntegerField()
    gaps = GapSerializer(many=True)


class RosterMonthSerializer(serializers.Serializer):
    """One workstation's month: status, duties, uncovered slots and the change record."""

    workstation = serializers.CharField(source="workstation.code")
    month = MonthField()
    status = serializers.CharField(source="roster.status", default=None, allow_null=True)
    published_at = serializers.DateTimeField(source="roster.published_at", default=None, allow_null=True)
    duties = DutyWithMemberSerializer(many=True)
    gaps = GapSerializer(many=True)
    changes = RosterChangeSerializer(many=True)


class RosterMonthCreateInputSerializer(serializers.Serializer):
    workstation = serializers.SlugField(label=_("工作室"), help_text="The workstation's code, e.g. xiliuwan.")
    month = MonthField(label=_("月份"), help_text="YYYY-MM")


class GenerateInputSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[("month", "month"), ("rest_of_year", "rest_of_year"), ("year", "year")], default="month"
    )


class GenerationReportSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    unfilled = serializers.ListField(child=serializers.CharField(), help_text="Why each slot stayed empty.")
    skipped_months = serializers.ListField(
        child=serializers.CharField(), help_text="Published months left as they were."
    )


class PublishInputSerializer(serializers.Serializer):
    confirm_uncovered = serializers.BooleanField(
        default=False,
        help_text="Publish although reception slots (or the month lead) are uncovered; without it such "
        "a month is refused with 409 `uncovered_slots` and the gaps in `fields.gaps`.",
    )


class OnDutyQuerySerializer(serializers.Serializer):
    workstation = serializers.SlugField()
    date = serializers.DateField(required=False)


class SwapOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    duty = DutyOutputSerializer()
    requester = serializers.CharField(source="requester.name")
    target_member = serializers.CharField(source="target_member.name")
    target_member_id = serializers.IntegerField()
    target_duty = DutyOutputSerializer(allow_null=True)
    reason = serializers.CharField()
    decision_note = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class SwapCreateInputSerializer(serializers.Serializer):
    duty = serializers.IntegerField(label=_("本人值班"), min_value=1)
    target_member = serializers.IntegerField(label=_("换给哪位委员"), min_value=1)
    target_duty = serializers.IntegerField(label=_("对方值班"), min_value=1, required=False, allow_null=True)
    reason = PlainTextSerializerField(label=_("原因"), max_length=200, required=False, allow_blank=True, default="")


class SwapDeclineInputSerializer(serializers.Serializer):
    note = PlainTextSerializerField(label=_("审批意见"), max_length=200, required=False, allow_blank=True, default="")


class UnavailabilityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    reason = serializers.CharField()


class UnavailabilityInputSerializer(serializers.Serializer):
    start = serializers.DateField(label=_("开始日期"))
    end = serializers.DateField(label=_("结束日期"))
    reason = PlainTextSerializerField(label=_("原因"), max_length=200, required=False, allow_blank=True, default="")


class UnavailabilityCreatedSerializer(UnavailabilityOutputSerializer):
    conflicts = DutyOutputSerializer(many=True, help_text="Published duties in the period: ask for a swap.")
