"""Accounts forms: the sign-in forms (saying "locked out" instead of "wrong password" when it is so)
and the second factor's code."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.lockout import lockout_message


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
