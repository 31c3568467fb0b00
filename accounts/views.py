"""Sign-in pages: the login view with the lockout-aware form, the lockout list for office staff, and
the second-factor pages (enrol an authenticator app, enter a code after the password, see or replace
the recovery codes; the middleware, accounts.middleware, sends staff there)."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services, signals
from accounts.forms import ApiTokenIssueForm, CodeForm, ProfileForm, SigninForm
from accounts.landing import landing_url
from accounts.selectors import recovery_codes_remaining, second_factor_required, totp_device_get_confirmed
from accounts.services import (
    SESSION_SECOND_FACTOR_PENDING,
    recovery_codes_generate,
    second_factor_check,
    totp_device_confirm,
    totp_device_start,
)
from common.qr import qr_svg_inline


class SigninView(LoginView):
    """Django's own login view; the form names a lockout as such, and without a safe ``?next=`` the
    person lands on their role's page (accounts.landing) rather than one page for everyone."""

    authentication_form = SigninForm

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


signin = SigninView.as_view()


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


# Recovery codes wait here between their creation and the one page that shows them.
SESSION_NEW_RECOVERY_CODES = "accounts_new_recovery_codes"


def _next_url(request) -> str:
    """Where to go afterwards: ?next= (or the form's next) if it is a page of this site, else the
    role's own page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    if url and safe:
        return url
    return landing_url(request.user)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _refusal_message(check) -> str:
    if check.locked_until is not None:
        seconds = max(1, int((check.locked_until - timezone.now()).total_seconds() + 0.999))
        return _("错误次数过多，请 %(seconds)d 秒后再试。") % {"seconds": seconds}
    if check.method == "recovery_code":
        return _("恢复码不正确或已经用过，请重新输入。")
    return _("验证码不正确，请输入身份验证器应用中当前显示的6位数字。")


def _failed(request, check) -> None:
    signals.second_factor_failed.send(
        sender=request.user.__class__,
        user=request.user,
        request=request,
        method=str(check.method) if check.method else None,
        reason="throttled" if check.locked_until is not None else "invalid",
    )


def _verified(request, device) -> None:
    # A session that gains a factor gets a new key, like one that signs in.
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(SESSION_SECOND_FACTOR_PENDING, None)


def _secret_for_display(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrolment (QR code, secret in text, a first code to confirm), or, once enrolled, the status."""
    user = request.user
    next_url = _next_url(request)
    if totp_device_get_confirmed(user=user) is not None:
        return render(
            request,
            "accounts/two_factor_status.html",
            {
                "required": second_factor_required(user),
                "verified": user.is_verified(),
                "remaining": recovery_codes_remaining(user=user),
                "next": next_url,
            },
        )
    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = totp_device_confirm(user=user, device_id=device.pk, code=form.cleaned_data["code"])
        if check.ok:
            _verified(request, check.device)
            request.session[SESSION_NEW_RECOVERY_CODES] = recovery_codes_generate(user=user)
            signals.second_factor_enrolled.send(sender=user.__class__, user=user, request=request)
            return redirect(_with_next("accounts:recovery_codes", next_url))
        _failed(request, check)
        form.add_error("code", _refusal_message(check))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            # segno's SVG: paths and attributes, no script or style.
            "qr_svg": mark_safe(qr_svg_inline(device.config_url, scale=5)),  # noqa: S308
            "secret": _secret_for_display(device),
            "required": second_factor_required(user),
            "next": next_url,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of sign-in: a code from the app, or a recovery code."""
    user = request.user
    next_url = _next_url(request)
    if totp_device_get_confirmed(user=user) is None:
        return redirect(_with_next("accounts:two_factor", next_url))
    if user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor_check(user=user, code=form.cleaned_data["code"])
        if check.ok:
            _verified(request, check.device)
            signals.second_factor_verified.send(
                sender=user.__class__, user=user, request=request, method=str(check.method)
            )
            if check.method == "recovery_code":
                messages.warning(
                    request,
                    _("已使用一个恢复码，还剩 %(count)d 个。") % {"count": recovery_codes_remaining(user=user)},
                )
            return redirect(next_url)
        _failed(request, check)
        form.add_error("code", _refusal_message(check))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """GET: the codes just created (shown this once), or how many are left. POST: new codes, which
    only a session that passed the second factor may ask for."""
    user = request.user
    next_url = _next_url(request)
    if totp_device_get_confirmed(user=user) is None:
        return redirect(_with_next("accounts:two_factor", next_url))
    if request.method == "POST":
        if not user.is_verified():
            return redirect(_with_next("accounts:two_factor_verify", reverse("accounts:recovery_codes")))
        request.session[SESSION_NEW_RECOVERY_CODES] = recovery_codes_generate(user=user)
        signals.recovery_codes_regenerated.send(sender=user.__class__, user=user, request=request)
        return redirect(_with_next("accounts:recovery_codes", next_url))
    codes = request.session.pop(SESSION_NEW_RECOVERY_CODES, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "remaining": recovery_codes_remaining(user=user),
            "verified": user.is_verified(),
            "next": next_url,
        },
    )


def _require_token_manager(user):
    if not user.has_perm(services.MANAGE_API_TOKENS):
        raise PermissionDenied


def _token_page(request, *, form, issued=None, status=200):
    return render(
        request,
        "accounts/api_token_list.html",
        {"form": form, "tokens": selectors.api_token_list(), "issued": issued, "now": timezone.now()},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_list(request):
    """`/accounts/tokens/`: the API tokens of other systems, and a form to issue one. A token just
    issued is shown in this one response (never stored, never shown again)."""
    _require_token_manager(request.user)
    if request.method == "GET":
        return _token_page(request, form=ApiTokenIssueForm())
    form = ApiTokenIssueForm(request.POST)
    if not form.is_valid():
        return _token_page(request, form=form, status=400)
    issued = services.api_token_issue(actor=request.user, **form.cleaned_data)
    return _token_page(request, form=ApiTokenIssueForm(), issued=issued)


@login_required
@require_POST
def api_token_revoke(request, pk):
    _require_token_manager(request.user)
    if services.api_token_revoke(actor=request.user, token_id=pk):
        messages.success(request, _("令牌已吊销，使用它的系统将立即无法访问。"))
    return redirect("accounts:api_tokens")


# --- notifications and the profile ---------------------------------------------------------------

NOTIFICATIONS_PER_PAGE = 30


@login_required
@never_cache
def notification_list(request):
    """`/notifications/`: what the person was told, newest first; unread ones marked."""
    page = Paginator(selectors.notification_list(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go where it points (an internal path only)."""
    row = services.notification_mark_read(user=request.user, notification_id=pk)
    if row is None:
        raise Http404
    target = row.link if row.link.startswith("/") and not row.link.startswith("//") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """`/accounts/profile/`: how the person is told of new work, and their quiet hours."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(user=user, **form.cleaned_data)
            messages.success(request, _("通知设置已保存。"))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "contact_channel": user.contact_channel,
                "phone": user.phone,
                "email": user.email,
                "quiet_start": user.quiet_start,
                "quiet_end": user.quiet_end,
            }
        )
    return render(request, "accounts/profile.html", {"form": form})
