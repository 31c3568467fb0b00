"""Security events arrive as signals (Django's sign-in signals, django-axes' lockout, the 2FA
signals of accounts): each receiver writes one access-log row and nothing else."""

import importlib
import importlib.util

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from audit.choices import AccessKind
from audit.services import access_record

# accounts.signals (the second factor) is a colleague's module; connected when it exists.
SECOND_FACTOR_SIGNALS = {
    "second_factor_verified": AccessKind.SECOND_FACTOR_OK,
    "second_factor_failed": AccessKind.SECOND_FACTOR_FAILED,
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
    def receiver(sender, user=None, request=None, **kwargs):
        access_record(kind=kind, user=user, request=request)

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
