"""Accounts forms: the sign-in forms (saying "locked out" instead of "wrong password" when it is so)
and the second factor's code."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.choices import ContactChannel
from accounts.lockout import lockout_message
from accounts.models import User
from common import phones
from common.text import PlainTextField


class LockoutMessageMixin:
    """authenticate() answers None both for a wrong password and for a locked-out attempt; the
    lockout backend marks the request in the second case (request.axes_locked_out)."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class SigninForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AdminSigninForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass


class CodeForm(forms.Form):
    """One code: the six digits an authenticator app shows, or (at sign-in) a recovery code."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}),
    )


class ApiTokenIssueForm(forms.Form):
    """Issue an API token: which system, acting as which active user, for how long, read-only or not."""

    client_name = PlainTextField(label=_("接入系统名称"), max_length=100)
    user = forms.ModelChoiceField(label=_("代表的用户"), queryset=None)
    days = forms.IntegerField(label=_("有效期（天）"), min_value=1)
    read_only = forms.BooleanField(label=_("只读（只能查询，不能修改）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["days"].max_value = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        self.fields["days"].widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].initial = settings.API_TOKEN_DEFAULT_DAYS


class ProfileForm(forms.Form):
    """The profile page: how the person is told of new work, and their quiet hours."""

    contact_channel = forms.ChoiceField(label=_("通知方式"), choices=ContactChannel.choices, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    quiet_start = forms.TimeField(label=_("免打扰开始"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_end = forms.TimeField(
        label=_("免打扰结束"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("免打扰时段内的短信推迟到结束时发送（联络员标记为紧急的诉求除外）；站内通知和电子邮件即时送达。"),
    )

    def clean_phone(self):
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return ""
        try:
            return phones.phone_normalize(raw)
        except phones.PhoneInvalid:
            raise ValidationError(_("请输入正确的 11 位手机号码，例如 13800138000。"), code="phone") from None

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("contact_channel")
        if channel == ContactChannel.SMS and not cleaned.get("phone"):
            self.add_error("phone", _("选择短信通知时，请填写手机号。"))
        if channel == ContactChannel.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("选择电子邮件通知时，请填写电子邮箱。"))
        return cleaned
