"""Forms of the roster pages: they parse input only; the rules live in members.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from common.widgets import DateInput
from members.choices import DutyKind, Slot, Weekday, WeekOfMonth
from members.models import DutyAssignment, Member

MONTH_SCOPE = "month"
REST_OF_YEAR_SCOPE = "rest_of_year"
YEAR_SCOPE = "year"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        label = f"{member.name}（{member.sector.label}）"
        if not member.is_active:
            label += str(_("（不在职）"))
        return label


class PublishedEditMixin(forms.Form):
    """On a published month every edit needs an explicit confirmation and a reason (the service
    refuses otherwise; these fields only carry them)."""

    confirm_published = forms.BooleanField(label=_("确认修改已发布的值班表"), required=False)
    reason = PlainTextField(label=_("修改原因"), max_length=200, required=False)


class DutyAddForm(PublishedEditMixin):
    kind = forms.ChoiceField(label=_("类型"), choices=DutyKind.choices, initial=DutyKind.SLOT)
    member = MemberChoiceField(label=_("委员"), queryset=Member.objects.none())
    date = forms.DateField(label=_("日期"), required=False, widget=DateInput())
    slot = forms.ChoiceField(label=_("时段"), choices=[("", "—"), *Slot.choices], required=False)
    note = PlainTextField(label=_("备注"), max_length=200, required=False)

    field_order = ["kind", "member", "date", "slot", "note", "confirm_published", "reason"]

    def __init__(self, *args, workstation, **kwargs):
        super().__init__(*args, **kwargs)
        # Every member of the workstation, the inactive ones too: the service then says clearly why
        # an inactive member cannot take a duty.
        self.fields["member"].queryset = (
            Member.objects.filter(workstations=workstation)
            .select_related("user", "sector")
            .order_by("-is_active", "user__full_name", "user__username")
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == DutyKind.SLOT and (not data.get("date") or not data.get("slot")):
            raise forms.ValidationError(_("接待时段须填写日期和时段。"))
        return data


class DutyMoveForm(PublishedEditMixin):
    date = forms.DateField(label=_("日期"), required=False, widget=DateInput())
    slot = forms.ChoiceField(label=_("时段"), choices=[("", "—"), *Slot.choices], required=False)
    member = MemberChoiceField(label=_("委员"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args, workstation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(workstations=workstation).select_related(
            "user", "sector"
        )


class DutyRemoveForm(PublishedEditMixin):
    pass


class PublishForm(forms.Form):
    """Publishing a month; the "publish despite gaps" box is offered only when the month has gaps
    (``has_gaps``), the service refusing a month with gaps without it."""

    confirm_uncovered = forms.BooleanField(label=_("确认在有空缺的情况下发布"), required=False)

    def __init__(self, *args, has_gaps: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_gaps:
            del self.fields["confirm_uncovered"]


class GenerateForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("范围"),
        choices=[(MONTH_SCOPE, _("本月")), (REST_OF_YEAR_SCOPE, _("本月起至年底")), (YEAR_SCOPE, _("全年"))],
        initial=MONTH_SCOPE,
    )


class SwapRequestForm(forms.Form):
    target_member = forms.ModelChoiceField(label=_("换给哪位委员"), queryset=Member.objects.none())
    target_duty = forms.ModelChoiceField(
        label=_("交换对方的值班（可不选）"),
        queryset=DutyAssignment.objects.none(),
        required=False,
        help_text=_("不选表示请对方代班；选择则两人互换值班。"),
    )
    reason = PlainTextField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, partners, partner_duties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_member"].queryset = partners
        self.fields["target_member"].label_from_instance = lambda member: member.name
        self.fields["target_duty"].queryset = partner_duties
        self.fields["target_duty"].label_from_instance = lambda duty: (
            f"{duty.member.name} · {duty.roster.workstation.name} · "
            + (
                f"{duty.date:%Y-%m-%d} {duty.get_slot_display()}"
                if duty.date
                else f"{duty.roster.month:%Y-%m} " + str(_("整月"))
            )
        )


class SwapDeclineForm(forms.Form):
    note = PlainTextField(label=_("拒绝理由"), max_length=200, required=False)


class ReceptionRuleForm(forms.Form):
    week_of_month = forms.TypedChoiceField(
        label=_("第几周"),
        choices=[("", _("每周")), *WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Weekday.choices, coerce=int)
    slot = forms.ChoiceField(label=_("时段"), choices=Slot.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class UnavailabilityForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), widget=DateInput(attrs={"class": "form-control"}))
    end = forms.DateField(label=_("结束日期"), widget=DateInput(attrs={"class": "form-control"}))
    reason = PlainTextField(
        label=_("原因（选填）"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
