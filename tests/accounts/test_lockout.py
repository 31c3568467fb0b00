"""The sign-in lockout: per username and per address, on the sign-in page and the admin alike."""

import datetime

import pytest
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.test import RequestFactory

from accounts.lockout import SigninLocked, signin_failure_report, signin_lockout_check
from tests.accounts.signin_helpers import LOCKED, PASSWORD, T0, attempts, sign_in, signed_in_user_id
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="wangfang")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def test_wrong_passwords_below_the_limit_only_say_the_password_is_wrong(client, user):
    for _ in range(4):
        response = sign_in(client, "wangfang", "wrong-password")

        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert attempts() == [("wangfang", "10.0.0.9", 4)]

    response = sign_in(client, "wangfang", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_the_fifth_failure_locks_and_the_right_password_is_then_refused_with_the_reason(client, user):
    for _ in range(4):
        sign_in(client, "wangfang", "wrong-password")

    fifth = sign_in(client, "wangfang", "wrong-password")
    right = sign_in(client, "wangfang", PASSWORD)

    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert 'id="signin-error"' in right.content.decode()
    assert signed_in_user_id(client) is None
    # Refused while locked: not counted again, so the cool-off still ends when it said.
    assert attempts() == [("wangfang", "10.0.0.9", 5)]


def test_twenty_wrong_passwords_then_the_right_one_does_not_sign_in(client, user):
    for _ in range(20):
        sign_in(client, "wangfang", "wrong-password")

    response = sign_in(client, "wangfang", PASSWORD)

    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_the_lock_ends_after_the_cool_off(client, user, clock):
    for _ in range(5):
        sign_in(client, "wangfang", "wrong-password")

    clock.move_to(T0 + datetime.timedelta(minutes=29, seconds=59), tick=False)
    still_locked = sign_in(client, "wangfang", PASSWORD)
    clock.move_to(T0 + datetime.timedelta(minutes=30, seconds=1), tick=False)
    after = sign_in(client, "wangfang", PASSWORD)

    assert still_locked.status_code == 429
    assert after.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    # Signing in forgets the username's own failures.
    assert attempts() == []


def test_one_person_s_mistakes_do_not_lock_colleagues_behind_the_same_address(client, user):
    UserFactory(username="lihua")
    for _ in range(5):
        sign_in(client, "lihua", "wrong-password")

    response = sign_in(client, "wangfang", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_the_address_limit_comes_from_the_settings(client, user, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 3
    for name in ["a1", "a2", "a3"]:
        sign_in(client, name, "guess")

    response = sign_in(client, "wangfang", PASSWORD)

    assert response.status_code == 429


def test_the_limit_and_the_cool_off_come_from_the_settings(client, user, clock, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
    sign_in(client, "wangfang", "wrong-password")

    second = sign_in(client, "wangfang", "wrong-password")
    clock.move_to(T0 + datetime.timedelta(minutes=5, seconds=1), tick=False)
    after = sign_in(client, "wangfang", PASSWORD)

    assert second.status_code == 429
    assert after.status_code == 302


def test_the_admin_login_is_locked_by_the_same_count(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(3):
        sign_in(client, "root", "wrong-password")
    for _ in range(2):
        sign_in(client, "root", "wrong-password", path="/admin/login/")

    response = sign_in(client, "root", PASSWORD, path="/admin/login/?next=/admin/")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302
    assert attempts() == [("root", "10.0.0.9", 5)]
    assert admin.is_superuser


def test_an_address_is_locked_after_failures_across_usernames(client, user):
    for n in range(19):
        assert sign_in(client, f"a{n}", "guess", address="10.0.0.66").status_code == 200
    assert sign_in(client, "a19", "guess", address="10.0.0.66").status_code == 429

    from_there = sign_in(client, "wangfang", PASSWORD, address="10.0.0.66")
    elsewhere = sign_in(client, "wangfang", PASSWORD, address="10.0.0.7")

    assert from_there.status_code == 429
    assert LOCKED in from_there.content.decode()
    assert elsewhere.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_a_forged_x_forwarded_for_does_not_escape_the_address_lock_without_proxies(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(20):
        sign_in(client, f"a{n}", "guess", address="10.0.0.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = sign_in(client, "wangfang", PASSWORD, address="10.0.0.66", HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert response.status_code == 429
    assert {ip for _u, ip, _n in attempts()} == {"10.0.0.66"}


def test_behind_a_proxy_only_the_address_the_proxy_saw_counts(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(20):
        # The client writes the left part; our proxy appends the address it saw.
        sign_in(client, f"a{n}", "guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")

    attacker = sign_in(
        client, "wangfang", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.7"
    )
    colleague = sign_in(client, "wangfang", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert attacker.status_code == 429
    assert colleague.status_code == 302
    assert {ip for _u, ip, _n in attempts()} == {"203.0.113.7"}


def test_signing_in_does_not_forget_the_address_s_failures_for_other_usernames(client, user):
    for n in range(19):
        sign_in(client, f"a{n}", "guess", address="10.0.0.66")
    assert sign_in(client, "wangfang", PASSWORD, address="10.0.0.66").status_code == 302
    client.logout()

    response = sign_in(client, "a19", "guess", address="10.0.0.66")

    assert response.status_code == 429


def test_the_signals_the_audit_listens_to_carry_the_request(client, user):
    seen = []

    def failed(sender, credentials, request, **kwargs):
        seen.append(("failed", credentials["username"], request.path))

    def locked(sender, request, username, ip_address, **kwargs):
        seen.append(("locked", username, ip_address, request.path))

    def logged_in(sender, request, user, **kwargs):
        seen.append(("in", user.username, request.path))

    user_login_failed.connect(failed)
    user_locked_out.connect(locked)
    user_logged_in.connect(logged_in)
    try:
        sign_in(client, "wangfang", PASSWORD)
        client.logout()
        for _ in range(5):
            sign_in(client, "wangfang", "wrong-password")
        sign_in(client, "wangfang", PASSWORD)
    finally:
        user_login_failed.disconnect(failed)
        user_locked_out.disconnect(locked)
        user_logged_in.disconnect(logged_in)

    # (axes handles user_login_failed before our receiver, and sends user_locked_out from there)
    assert seen == [
        ("in", "wangfang", "/accounts/login/"),
        *[("failed", "wangfang", "/accounts/login/")] * 4,
        ("locked", "wangfang", "10.0.0.9", "/accounts/login/"),
        ("failed", "wangfang", "/accounts/login/"),
        ("locked", "wangfang", "10.0.0.9", "/accounts/login/"),
        ("failed", "wangfang", "/accounts/login/"),
    ]


def test_the_one_lockout_check_for_other_ways_in_such_as_api_tokens(user):
    def request():
        return RequestFactory().post("/api/v1/anything/", REMOTE_ADDR="10.0.0.9")

    signin_lockout_check(request(), username="wangfang")
    for _ in range(5):
        signin_failure_report(request(), username="wangfang")

    with pytest.raises(SigninLocked) as refused:
        signin_lockout_check(request(), username="wangfang")
    assert str(refused.value.message) == LOCKED
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_the_lockout_message_is_in_english_for_an_english_browser(client, user):
    for _ in range(5):
        sign_in(client, "wangfang", "wrong-password", HTTP_ACCEPT_LANGUAGE="en")

    response = sign_in(client, "wangfang", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    assert (
        "Too many failed sign-ins: this account or your network address is locked for 30 minutes. "
        "Try again later, or ask office staff to unlock it."
    ) in response.content.decode()
