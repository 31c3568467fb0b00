import pytest

from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_home_lists_workstations_and_staff_can_sign_in(live_server, phone_page, screenshot, workstation, member):
    # given: a workstation and a member with an account
    # when: a visitor opens the home page on a phone
    phone_page.goto(live_server.url + "/")

    # then: the workstation is listed, styled by the locally served Bootstrap
    assert phone_page.locator("text=西流湾社区委员工作室").is_visible()
    navbar_colour = phone_page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert navbar_colour == "rgb(220, 53, 69)"
    screenshot(phone_page, "home")

    # and the member can sign in
    sign_in(phone_page, live_server.url, "member")
    phone_page.click("button.navbar-toggler")  # the phone-width menu opens (Bootstrap's script is served)
    phone_page.wait_for_selector("#site-nav.show")
    assert phone_page.locator("nav").inner_text().count(member.user.display_name) == 1
    assert phone_page.locator("#site-nav >> text=我的值班").is_visible()
