"""Sign-in pages: the login view with the lockout-aware form, and the lockout list for office staff."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import SigninForm

# Django's own login view; only the form differs (it names a lockout as such).
signin = LoginView.as_view(authentication_form=SigninForm)


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=150)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("username")) == bool(data.get("ip_address")):
            raise forms.ValidationError(_("请选择要解除锁定的账号或地址。"))
        return data


def _require_unlocker(user):
    if not user.has_perm(services.UNLOCK):
        raise PermissionDenied


@login_required
@never_cache
def lockout_list(request):
    _require_unlocker(request.user)
    return render(
        request,
        "accounts/lockout_list.html",
        {
            "username_locks": selectors.signin_locks_by_username(),
            "address_locks": selectors.signin_locks_by_address(),
        },
    )


@login_required
@require_POST
def lockout_release(request):
    _require_unlocker(request.user)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() + form.errors.get("ip_address", []):
            messages.error(request, error)
        return redirect("accounts:lockouts")
    services.signin_lock_release(actor=request.user, **form.cleaned_data)
    target = form.cleaned_data["username"] or form.cleaned_data["ip_address"]
    messages.success(request, _("已解除 %(target)s 的登录锁定。") % {"target": target})
    return redirect("accounts:lockouts")
