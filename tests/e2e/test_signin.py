"""The sign-in lockout as a person on a phone sees it, and office staff unlocking on the phone."""

import pytest

from tests.e2e.conftest import sign_in

LOCKED = "登录失败次数过多，该账号或当前网络地址已被锁定 30 分钟。请稍后再试，或联系办公室工作人员解除锁定。"


@pytest.mark.django_db(transaction=True)
def test_a_locked_out_member_reads_why_and_office_staff_unlock_them(
    live_server, phone_page, browser, screenshot, member, office_staff
):
    # given: a member who typed a wrong password five times on their phone
    for _ in range(5):
        sign_in(phone_page, live_server.url, "member", "wrong-password")

    # when: they type the right one
    sign_in(phone_page, live_server.url, "member")

    # then: the sign-in page says they are locked out, and they are not signed in
    alert = phone_page.locator("#signin-error")
    assert alert.is_visible()
    assert LOCKED in alert.inner_text()
    assert phone_page.locator("h1").inner_text() == "工作人员登录"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "locked")

    # when: office staff, on their own phone, open the lockout page and unlock the member
    from tests.e2e.conftest import PHONE

    context = browser.new_context(locale="zh-CN", **PHONE)
    office = context.new_page()
    office.set_default_timeout(15_000)
    sign_in(office, live_server.url, "office")
    office.goto(f"{live_server.url}/accounts/lockouts/")
    assert office.locator("#username-locks").inner_text().count("member") == 1
    assert office.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(office, "lockouts")
    office.locator("#username-locks button", has_text="解除锁定").click()
    office.wait_for_load_state()
    assert office.locator("text=已解除 member 的登录锁定。").is_visible()
    context.close()

    # then: the member signs in
    sign_in(phone_page, live_server.url, "member")
    assert phone_page.locator("#signin-error").count() == 0
    assert not phone_page.url.endswith("/accounts/login/")
