"""Sessions: a new id at sign-in, idle and absolute time-outs, and sign-out ending every session."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import User
from accounts.services import user_deactivate
from tests.accounts.signin_helpers import PASSWORD, T0, sign_in, signed_in_user_id
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/password_change/"  # any page that needs a signed-in user
IDLE = "您已超过 30 分钟未操作，为保护数据已自动退出，请重新登录。"
ABSOLUTE = "本次登录已超过 12 小时，为保护数据已自动退出，请重新登录。"


@pytest.fixture
def user():
    return UserFactory(username="wangfang")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def at(clock, **delta):
    clock.move_to(T0 + datetime.timedelta(**delta), tick=False)


def test_signing_in_gives_a_new_session_id(client, user):
    before = client.session
    before["chosen"] = "zh-hans"
    before.save()
    old_key = before.session_key
    client.cookies["sessionid"] = old_key

    sign_in(client, "wangfang", PASSWORD)

    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert signed_in_user_id(client) == str(user.pk)


def test_the_session_cookie_lasts_no_longer_than_the_absolute_limit(client, user):
    response = sign_in(client, "wangfang", PASSWORD)

    assert response.cookies["sessionid"]["max-age"] == 12 * 3600


def test_an_idle_session_ends_and_the_sign_in_page_says_why_keeping_next(client, user, clock):
    sign_in(client, "wangfang", PASSWORD)
    at(clock, minutes=29)
    assert client.get(PAGE).status_code == 200  # a request within the limit keeps it alive

    at(clock, minutes=29 + 29)
    still = client.get(PAGE)
    at(clock, minutes=29 + 29 + 30)
    expired = client.get(PAGE)
    login_page = client.get(expired["Location"])

    assert still.status_code == 200
    assert expired.status_code == 302
    assert expired["Location"] == "/accounts/login/?next=/accounts/password_change/"
    assert IDLE in login_page.content.decode()
    assert 'name="next" value="/accounts/password_change/"' in login_page.content.decode()
    assert signed_in_user_id(client) is None


def test_the_idle_limit_comes_from_the_settings(client, user, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    sign_in(client, "wangfang", PASSWORD)

    at(clock, minutes=4, seconds=59)
    within = client.get(PAGE)
    at(clock, minutes=4 + 5, seconds=59)
    after = client.get(PAGE)

    assert within.status_code == 200
    assert after.status_code == 302


def test_a_busy_session_still_ends_after_the_absolute_limit(client, user, clock):
    sign_in(client, "wangfang", PASSWORD)
    for minutes in range(20, 12 * 60, 20):
        at(clock, minutes=minutes)
        assert client.get(PAGE).status_code == 200, minutes

    at(clock, hours=12)
    expired = client.get(PAGE)
    login_page = client.get(expired["Location"])

    assert expired["Location"] == "/accounts/login/?next=/accounts/password_change/"
    assert ABSOLUTE in login_page.content.decode()
    assert signed_in_user_id(client) is None


def test_signing_in_again_after_a_time_out_starts_new_clocks(client, user, clock):
    sign_in(client, "wangfang", PASSWORD)
    at(clock, hours=1)
    client.get(PAGE)
    sign_in(client, "wangfang", PASSWORD)

    at(clock, hours=1, minutes=10)

    assert client.get(PAGE).status_code == 200


def test_signing_out_ends_the_user_s_sessions_in_every_browser(user):
    phone, desk, colleague = Client(), Client(), Client()
    sign_in(phone, "wangfang", PASSWORD)
    sign_in(desk, "wangfang", PASSWORD)
    UserFactory(username="lihua")
    sign_in(colleague, "lihua", PASSWORD)

    desk.post("/accounts/logout/")

    assert phone.get(PAGE)["Location"] == "/accounts/login/?next=/accounts/password_change/"
    assert desk.get(PAGE).status_code == 302
    assert colleague.get(PAGE).status_code == 200
    # The user can sign in again afterwards.
    assert sign_in(phone, "wangfang", PASSWORD).status_code == 302
    assert phone.get(PAGE).status_code == 200


def test_signing_out_of_the_admin_ends_the_other_sessions_too():
    UserFactory(username="root", is_staff=True, is_superuser=True)
    phone, desk = Client(), Client()
    sign_in(phone, "root", PASSWORD)
    sign_in(desk, "root", PASSWORD, path="/admin/login/")

    desk.post("/admin/logout/")

    assert phone.get(PAGE).status_code == 302


def test_deactivating_a_user_ends_their_sessions_even_if_reactivated(user):
    phone = Client()
    sign_in(phone, "wangfang", PASSWORD)

    user_deactivate(user=user)
    User.objects.filter(pk=user.pk).update(is_active=True)

    assert phone.get(PAGE).status_code == 302
    assert sign_in(phone, "wangfang", PASSWORD).status_code == 302


def _admin_change(admin, user, **changes):
    """POST the admin's change form for user as it stands, with changes (False: a box unticked)."""
    url = f"/admin/accounts/user/{user.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": form["date_joined"].value().strftime("%Y-%m-%d"),
        "date_joined_1": form["date_joined"].value().strftime("%H:%M:%S"),
    }
    for name, value in changes.items():
        if value is False:
            data.pop(name)
        else:
            data[name] = value
    return admin.post(url, data)


def test_deactivating_a_user_in_the_admin_ends_their_sessions(user):
    phone, admin = Client(), Client()
    sign_in(phone, "wangfang", PASSWORD)
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = _admin_change(admin, user, is_active=False)

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.is_active is False
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert phone.get(PAGE).status_code == 302


def test_editing_a_user_in_the_admin_without_deactivating_keeps_their_sessions(user):
    phone, admin = Client(), Client()
    sign_in(phone, "wangfang", PASSWORD)
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = _admin_change(admin, user, phone="13800000000")

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.phone == "13800000000"
    assert phone.get(PAGE).status_code == 200


def test_a_session_survives_a_secret_key_rotation_with_the_old_key_as_fallback(client, user, settings):
    sign_in(client, "wangfang", PASSWORD)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only"

    assert client.get(PAGE).status_code == 200
