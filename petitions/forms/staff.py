"""Forms of the casework pages. They validate input; the services decide what is allowed."""

from django import forms
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from members.models import Member
from petitions.choices import Outcome, Status, Track
from petitions.models import Category
from petitions.selectors.staff import inbox_filter_categories
from petitions.slots import answers_active, departments_active


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none(), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部状态")), *Status.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = inbox_filter_categories(current=self.data.get("category"))


class TriageForm(forms.Form):
    # An empty first option: a hurried submit must not pick the first track for the member.
    track = forms.TypedChoiceField(
        label=_("办理方式"),
        choices=[("", _("请选择办理方式")), *Track.choices],
        coerce=int,
        empty_value=None,
        error_messages={"required": _("请先选择办理方式。")},
    )


class ReplyForm(forms.Form):
    message = PlainTextField(label=_("答复群众"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    knowledge_entry = forms.ModelChoiceField(
        label=_("引用知识库条目"), queryset=None, required=False, widget=forms.HiddenInput
    )
    policy = PlainTextField(label=_("政策依据"), required=False, max_length=500)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The knowledge base sits above petitions and hands its entries down (petitions.slots);
        # `body` (the case's CPPCC body) keeps them to its own and those shared from above.
        entries = answers_active()
        if body is not None:
            entries = entries.filter(Q(body=body) | Q(body_id__in=body.ancestor_ids, shared_with_below=True))
        self.fields["knowledge_entry"].queryset = entries


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices)
    households_helped = forms.IntegerField(label=_("帮助困难群众户数"), min_value=0, max_value=100000, initial=0)

    def __init__(self, *args, track=None, **kwargs):
        super().__init__(*args, **kwargs)
        from petitions.services.handling import TRACK_OUTCOMES

        if track in TRACK_OUTCOMES:
            allowed = TRACK_OUTCOMES[track]
            self.fields["outcome"].choices = [(value, label) for value, label in Outcome.choices if value in allowed]


class ReplyCloseForm(ReplyForm):
    """The reply form's fields and the close form's, for 答复并办结 in one submit."""

    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=Outcome.choices,
        required=False,
        help_text=_("只发送答复时不必填写；选择“答复并办结”时必填。"),
    )
    households_helped = forms.IntegerField(
        label=_("帮助困难群众户数"), min_value=0, max_value=100000, initial=0, required=False
    )

    def __init__(self, *args, track=None, **kwargs):
        super().__init__(*args, **kwargs)
        from petitions.services.handling import TRACK_OUTCOMES

        allowed = TRACK_OUTCOMES.get(track, set(Outcome.values))
        self.fields["outcome"].choices = [
            ("", _("请选择办理结果")),
            *[(value, label) for value, label in Outcome.choices if value in allowed],
        ]

    def clean_outcome(self):
        outcome = self.cleaned_data.get("outcome")
        if not outcome:
            raise forms.ValidationError(_("请选择办理结果，再答复并办结。"))
        return outcome

    def clean_households_helped(self):
        return self.cleaned_data.get("households_helped") or 0


class ConsultForm(forms.Form):
    department = forms.ModelChoiceField(label=_("咨询部门"), queryset=None)
    question = PlainTextField(label=_("咨询问题"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        # `body` (the case's CPPCC body): its departments and those of the bodies above, its own first.
        departments = departments_active()
        if body is not None:
            departments = departments.filter(body_id__in=body.chain_ids).order_by(
                Case(When(body_id=body.pk, then=0), default=1), "name"
            )
        self.fields["department"].queryset = departments


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("委员"), queryset=Member.objects.none())
    reason = PlainTextField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, workstation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workstation is not None:
            self.fields["member"].queryset = (
                Member.objects.active().filter(workstations=workstation).select_related("user")
            )


class MergeForm(forms.Form):
    into_code = forms.CharField(label=_("合并到（查询码）"), max_length=20)


class ReasonForm(forms.Form):
    reason = PlainTextField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class OptionalReasonForm(forms.Form):
    reason = PlainTextField(label=_("说明"), required=False, max_length=500)


class NoteForm(forms.Form):
    text = PlainTextField(label=_("内部备注"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EmptyForm(forms.Form):
    pass


class UrgentForm(forms.Form):
    """The liaison officer's urgent mark: "1" marks the case urgent, "0" takes the mark off."""

    urgent = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class ContactEraseForm(forms.Form):
    """A citizen's request to delete their personal data: the staff member confirms it, as it
    cannot be undone."""

    confirm = forms.BooleanField(
        label=_("我已核实是群众本人的要求，确认删除其姓名、联系方式、住址和照片（不可恢复）"),
        required=True,
        error_messages={"required": _("请勾选确认后再删除群众个人信息。")},
    )


class MemberWithSectorChoiceField(forms.ModelChoiceField):
    """A member picker that says who is who across sectors: "李委员（经济界）"."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.sector.label}）"


class CoMemberInviteForm(forms.Form):
    """The lead or the liaison officer invites a co-member (协办委员): any active member but the
    lead and those already invited, from every workstation and sector."""

    member = MemberWithSectorChoiceField(
        label=_("协办委员"),
        queryset=Member.objects.none(),
        empty_label=_("请选择委员"),
        error_messages={"invalid_choice": _("所选委员不能邀请为协办委员。"), "required": _("请选择委员。")},
    )
    note = PlainTextField(label=_("邀请说明"), required=False, max_length=200)

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        from petitions.selectors.staff import co_member_candidates

        if petition is not None:
            self.fields["member"].queryset = co_member_candidates(petition=petition)


class CoMemberRemoveForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("该委员不是本件的协办委员。")},
    )


class FollowUpForm(forms.Form):
    """A follow-up call (回访) on a closed case: reached or not, satisfied or not (blank when not
    reached or not asked), and what was said."""

    reached = forms.TypedChoiceField(
        label=_("是否联系上群众"),
        choices=[("1", _("已联系上")), ("0", _("未联系上"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否联系上群众。")},
    )
    satisfied = forms.TypedChoiceField(
        label=_("群众是否满意"),
        choices=[("", _("未询问")), ("1", _("满意")), ("0", _("不满意"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    note = PlainTextField(
        label=_("回访记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000
    )

    def clean(self):
        data = super().clean()
        if data.get("reached") is False and data.get("satisfied") is not None:
            self.add_error("satisfied", _("没有联系上群众，不能记录群众是否满意。"))
        return data
