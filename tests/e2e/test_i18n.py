import pytest


@pytest.mark.django_db(transaction=True)
def test_footer_switch_turns_the_home_page_into_english(live_server, phone_page, screenshot, workstation):
    # given: a citizen on a phone whose browser speaks Chinese, on the Chinese home page
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("h1").inner_text() == "政协委员工作室 · 民意直通"

    # when: they tap "English" in the footer's language switch
    with phone_page.expect_navigation():
        phone_page.click("footer button[name=language][value=en]")

    # then: the same page comes back in English, and the switch offers Chinese by its own name
    assert phone_page.url == live_server.url + "/"
    assert phone_page.locator("h1").inner_text() == "CPPCC Members' Workstations · Direct Line to the People"
    assert phone_page.locator("html").get_attribute("lang") == "en"
    assert phone_page.locator("text=Track progress with your tracking code").is_visible()
    assert phone_page.locator("footer button[value=zh-hans]").inner_text() == "简体中文"
    screenshot(phone_page, "home-en")

    # and the choice holds on the next page: the workstation's submit button is English
    phone_page.click("text=西流湾社区委员工作室")
    phone_page.wait_for_load_state()
    assert phone_page.locator("main a.btn-danger").inner_text() == "Submit a request"
    screenshot(phone_page, "workstation-en")
