"""The second factor: staff who must use it reach nothing with a password alone; a code from their
authenticator app or a recovery code (once) lets them in; wrong codes are refused and throttled."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import signals
from accounts.roles import Role
from accounts.services import recovery_codes_generate
from common.qr import qr_svg_inline
from tests import factories
from tests.totp import key_from_secret, totp_code
from tests.workflow_helpers import snapshot, submitted_proposal

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
WRONG_TOTP = "验证码不正确，请输入身份验证器应用中当前显示的6位数字。"
WRONG_RECOVERY = "恢复码不正确或已经用过，请重新输入。"

SECOND_FACTOR_REQUIRED = {"code": "second_factor_required", "detail": "请先完成双因素认证。", "fields": {}}


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def events():
    """The second-factor signals sent during the test, as (signal name, user, method, reason)."""
    sent = []

    def receiver(name):
        def receive(sender, user, request, **kwargs):
            sent.append((name, user.username, kwargs.get("method"), kwargs.get("reason")))

        return receive

    receivers = {
        signal: receiver(name)
        for name, signal in [
            ("verified", signals.second_factor_verified),
            ("failed", signals.second_factor_failed),
            ("enrolled", signals.second_factor_enrolled),
            ("regenerated", signals.recovery_codes_regenerated),
        ]
    }
    for signal, receive in receivers.items():
        signal.connect(receive)
    yield sent
    for signal, receive in receivers.items():
        signal.disconnect(receive)


@pytest.fixture
def staff_reviewer(db):
    return factories.UserFactory(username="reviewer", roles=[Role.REVIEWER], is_staff=True)


def _enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def _sign_in(client, user, next_url="/review/"):
    """The password step, through the real sign-in form."""
    return client.post(reverse("login"), {"username": user.username, "password": "pass-word-123", "next": next_url})


def _verify(client, code, next_url="/review/"):
    return client.post(reverse("accounts:two_factor_verify"), {"code": code, "next": next_url})


def _errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors["code"]]


# --- enforcement -------------------------------------------------------------------------------


def test_a_reviewer_without_an_app_is_sent_to_enrol_from_the_review_queue_and_the_admin(
    required, client, staff_reviewer
):
    # given: a reviewer who signed in with a password and has no authenticator app yet
    client.force_login(staff_reviewer)

    # when: they open the review queue, the admin and an API endpoint
    review = client.get("/review/")
    admin = client.get("/admin/")
    api = client.get("/api/v1/stats/summary/")

    # then: the pages send them to enrolment, remembering where they were going, and show nothing
    assert (review.status_code, review["Location"]) == (302, "/accounts/2fa/?next=%2Freview%2F")
    assert (admin.status_code, admin["Location"]) == (302, "/accounts/2fa/?next=%2Fadmin%2F")
    assert "建议审核".encode() not in review.content
    assert (api.status_code, api.json()) == (403, SECOND_FACTOR_REQUIRED)


def test_a_reviewer_with_an_app_is_sent_to_verify_after_the_password(required, client, staff_reviewer):
    # given: an enrolled reviewer
    _enrol(staff_reviewer)

    # when: they sign in with their password, asking for the review queue
    response = _sign_in(client, staff_reviewer)
    followed = client.get(response["Location"], follow=True)

    # then: they land on the code page, which will send them on to the review queue
    assert followed.redirect_chain == [("/accounts/2fa/verify/?next=%2Freview%2F", 302)]
    assert followed.templates[0].name == "accounts/two_factor_verify.html"
    assert 'name="next" value="/review/"' in followed.content.decode()
    assert client.get("/admin/")["Location"] == "/accounts/2fa/verify/?next=%2Fadmin%2F"


def test_a_totp_code_opens_the_review_queue_and_the_admin(required, client, staff_reviewer, events):
    # given: an enrolled reviewer past the password step
    device = _enrol(staff_reviewer)
    _sign_in(client, staff_reviewer)

    # when: they enter the code their app shows (computed here from the device's key)
    response = _verify(client, totp_code(device.bin_key))

    # then: they go where they were going, and every page opens
    assert (response.status_code, response["Location"]) == (302, "/review/")
    review = client.get("/review/")
    assert review.status_code == 200
    assert "建议审核" in review.content.decode()
    assert client.get("/admin/").status_code == 200
    assert events == [("verified", "reviewer", "totp", None)]


def test_a_reviewer_with_a_password_only_cannot_act(required, client, staff_reviewer, member, workstation):
    # given: a proposal waiting for review, and an enrolled reviewer past the password step only
    proposal = submitted_proposal(member, workstation)
    _enrol(staff_reviewer)
    client.force_login(staff_reviewer)
    before = snapshot()

    # when: they post an acceptance, on the page and through the API
    page = client.post(reverse("proposals:accept", args=[proposal.pk]), {"title": "改过的标题"})
    api = client.get("/api/v1/stats/summary/")

    # then: both are refused and nothing changed
    assert (page.status_code, page["Location"]) == (
        302,
        f"/accounts/2fa/verify/?next=%2Freview%2F{proposal.pk}%2Faccept%2F",
    )
    assert (api.status_code, api.json()) == (403, SECOND_FACTOR_REQUIRED)
    assert snapshot() == before


def test_the_api_answers_once_verified(required, client, staff_reviewer):
    # given: an enrolled reviewer whose API calls are refused after the password step
    device = _enrol(staff_reviewer)
    client.force_login(staff_reviewer)
    assert client.get("/api/schema/").status_code == 403

    # when: they enter a code
    _verify(client, totp_code(device.bin_key))

    # then: the same session's API calls are answered
    assert client.get("/api/schema/").status_code == 200


def test_a_superuser_is_held_at_the_admin_until_verified(required, client):
    # given: a superuser with an app, signed in with a password
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    device = _enrol(root)
    client.force_login(root)

    # then: the admin sends them to the code page until they enter a code
    assert client.get("/admin/accounts/user/")["Location"] == "/accounts/2fa/verify/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    _verify(client, totp_code(device.bin_key), next_url="/admin/accounts/user/")
    assert client.get("/admin/accounts/user/").status_code == 200


def test_a_recovery_code_works_once(required, client, staff_reviewer, events):
    # given: an enrolled reviewer with ten recovery codes
    _enrol(staff_reviewer)
    codes = recovery_codes_generate(user=staff_reviewer)
    _sign_in(client, staff_reviewer)

    # when: they enter one of them (as printed, in capitals with a space)
    first = _verify(client, f"{codes[3][:4].upper()} {codes[3][4:].upper()}")

    # then: they are in, and nine codes are left
    assert (first.status_code, first["Location"]) == (302, "/review/")
    assert client.get("/review/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff_reviewer).count() == 9

    # when: they sign out, sign in again and enter the same code
    client.post(reverse("logout"))
    _sign_in(client, staff_reviewer)
    again = _verify(client, codes[3])

    # then: it is refused and nothing opens
    assert again.status_code == 200
    assert _errors(again) == [WRONG_RECOVERY]
    assert client.get("/review/")["Location"] == "/accounts/2fa/verify/?next=%2Freview%2F"
    assert StaticToken.objects.filter(device__user=staff_reviewer).count() == 9
    assert events == [
        ("verified", "reviewer", "recovery_code", None),
        ("failed", "reviewer", "recovery_code", "invalid"),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused_and_a_second_one_at_once_is_throttled(required, client, staff_reviewer, events):
    # given: an enrolled reviewer past the password step
    device = _enrol(staff_reviewer)
    _sign_in(client, staff_reviewer)
    right = totp_code(device.bin_key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    # when: they enter a wrong code, then at once the right one
    refused = _verify(client, wrong)
    throttled = _verify(client, right)

    # then: the first is refused, the second is not even tried, and nothing opens
    assert _errors(refused) == [WRONG_TOTP]
    assert _errors(throttled) == ["错误次数过多，请 1 秒后再试。"]
    assert client.get("/review/")["Location"] == "/accounts/2fa/verify/?next=%2Freview%2F"
    device.refresh_from_db()
    assert (device.throttling_failure_count, device.last_t) == (1, -1)
    assert events == [("failed", "reviewer", "totp", "invalid"), ("failed", "reviewer", "totp", "throttled")]

    # when: the lock has passed
    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):
        accepted = _verify(client, totp_code(device.bin_key))

    # then: the right code is accepted
    assert accepted["Location"] == "/review/"


@time_machine.travel(NOW, tick=False)
def test_the_lock_doubles_with_each_failure(required, client, staff_reviewer):
    # given: an app that refused four codes just now
    device = _enrol(staff_reviewer)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=4, throttling_failure_timestamp=NOW)
    client.force_login(staff_reviewer)

    # when: the right code is entered
    response = _verify(client, totp_code(device.bin_key))

    # then: it waits 2^3 seconds
    assert _errors(response) == ["错误次数过多，请 8 秒后再试。"]


def test_a_member_is_not_forced(required, client, member):
    # given: a member who signed in with a password and never enrolled
    client.force_login(member.user)

    # then: their pages open
    assert client.get(reverse("casework:inbox")).status_code == 200


def test_with_the_setting_off_nobody_is_forced(client, staff_reviewer, settings):
    # given: STAFF_2FA_REQUIRED off, a reviewer and a superuser without apps
    assert settings.STAFF_2FA_REQUIRED is False
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)

    # then: both reach their pages with a password alone
    client.force_login(staff_reviewer)
    assert client.get("/review/").status_code == 200
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


def test_whoever_enrolled_is_asked_for_a_code_even_with_the_setting_off(client, member):
    # given: a member who enrolled of their own accord
    device = _enrol(member.user)

    # when: they sign in with their password
    _sign_in(client, member.user, next_url="/inbox/")

    # then: the inbox waits for the code
    assert client.get("/inbox/")["Location"] == "/accounts/2fa/verify/?next=%2Finbox%2F"
    assert _verify(client, totp_code(device.bin_key), next_url="/inbox/")["Location"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200


def test_sign_out_stays_open_to_a_reviewer_who_owes_a_code(required, client, staff_reviewer):
    _enrol(staff_reviewer)
    client.force_login(staff_reviewer)

    response = client.post(reverse("logout"))

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session


def test_next_to_another_site_is_ignored(required, client, staff_reviewer):
    device = _enrol(staff_reviewer)
    client.force_login(staff_reviewer)

    response = _verify(client, totp_code(device.bin_key), next_url="https://evil.example/")

    # the reviewer's own page instead
    assert response["Location"] == "/review/"


# --- enrolment and recovery codes -------------------------------------------------------------


def test_enrolment_shows_the_qr_code_and_secret_then_the_recovery_codes_once(required, client, events):
    # given: office staff signed in with a password, sent to enrol
    office = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])
    client.force_login(office)

    # when: they open the enrolment page
    page = client.get("/accounts/2fa/?next=/dashboard/")

    # then: it shows the QR code of the otpauth URI and the same secret in text
    html = page.content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=office)
    assert device.confirmed is False
    assert key_from_secret(secret) == device.bin_key
    assert device.config_url == (
        f"otpauth://totp/%E5%A7%94%E5%91%98%E5%B7%A5%E4%BD%9C%E5%AE%A4%3Aoffice?secret={secret.replace(' ', '')}"
        "&algorithm=SHA1&digits=6&period=30&issuer=%E5%A7%94%E5%91%98%E5%B7%A5%E4%BD%9C%E5%AE%A4"
    )
    assert qr_svg_inline(device.config_url, scale=5) in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # and reloading keeps the same secret
    assert secret in client.get("/accounts/2fa/").content.decode()

    # when: they confirm with the code their app shows
    confirmed = client.post("/accounts/2fa/", {"code": totp_code(key_from_secret(secret)), "next": "/dashboard/"})

    # then: the app is theirs, this session is verified, and the ten recovery codes are shown once
    assert confirmed["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fdashboard%2F"
    shown = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown)
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=office).values_list("token", flat=True))
    assert len(codes) == 10
    assert 'id="continue" href="/dashboard/"' in shown
    assert re.findall(r"<li>([a-z2-7]{8})</li>", client.get("/accounts/2fa/recovery-codes/").content.decode()) == []
    assert client.get("/dashboard/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert events == [("enrolled", "office", None, None)]


def test_a_wrong_first_code_does_not_enrol(required, client, staff_reviewer, events):
    client.force_login(staff_reviewer)
    client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=staff_reviewer)
    wrong = f"{(int(totp_code(device.bin_key)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/2fa/", {"code": wrong})

    assert _errors(response) == [WRONG_TOTP]
    assert list(TOTPDevice.objects.filter(user=staff_reviewer).values_list("confirmed", flat=True)) == [False]
    assert StaticToken.objects.filter(device__user=staff_reviewer).exists() is False
    assert client.get("/review/")["Location"] == "/accounts/2fa/?next=%2Freview%2F"
    assert events == [("failed", "reviewer", "totp", "invalid")]


def test_an_enrolled_user_cannot_enrol_a_second_app_with_a_password_alone(required, client, staff_reviewer):
    # given: an enrolled reviewer whose password alone is known
    _enrol(staff_reviewer)
    client.force_login(staff_reviewer)

    # when: the enrolment page is opened and posted
    page = client.get("/accounts/2fa/")
    client.post("/accounts/2fa/", {"code": "123456"})

    # then: it only says that the app is set up, and no new device appears
    assert page.templates[0].name == "accounts/two_factor_status.html"
    assert "totp-secret" not in page.content.decode()
    assert TOTPDevice.objects.filter(user=staff_reviewer).count() == 1


@time_machine.travel(NOW, tick=False)
def test_new_recovery_codes_replace_the_old_ones(required, client, staff_reviewer, events):
    # given: a verified reviewer with recovery codes
    device = _enrol(staff_reviewer)
    old = recovery_codes_generate(user=staff_reviewer)
    client.force_login(staff_reviewer)
    _verify(client, totp_code(device.bin_key))

    # when: they ask for new ones
    response = client.post("/accounts/2fa/recovery-codes/")
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response["Location"]).content.decode())

    # then: ten new codes are shown, and only they work
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=staff_reviewer).values_list("token", flat=True)) == set(new)
    client.post(reverse("logout"))
    staff_reviewer.refresh_from_db()  # signing out ended every session: a new generation
    client.force_login(staff_reviewer)
    assert _errors(_verify(client, old[0])) == [WRONG_RECOVERY]
    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):  # past the lock after that failure
        assert _verify(client, new[0])["Location"] == "/review/"
    assert events[1] == ("regenerated", "reviewer", None, None)


def test_recovery_codes_cannot_be_replaced_with_a_password_alone(required, client, staff_reviewer):
    # given: an enrolled reviewer past the password step only
    _enrol(staff_reviewer)
    old = recovery_codes_generate(user=staff_reviewer)
    client.force_login(staff_reviewer)

    # when: new recovery codes are asked for
    response = client.post("/accounts/2fa/recovery-codes/")

    # then: the code page is asked for first, and the old codes stay
    assert response["Location"] == "/accounts/2fa/verify/?next=%2Faccounts%2F2fa%2Frecovery-codes%2F"
    assert set(StaticToken.objects.filter(device__user=staff_reviewer).values_list("token", flat=True)) == set(old)
