"""Explicit input and output serializers of the staff petition API (petitions/api/staff.py).

Outputs are read-only shapes of what the case page shows. Inputs name every field an action takes
and nothing else: status, workstation, assignee and timestamps are set by the services, never by a
client (an unknown field is ignored by DRF; these serializers have none of them to write to).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.phones import name_mask, phone_mask
from common.text import PlainTextSerializerField
from members.models import Member
from petitions.choices import OPEN_STATUSES, Channel, Outcome, Status, Track
from petitions.slots import answers_active, departments_active

MASKED = "****"


class WorkstationRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_code = serializers.CharField()


class StaffPetitionListSerializer(serializers.Serializer):
    """One row of the staff list: what the inbox shows of a case, never the citizen's contact."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    display_code = serializers.CharField()
    url = serializers.SerializerMethodField()
    workstation = WorkstationRefSerializer()
    category = CategoryRefSerializer(allow_null=True)
    channel = serializers.CharField()
    channel_display = serializers.CharField(source="get_channel_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    track = serializers.IntegerField(allow_null=True)
    track_display = serializers.SerializerMethodField()
    assigned_member = MemberRefSerializer(allow_null=True)
    excerpt = serializers.SerializerMethodField()
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, petition) -> str:
        return reverse("api:staff-petition-detail", args=[petition.pk])

    def get_track_display(self, petition) -> str:
        return petition.get_track_display() if petition.track else ""

    def get_excerpt(self, petition) -> str:
        return excerpt(petition.content)

    def get_overdue(self, petition) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return petition.status in OPEN_STATUSES and petition.due_date is not None and petition.due_date < today


def excerpt(content: str) -> str:
    text = " ".join(content.split())
    return text if len(text) <= 80 else text[:79] + "…"


