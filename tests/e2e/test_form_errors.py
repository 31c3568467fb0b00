"""A refused form on a phone: the error summary at the top takes the focus and links to each field,
each field shows its own error, and the citizen's text counts down near its limit."""

import pytest

from petitions.models import Petition
from tests import factories
from tests.e2e.conftest import sign_in

FOCUSED_JS = "() => document.activeElement && (document.activeElement.id || document.activeElement.className)"


@pytest.mark.django_db(transaction=True)
def test_refused_submission_on_a_phone_shows_a_focused_summary_linking_to_the_field(
    live_server, phone_page, screenshot, workstation
):
    factories.CategoryFactory(name="噪音扰民", code="noise")
    page = phone_page
    # given a citizen filling in the form with a 9-digit phone number
    page.goto(f"{live_server.url}/w/{workstation.code}/submit/")
    page.select_option("select[name=category]", label="噪音扰民")
    page.fill("textarea[name=content]", "河堤广场晚上音乐声太大。")
    page.fill("input[name=citizen_name]", "王小明")
    page.fill("input[name=citizen_phone]", "138001380")
    page.check("input[name=consent_given]")

    # when they submit
    page.click("#submit-petition")
    page.wait_for_load_state()

    # then the summary is focused (so the phone shows it, not the top of the page), and links to the field
    summary = page.locator("[data-error-summary]")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert summary.locator("h2").inner_text() == "未能提交，请修改以下内容："
    link = summary.locator("a[href='#id_citizen_phone']")
    assert link.inner_text().startswith("手机号码")
    # and the field shows its own error beside it
    assert page.locator("#id_citizen_phone").get_attribute("class").split().count("is-invalid") == 1
    assert page.locator("#id_citizen_phone ~ .invalid-feedback, #id_citizen_phone + .invalid-feedback").count() >= 1
    screenshot(page, "summary")

    # when they follow the link, the field has the focus
    link.click()
    assert page.evaluate(FOCUSED_JS) == "id_citizen_phone"
    assert Petition.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_citizens_text_counts_down_near_its_2000_limit(live_server, phone_page, screenshot, workstation):
    page = phone_page
    page.goto(f"{live_server.url}/w/{workstation.code}/submit/")
    count = page.locator("#id_content-count")
    # given a short text, no count is shown
    page.fill("textarea[name=content]", "短")
    assert count.is_hidden()
    # when the text nears the limit, the count shows what is left
    page.fill("textarea[name=content]", "字" * 1950)
    assert count.inner_text() == "还可输入 50 字（最多 2000 字）"
    live = page.locator("#id_content-count + [aria-live=polite]")
    assert live.inner_text() == "还可输入 50 字（最多 2000 字）"
    assert "id_content-count" in page.locator("#id_content").get_attribute("aria-describedby")
    screenshot(page, "count")


@pytest.mark.django_db(transaction=True)
def test_a_staff_form_refused_shows_the_summary(live_server, phone_page, office_staff):
    page = phone_page
    # given office staff issuing an API token without a client name
    sign_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.fill("input[name=client_name]", "")
    page.evaluate("() => { document.getElementById('issue-form').noValidate = true; }")  # past the browser's own check
    page.click("#issue-form button[type=submit]")
    page.wait_for_load_state()
    # then the summary has the focus and links to the field
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert page.locator("[data-error-summary] a[href='#id_client_name']").count() == 1
