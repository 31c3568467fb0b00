"""Forms of the public-opinion report pages. They validate input; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField


class OpinionReportForm(forms.Form):
    title = PlainTextField(label=_("标题"), max_length=200)
    source = PlainTextField(label=_("来源/反映人"), max_length=200)
    situation = PlainTextField(
        label=_("基本情况"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("已根据来源诉求自动填写，群众姓名、电话、住址等个人信息已去除，请核对。"),
    )
    analysis = PlainTextField(
        label=_("原因分析"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggestions = PlainTextField(label=_("意见建议"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class OpinionForwardForm(forms.Form):
    receiving_body = PlainTextField(label=_("接收单位"), max_length=100, help_text=_("例如：市政协社情民意信息室"))
    receiving_reference = PlainTextField(label=_("接收编号"), max_length=50)
    forwarded_at = forms.DateField(
        label=_("报送日期"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
