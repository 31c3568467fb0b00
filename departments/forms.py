from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from common.widgets import DateInput


class AnswerForm(forms.Form):
    answer = PlainTextField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class ContestForm(forms.Form):
    reason = PlainTextField(label=_("退单理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    result = PlainTextField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    files = MultipleFileField(label=_("附件（可多选，PDF/图片/Word/Excel）"), required=False)


class ExtensionForm(forms.Form):
    new_due_date = forms.DateField(label=_("申请延期至"), widget=DateInput())
    reason = PlainTextField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EmptyForm(forms.Form):
    pass
