"""Office staff issue an API token on their phone, copy it from the one page that shows it, and
revoke it."""

import pytest

from accounts.models import ApiToken
from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_office_staff_issue_and_revoke_a_token_on_a_phone(live_server, phone_page, screenshot, office_staff):
    # given office staff signed in on their phone, on the token page
    sign_in(phone_page, live_server.url, "office")
    phone_page.goto(f"{live_server.url}/accounts/tokens/")

    # when they issue a read-only token for the province's system
    phone_page.fill("input[name=client_name]", "省政务服务平台")
    phone_page.select_option("select[name=user]", str(office_staff.pk))
    phone_page.check("input[name=read_only]")
    phone_page.click("#issue-form button[type=submit]")
    phone_page.wait_for_load_state()

    # then the token is shown, once, and the page fits the phone
    token = phone_page.locator("#issued-token-value").inner_text()
    assert token.startswith("wst_")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "issued")
    row = phone_page.locator("#api-tokens tbody tr")
    assert row.count() == 1
    assert "省政务服务平台" in row.inner_text()
    assert "有效" in row.inner_text()

    # when they open the page again, then the token is not there
    phone_page.goto(f"{live_server.url}/accounts/tokens/")
    assert token not in phone_page.content()

    # when they revoke it
    phone_page.click("#api-tokens button[type=submit]")
    phone_page.wait_for_load_state()

    # then it says so, and the row is revoked
    assert "令牌已吊销，使用它的系统将立即无法访问。" in phone_page.content()
    assert "已吊销" in phone_page.locator("#api-tokens tbody tr").inner_text()
    assert ApiToken.objects.get().revoked_at is not None
    screenshot(phone_page, "revoked")
