"""Security events arrive as signals (Django's sign-in signals, django-axes' lockout, the 2FA
signals of accounts): each receiver writes one access-log row and nothing else."""

import importlib
import importlib.util

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from audit.choices import AccessKind
from audit.services import access_record

# accounts.signals (the second factor), connected by name when the module and the signal exist.
# Each is sent with user and request; the verify/fail ones add method and, for failures, reason.
SECOND_FACTOR_SIGNALS = {
    "second_factor_verified": AccessKind.SECOND_FACTOR_OK,
    "second_factor_failed": AccessKind.SECOND_FACTOR_FAILED,
    "second_factor_enrolled": AccessKind.SECOND_FACTOR_ENROLLED,
    "recovery_codes_regenerated": AccessKind.RECOVERY_CODES_REGENERATED,
}


def on_logged_in(sender, request=None, user=None, **kwargs):
    access_record(kind=AccessKind.LOGIN, user=user, request=request)


def on_logged_out(sender, request=None, user=None, **kwargs):
    access_record(kind=AccessKind.LOGOUT, user=user, request=request)


def on_login_failed(sender, credentials=None, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the typed name is kept.
    username = str((credentials or {}).get("username", ""))
    access_record(kind=AccessKind.LOGIN_FAILED, request=request, actor_label=username, user=None)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    row = access_record(kind=AccessKind.LOCKED_OUT, request=request, actor_label=username or "", user=None)
    return row


def _second_factor_receiver(kind):
    def receiver(sender, user=None, request=None, method=None, reason=None, **kwargs):
        # How (totp / recovery_code) and why refused (invalid / throttled); never the code itself.
        detail = " ".join(f"{key}={value}" for key, value in (("method", method), ("reason", reason)) if value)
        access_record(kind=kind, user=user, request=request, detail=detail)

    receiver.__name__ = f"on_{kind}"
    return receiver


_second_factor_receivers = {name: _second_factor_receiver(kind) for name, kind in SECOND_FACTOR_SIGNALS.items()}


def receivers_connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    if apps.is_installed("axes"):
        from axes.signals import user_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="audit.locked_out")
    if importlib.util.find_spec("accounts.signals") is not None:
        module = importlib.import_module("accounts.signals")
        for name, receiver in _second_factor_receivers.items():
            signal = getattr(module, name, None)
            if signal is not None:
                signal.connect(receiver, dispatch_uid=f"audit.{name}")
