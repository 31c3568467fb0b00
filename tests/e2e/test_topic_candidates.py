"""Topic candidates in a browser at a phone's 390 px: the year's candidates, a count opened into its
list of exactly that many cases, the printable summary with its charts, and the candidate made a
research topic."""

import pytest

from tests.e2e.conftest import sign_in
from tests.stats.candidates_data import raised  # noqa: F401 - the fixture

OVERFLOW_JS = "(width) => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width"


@pytest.mark.django_db(transaction=True)
def test_candidates_and_a_counts_list_at_390_px(live_server, phone_page, screenshot, office_staff, raised):  # noqa: F811
    page = phone_page
    sign_in(page, live_server.url, "office")
    # given the candidates of 2026
    page.goto(f"{live_server.url}/dashboard/topics/?period=year&year=2026")
    assert page.locator("#period-label").inner_text() == "2026年"
    places = page.locator("#table-candidates-place tbody tr")
    assert places.first.locator(".candidate-label").inner_text() == "河堤广场"
    assert page.evaluate(OVERFLOW_JS, 390) <= 0
    screenshot(page, "candidates-390")

    # when the river bank's count is opened
    count = places.first.locator(".candidate-count")
    assert count.inner_text() == "2"
    count.click()
    page.wait_for_load_state()

    # then the list holds those two cases, and fits the phone
    assert page.locator("#candidate-label").inner_text() == "河堤广场"
    assert page.locator("#case-count").inner_text() == "共 2 件"
    assert page.locator("#cases tbody tr").count() == 2
    assert page.evaluate(OVERFLOW_JS, 390) <= 0
    screenshot(page, "cases-390")

    # and its printable summary draws both years' months with Chart.js (no inline script)
    page.click("#summary-link")
    page.wait_for_load_state()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 2")
    assert "本期收集相关诉求 2 件。" in page.locator("#summary-count").inner_text()
    assert page.evaluate(OVERFLOW_JS, 390) <= 0
    screenshot(page, "summary-390")
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    page.emulate_media(media="screen")

    # and office staff make the candidate a research topic, its two cases linked
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("#id_propose_title").input_value() == "关于“河堤广场”问题的调研"
    page.fill("#id_propose_title", "河堤广场夜间噪音治理")
    page.click("#propose-form button[type=submit]")
    page.wait_for_load_state()
    assert "河堤广场夜间噪音治理" in page.locator("h1").first.inner_text()
    assert page.evaluate(OVERFLOW_JS, 390) <= 0
    screenshot(page, "topic-390")
    from topics.models import Topic

    assert Topic.objects.get().petitions.count() == 2
