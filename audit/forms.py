from django import forms
from django.utils.translation import gettext_lazy as _

from audit.choices import AccessKind
from common.widgets import DateInput


def _normalize_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class AccessLogFilterForm(forms.Form):
    who = forms.CharField(label=_("用户"), max_length=150, required=False)
    tracking_code = forms.CharField(label=_("查询码"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("全部")), *AccessKind.choices], required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())

    def clean_who(self):
        return self.cleaned_data["who"].strip()

    def clean_tracking_code(self):
        return _normalize_code(self.cleaned_data["tracking_code"])
