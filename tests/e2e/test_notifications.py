"""Told at once, on a phone: the member opens the link of the SMS (signing in on the way) and sees
the case; the notification list and the profile page fit a 390 px screen."""

import pytest
from django.conf import settings

from accounts.models import StaffNotification
from petitions.choices import Status
from petitions.services.handling import petition_assign
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_member_opens_the_sms_link_on_a_phone_and_sees_the_case(
    live_server, phone_page, screenshot, workstation, liaison_officer, member, notifications
):
    # given: a liaison officer gives a queued case to the member, who is told by SMS
    petition = factories.PetitionFactory(
        workstation=workstation, status=Status.RECEIVED, content="河堤广场晚上九点半以后音乐声太大，影响学生休息。"
    )
    petition_assign(user=liaison_officer, petition_id=petition.pk, member=member)
    for i in range(3):
        StaffNotification.objects.create(
            user=member.user,
            subject=f"建议审核通过{i}",
            body="您的建议“关于整治河堤广场夜间噪音并规范广场舞活动时间和音量的建议”已通过政协审核，即将交办相关部门：",
            link="/inbox/",
        )
    (sms,) = [n for n in notifications if n.recipient == member.phone]
    link = sms.body.splitlines()[-1].replace(settings.PUBLIC_BASE_URL, live_server.url)
    assert link == f"{live_server.url}/cases/{petition.pk}/"

    # when: the member taps the link on the phone, signed out, and signs in
    page = phone_page
    page.goto(link)
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # then: the case itself is open, and the page fits the screen
    assert page.url == link
    assert page.locator("#case-content").inner_text() == "河堤广场晚上九点半以后音乐声太大，影响学生休息。"
    assert page.locator("#nav-unread-count").inner_text() == "4"
    screenshot(page, "case-from-sms")

    # when: the member opens the notification list from the navbar (outside the collapsed menu)
    page.click("#nav-notifications")
    page.wait_for_load_state()
    assert page.locator("#notification-list li").count() == 4
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "flex"  # styled
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#nav-notifications").bounding_box()
    assert box["height"] >= 44
    screenshot(page, "notifications-390")

    # and opens the newest-but-three (the case), which marks it read
    page.locator("#notification-list li").last.locator("button").click()
    page.wait_for_load_state()
    assert page.url == link
    assert page.locator("#nav-unread-count").inner_text() == "3"

    # and the profile page fits too
    page.goto(f"{live_server.url}/accounts/profile/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "profile-390")
