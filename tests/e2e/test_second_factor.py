"""The second factor on a phone: office staff enrol an authenticator app at their first sign-in,
then sign in again with a password and a code."""

import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.totp import key_from_secret, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def _password_step(page, url):
    page.goto(f"{url}/dashboard/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_office_staff_enrol_sign_out_and_verify_on_a_phone(live_server, phone_page, screenshot, office_staff, settings):
    settings.STAFF_2FA_REQUIRED = True
    page, url = phone_page, live_server.url

    # given office staff signing in with a password for the first time, asking for the dashboard
    _password_step(page, url)

    # then they are asked to set up an app: a QR code that fits the screen and the secret in text
    assert page.url == f"{url}/accounts/2fa/?next=%2Fdashboard%2F"
    assert page.locator("#two-factor-required").is_visible()
    qr = page.locator("#totp-qr svg").bounding_box()
    assert 0 < qr["width"] <= 390 - 24
    secret = page.locator("#totp-secret").inner_text()
    screenshot(page, "enrol")

    # when they type the code the app computes from that secret
    page.fill("#id_code", totp_code(key_from_secret(secret)))
    page.click("#two-factor-form button[type=submit]")

    # then the ten recovery codes are shown once, and the dashboard opens
    codes = page.locator("#recovery-codes li").all_inner_texts()
    stored = StaticToken.objects.filter(device__user=office_staff).values_list("token", flat=True)
    assert sorted(codes) == sorted(stored)
    assert len(codes) == 10
    screenshot(page, "recovery-codes")
    page.click("#continue")
    assert page.url == f"{url}/dashboard/"
    assert page.locator("h1").inner_text().startswith("统计分析")

    # when they sign out (from the collapsed menu) and sign in again with the password
    page.click(".navbar-toggler")
    # the sign-out is a POST: wait until it has landed on the home page, or the next visit to the
    # dashboard can race it and still find the session (a flake seen on a fresh clone)
    page.click("#site-nav button:has-text('退出')")
    page.wait_for_url(f"{url}/")
    _password_step(page, url)

    # then the dashboard waits for a code
    assert page.url == f"{url}/accounts/2fa/verify/?next=%2Fdashboard%2F"
    screenshot(page, "verify")

    # when they enter a wrong code, then the app's next code (the one used to enrol is spent)
    page.fill("#id_code", "000000" if totp_code(key_from_secret(secret)) != "000000" else "111111")
    page.click("#two-factor-form button[type=submit]")
    assert page.locator(".invalid-feedback").inner_text() == "验证码不正确，请输入身份验证器应用中当前显示的6位数字。"
    screenshot(page, "wrong-code")
    time.sleep(1.1)  # the device is locked for a second after a wrong code
    page.fill("#id_code", totp_code(key_from_secret(secret), at=time.time() + 30))
    page.click("#two-factor-form button[type=submit]")

    # then they are on the dashboard
    page.wait_for_load_state()
    assert page.url == f"{url}/dashboard/"
    assert page.locator("h1").inner_text().startswith("统计分析")
    assert TOTPDevice.objects.get(user=office_staff).confirmed is True
    screenshot(page, "dashboard")
