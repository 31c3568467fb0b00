"""Sign-ins, sign-outs, failed sign-ins, lockouts and the second factor: one row each."""

import importlib.machinery
import sys
import types

import pytest
from django.apps import apps
from django.dispatch import Signal
from django.urls import reverse

from audit import receivers
from audit.choices import AccessKind
from audit.models import AccessLog
from audit.services import security_event_record
from tests import factories

pytestmark = pytest.mark.django_db


def _rows():
    return list(AccessLog.objects.order_by("id").values_list("kind", "actor_id", "actor_label", "ip_address"))


def test_a_sign_in_and_a_sign_out(client):
    user = factories.UserFactory(username="officer")
    response = client.post(
        reverse("login"), {"username": "officer", "password": "pass-word-123"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.9")
    assert _rows() == [
        (AccessKind.LOGIN, user.pk, "officer", "10.0.0.9"),
        (AccessKind.LOGOUT, user.pk, "officer", "10.0.0.9"),
    ]


def test_a_failed_sign_in_keeps_the_typed_name_but_never_the_password(client):
    factories.UserFactory(username="officer")
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong-secret-9"})
    assert response.status_code == 200
    assert _rows() == [(AccessKind.LOGIN_FAILED, None, "officer", "127.0.0.1")]
    row = AccessLog.objects.values().get()
    assert "wrong-secret-9" not in " ".join(str(v) for v in row.values())


def test_a_lockout_is_recorded_by_the_receiver(rf):
    request = rf.post("/accounts/login/", REMOTE_ADDR="10.0.0.5")
    receivers.on_locked_out(sender=None, request=request, username="officer", ip_address="10.0.0.5")
    assert _rows() == [(AccessKind.LOCKED_OUT, None, "officer", "10.0.0.5")]


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes is not installed yet")
def test_axes_lockout_signal_is_connected(rf):
    from axes.signals import user_locked_out

    request = rf.post("/accounts/login/", REMOTE_ADDR="10.0.0.5")
    user_locked_out.send(sender="axes", request=request, username="officer", ip_address="10.0.0.5")
    assert _rows() == [(AccessKind.LOCKED_OUT, None, "officer", "10.0.0.5")]


@pytest.fixture
def fake_second_factor_signals(monkeypatch):
    """accounts.signals as the 2FA colleague will define it: two signals sent with user and request."""
    module = types.ModuleType("accounts.signals")
    module.__spec__ = importlib.machinery.ModuleSpec("accounts.signals", loader=None)
    module.second_factor_verified = Signal()
    module.second_factor_failed = Signal()
    module.second_factor_enrolled = Signal()
    module.recovery_codes_regenerated = Signal()
    monkeypatch.setitem(sys.modules, "accounts.signals", module)
    receivers.receivers_connect()
    return module


def test_the_second_factor_signals_connect_by_dotted_path(rf, fake_second_factor_signals):
    user = factories.UserFactory(username="office")
    request = rf.post("/accounts/2fa/", REMOTE_ADDR="10.0.0.3")
    signals = fake_second_factor_signals
    signals.second_factor_enrolled.send(sender=type(user), user=user, request=request)
    signals.second_factor_failed.send(sender=type(user), user=user, request=request, method=None, reason="invalid")
    signals.second_factor_verified.send(sender=type(user), user=user, request=request, method="recovery_code")
    signals.recovery_codes_regenerated.send(sender=type(user), user=user, request=request)
    assert _rows() == [
        (AccessKind.SECOND_FACTOR_ENROLLED, user.pk, "office", "10.0.0.3"),
        (AccessKind.SECOND_FACTOR_FAILED, user.pk, "office", "10.0.0.3"),
        (AccessKind.SECOND_FACTOR_OK, user.pk, "office", "10.0.0.3"),
        (AccessKind.RECOVERY_CODES_REGENERATED, user.pk, "office", "10.0.0.3"),
    ]
    assert list(AccessLog.objects.order_by("id").values_list("detail", flat=True)) == [
        "",
        "reason=invalid",
        "method=recovery_code",
        "",
    ]


def test_security_event_record_for_callers_without_a_signal(rf):
    user = factories.UserFactory(username="office")
    request = rf.get("/x/", REMOTE_ADDR="10.0.0.4")
    security_event_record(kind=AccessKind.SECOND_FACTOR_OK, user=user, request=request)
    assert _rows() == [(AccessKind.SECOND_FACTOR_OK, user.pk, "office", "10.0.0.4")]


def test_security_event_record_refuses_an_access_kind_and_writes_nothing():
    with pytest.raises(ValueError, match="not a security event"):
        security_event_record(kind=AccessKind.CONTACT_VIEW)
    assert _rows() == []


def test_a_permission_refusal_elsewhere_is_recorded(client, reviewer):
    # a reviewer may not record petitions at the intake desk (permission_required raises)
    client.force_login(reviewer)
    before = set(AccessLog.objects.values_list("pk", flat=True))
    response = client.get(reverse("petitions:offline_record"))
    assert response.status_code == 403
    new = AccessLog.objects.exclude(pk__in=before)
    assert list(new.values_list("kind", "actor_id", "path")) == [
        (AccessKind.PERMISSION_DENIED, reviewer.pk, reverse("petitions:offline_record"))
    ]
