from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from common.widgets import DateInput
from departments.forms import MultipleFileField
from departments.models import Department
from members.models import Member, Sector
from topics.choices import ActivityKind, OutcomeKind

FILES_LABEL = _("附件（可多选，PDF/图片/Word/Excel）")


def _members():
    return Member.objects.filter(is_active=True).select_related("user")


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProposeForm(forms.Form):
    title = PlainTextField(label=_("课题名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    summary = PlainTextField(
        label=_("课题说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class GroupForm(forms.Form):
    lead = MemberChoice(label=_("牵头委员"), queryset=None)
    members = MembersChoice(label=_("调研组成员"), queryset=None, required=False)
    sectors = forms.ModelMultipleChoiceField(
        label=_("参与界别（留空按成员所在界别）"), queryset=Sector.objects.all(), required=False
    )
    departments = forms.ModelMultipleChoiceField(label=_("涉及部门"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _members()
        self.fields["members"].queryset = _members()
        self.fields["departments"].queryset = Department.objects.all()


class DeclineForm(forms.Form):
    reason = PlainTextField(label=_("不予采纳的理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MilestoneForm(forms.Form):
    title = PlainTextField(label=_("工作节点"), max_length=200)
    due_date = forms.DateField(label=_("完成期限"), widget=DateInput())


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput())
    place = PlainTextField(label=_("地点"), max_length=200)
    participants = MembersChoice(label=_("参加委员"), queryset=None, required=False)
    notes = PlainTextField(
        label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    files = MultipleFileField(label=FILES_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _members()


class ReportForm(forms.Form):
    summary = PlainTextField(label=_("调研报告摘要"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    files = MultipleFileField(label=_("调研报告文件"), required=False)


class MeetingForm(forms.Form):
    title = PlainTextField(label=_("会议名称"), max_length=200, initial=_("议政性常委会议"))
    date = forms.DateField(label=_("会议日期"), widget=DateInput())
    place = PlainTextField(label=_("地点"), max_length=200, required=False)
    participants = MembersChoice(label=_("参会委员"), queryset=None, required=False)
    departments = forms.ModelMultipleChoiceField(label=_("邀请部门"), queryset=None, required=False)
    minutes = PlainTextField(
        label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False
    )
    files = MultipleFileField(label=FILES_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _members()
        self.fields["departments"].queryset = Department.objects.all()


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果类型"), choices=OutcomeKind.choices)
    title = PlainTextField(label=_("成果名称"), max_length=200)
    document_ref = PlainTextField(label=_("文件文号"), max_length=100, required=False)
    date = forms.DateField(label=_("日期"), widget=DateInput())
    description = PlainTextField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