_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def staff_petition_rows(petitions, *, today) -> list[dict]:
    """The list's rows, exactly as StaffPetitionListSerializer(many=True) renders them (a test holds
    the two equal), built without DRF's per-field machinery: it cost more than the database for a
    page of 50 at 1,000,000 petitions (bench/api_lists.py). The serializer stays the contract and
    the schema."""
    detail_base = reverse("api:staff-petition-list")
    statuses = {value: str(label) for value, label in Status.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    tracks = {value: str(label) for value, label in Track.choices}
    rows = []
    for petition in petitions:
        member = petition.assigned_member
        category = petition.category
        workstation = petition.workstation
        due = petition.due_date
        rows.append(
            {
                "id": petition.pk,
                "tracking_code": petition.tracking_code,
                "display_code": petition.display_code,
                "url": f"{detail_base}{petition.pk}/",
                "workstation": {"code": workstation.code, "name": workstation.name},
                "category": {"code": category.code, "name": category.name} if category is not None else None,
                "channel": petition.channel,
                "channel_display": channels.get(petition.channel, petition.channel),
                "status": petition.status,
                "status_display": statuses.get(petition.status, petition.status),
                "track": petition.track,
                "track_display": tracks.get(petition.track, "") if petition.track else "",
                "assigned_member": {"id": member.pk, "name": member.name} if member is not None else None,
                "excerpt": excerpt(petition.content),
                "due_date": _DATE.to_representation(due) if due is not None else None,
                "overdue": petition.status in OPEN_STATUSES and due is not None and due < today,
                "created_at": _DATETIME.to_representation(petition.created_at),
                "updated_at": _DATETIME.to_representation(petition.updated_at),
            }
        )
    return rows


class ContactSerializer(serializers.Serializer):
    """The citizen's contact. `visible` false: masked (138****5678, 张**, ****), because the caller
    is not handling the case (petitions.permissions.can_see_citizen_contact)."""

    visible = serializers.BooleanField()
    anonymous = serializers.BooleanField()
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


def contact_data(petition, *, visible: bool) -> dict:
    if visible:
        name, phone, address = petition.citizen_name, petition.citizen_phone, petition.citizen_address
    else:
        name = name_mask(petition.citizen_name)
        phone = phone_mask(petition.citizen_phone)
        address = MASKED if petition.citizen_address else ""
    return {"visible": visible, "anonymous": petition.is_anonymous, "name": name, "phone": phone, "address": address}


class CoMemberSerializer(serializers.Serializer):
    """A co-member (协办委员) of the case: who, of which sector, invited when and why."""

    member = MemberRefSerializer()
    sector = serializers.CharField(source="member.sector.label")
    invited_at = serializers.DateTimeField()
    note = serializers.CharField()


class StaffPetitionDetailSerializer(StaffPetitionListSerializer):
    """The case as the case page shows it. Context: `show_contact` (can_see_citizen_contact) and
    `show_citizen_material` (handles_case: the rating's comment, the photos)."""

    excerpt = None
    content = serializers.CharField()
    location = serializers.CharField()
    contact = serializers.SerializerMethodField()
    first_response_due = serializers.DateField(allow_null=True)
    first_responded_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    outcome_display = serializers.CharField(source="get_outcome_display")
    households_helped = serializers.IntegerField()
    satisfaction = serializers.CharField()
    satisfaction_display = serializers.CharField(source="get_satisfaction_display")
    result_satisfaction = serializers.CharField()
    result_satisfaction_display = serializers.CharField(source="get_result_satisfaction_display")
    satisfaction_comment = serializers.SerializerMethodField()
    reopen_count = serializers.IntegerField()
    merged_into = CaseRefSerializer(allow_null=True)
    co_members = serializers.SerializerMethodField()
    photos_url = serializers.SerializerMethodField()
    events_url = serializers.SerializerMethodField()

    @extend_schema_field(CoMemberSerializer(many=True))
    def get_co_members(self, petition) -> list:
        from petitions.selectors.staff import case_co_members

        return CoMemberSerializer(case_co_members(petition=petition), many=True).data

    @extend_schema_field(ContactSerializer)
    def get_contact(self, petition) -> dict:
        return contact_data(petition, visible=bool(self.context.get("show_contact")))

    def get_satisfaction_comment(self, petition) -> str:
        return petition.satisfaction_comment if self.context.get("show_citizen_material") else ""

    def get_photos_url(self, petition) -> str | None:
        if not self.context.get("show_citizen_material"):
            return None
        return reverse("api:staff-petition-photos", args=[petition.pk])

    def get_events_url(self, petition) -> str:
        return reverse("api:staff-petition-events", args=[petition.pk])


class StaffEventSerializer(serializers.Serializer):
    """One entry of the case's timeline, as the case page lists it (internal entries included)."""

    id = serializers.IntegerField()
    type = serializers.CharField()
    type_display = serializers.CharField(source="get_type_display")
    actor = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    visibility = serializers.CharField()
    visibility_display = serializers.CharField(source="get_visibility_display")
    message = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_actor(self, event) -> str:
        return event.actor.display_name if event.actor_id else event.actor_label


class StaffPhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, photo) -> str:
        return reverse("api:staff-petition-photo", args=[photo.petition_id, photo.pk])


class PetitionConsultationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.CharField(source="department.name")
    question = serializers.CharField()
    status = serializers.CharField()
    due_date = serializers.DateField()
    created_at = serializers.DateTimeField()


# --- inputs, one per action ----------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class SlotRelatedField(serializers.PrimaryKeyRelatedField):
    """A row by its id, among those a slot provides (petitions.slots: knowledge entries and
    departments live in apps above petitions), read when the request is validated."""

    def __init__(self, *, slot, **kwargs):
        self.slot = slot
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.slot()


class EmptyInputSerializer(serializers.Serializer):
    """No fields: the action is the whole request."""


class PetitionAssignInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        help_text=_("委员编号：本工作室在职委员"),
        error_messages={"does_not_exist": _("所选委员不在本工作室服务，不能分派。")},
    )
    reason = PlainTextSerializerField(label=_("说明"), max_length=200, required=False, allow_blank=True, default="")

    def __init__(self, *args, workstation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's AssignForm offers the same members: active and serving the case's workstation.
        if workstation is not None:
            self.fields["member"].queryset = Member.objects.active().filter(workstations=workstation)


class TriageInputSerializer(serializers.Serializer):
    track = serializers.ChoiceField(
        choices=Track.choices, help_text=_("1 解释说明，2 直接答复，3 咨询后答复，4 提交建议")
    )


class ReplyInputSerializer(serializers.Serializer):
    message = PlainTextSerializerField(label=_("答复群众"), multiline=True, max_length=2000)
    knowledge_entry = SlotRelatedField(
        slot=answers_active, required=False, allow_null=True, default=None, help_text=_("引用的知识库条目编号")
    )
    policy = PlainTextSerializerField(label=_("政策依据"), max_length=500, required=False, allow_blank=True, default="")


class CloseInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    households_helped = serializers.IntegerField(min_value=0, max_value=100000, required=False, default=0)


class ConsultInputSerializer(serializers.Serializer):
    department = SlotRelatedField(slot=departments_active, help_text=_("部门编号"))
    question = PlainTextSerializerField(label=_("咨询问题"), multiline=True, max_length=2000)


class MergeInputSerializer(serializers.Serializer):
    into_code = serializers.CharField(label=_("合并到（查询码）"), max_length=20, help_text=_("合并到的诉求的查询码"))


class ReasonInputSerializer(serializers.Serializer):
    reason = PlainTextSerializerField(label=_("理由"), multiline=True, max_length=500)


class OptionalReasonInputSerializer(serializers.Serializer):
    reason = PlainTextSerializerField(
        label=_("说明"), multiline=True, max_length=500, required=False, allow_blank=True, default=""
    )


class NoteInputSerializer(serializers.Serializer):
    text = PlainTextSerializerField(label=_("内部备注"), multiline=True, max_length=2000)


class CoMemberInviteInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        help_text=_("委员编号：在职委员，承办委员和已邀请的除外"),
        error_messages={"does_not_exist": _("所选委员不能邀请为协办委员。")},
    )
    note = PlainTextSerializerField(label=_("邀请说明"), max_length=200, required=False, allow_blank=True, default="")

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's CoMemberInviteForm offers the same members.
        if petition is not None:
            from petitions.selectors.staff import co_member_candidates

            self.fields["member"].queryset = co_member_candidates(petition=petition)


class CoMemberRemoveInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(),
        help_text=_("协办委员的委员编号"),
        error_messages={"does_not_exist": _("该委员不是本件的协办委员。")},
    )


class FollowUpInputSerializer(serializers.Serializer):
    reached = serializers.BooleanField(label=_("是否联系上群众"))
    satisfied = serializers.BooleanField(
        label=_("群众是否满意"),
        allow_null=True,
        required=False,
        default=None,
        help_text="null when the citizen was not reached or not asked.",
    )
    note = PlainTextSerializerField(
        label=_("回访记录"), multiline=True, max_length=1000, required=False, allow_blank=True, default=""
    )


class FollowUpOutputSerializer(serializers.Serializer):
    """The recorded call, and what it did to the case: `reopened`, or why an unsatisfied call did not
    reopen it (`not_reopened_because`: the case was reopened once already)."""

    id = serializers.IntegerField(source="follow_up.pk")
    called_at = serializers.DateTimeField(source="follow_up.called_at")
    reached = serializers.BooleanField(source="follow_up.reached")
    satisfied = serializers.BooleanField(source="follow_up.satisfied", allow_null=True)
    note = serializers.CharField(source="follow_up.note")
    reopened = serializers.BooleanField()
    not_reopened_because = serializers.CharField()
