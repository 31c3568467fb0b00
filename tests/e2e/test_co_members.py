"""Co-members at a phone's 390 px: the lead member invites a member of another sector to a case, the
co-member finds it in the inbox's 协办 tab and replies to the citizen, then writes a 社情民意信息 from it."""

import pytest

from opinions.models import OpinionReport
from petitions.choices import EventType, Status, Track
from tests import factories
from tests.e2e.conftest import PHONE, _new_page, sign_in
from tests.e2e.test_staff_pages import SMALL_TARGETS_JS
from tests.workflow_helpers import triaged_petition

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_lead_invites_a_co_member_who_replies_at_390_px(
    live_server, browser, screenshot, member, workstation, other_workstation
):
    engineer = factories.MemberFactory(
        user__username="engineer", user__full_name="王工程", sector__name="科技界", workstations=[other_workstation]
    )
    petition = triaged_petition(member, workstation, Track.ANSWER, content="门口小巷多年没硬化，下雨全是泥。")
    lead_context, lead = _new_page(browser, PHONE)
    co_context, co = _new_page(browser, PHONE)
    try:
        # when the lead opens the case on a phone and invites the engineer
        sign_in(lead, live_server.url, "member")
        lead.goto(f"{live_server.url}/cases/{petition.pk}/")
        lead.select_option("#invite-form select[name=member]", str(engineer.pk))
        lead.fill("#invite-form input[name=note]", "路面硬化需要专业意见")
        lead.click("#invite-submit")
        # then the page lists the co-member with their sector
        assert lead.locator(".alert-success").inner_text() == "已邀请协办委员，对方会收到通知。"
        assert lead.locator("#co-member-list").inner_text().split()[:2] == ["王工程", "科技界"]
        assert _fits(lead)
        screenshot(lead, "lead-invited")

        # when the co-member opens the 协办 tab and the case, and replies
        sign_in(co, live_server.url, "engineer")
        co.goto(f"{live_server.url}/inbox/?view=co_handling")
        co.click(f"#inbox-cards >> text={petition.display_code}")
        assert co.locator("#case-content").inner_text() == "门口小巷多年没硬化，下雨全是泥。"
        assert co.locator("#reply-close-submit").count() == 0  # closing stays the lead's
        co.fill("#reply-form textarea[name=message]", "已协调住建局，本月内完成小巷硬化。")
        co.click("#reply-submit")
        assert co.locator(".alert-success").inner_text() == "答复已发送给群众。"
        assert co.locator("#case-status").inner_text() == "已答复"
        assert _fits(co)
        screenshot(co, "co-member-replied")
        petition.refresh_from_db()
        assert (petition.status, petition.assigned_member) == (Status.REPLIED, member)
        assert petition.events.get(type=EventType.REPLIED).actor == engineer.user

        # and writes a public-opinion report from the case, prefilled without the citizen
        co.click("#write-opinion")
        assert "张三" not in co.locator("#opinion-form").inner_text()
        co.fill("#opinion-form textarea[name=analysis]", "道路权属不清，多部门职责交叉。")
        co.fill("#opinion-form textarea[name=suggestions]", "建议住建局牵头，一个月内完成硬化。")
        co.click("#opinion-save")
        assert co.locator("#opinion-title").inner_text() == "关于" + petition.category.name + "问题的情况反映"
        assert _fits(co)
        screenshot(co, "opinion-report")
        assert co.evaluate(SMALL_TARGETS_JS) == []
        assert OpinionReport.objects.get().author == engineer
        # and the co-handled case is in the co-member's record, which fits the phone too
        co.goto(f"{live_server.url}/dashboard/members/me/")
        assert co.locator("#record-co_handled").inner_text().split("\n")[0].split("\t") == ["受邀协办", "1"]
        assert _fits(co)
        assert co.evaluate(SMALL_TARGETS_JS) == []
        screenshot(co, "member-record")
    finally:
        lead_context.close()
        co_context.close()


def test_on_a_phone_the_member_selects_two_cases_for_one_report(
    live_server, phone_page, screenshot, member, workstation
):
    first = triaged_petition(member, workstation, Track.ANSWER, content="二巷路面多年没硬化，下雨全是泥。")
    second = triaged_petition(member, workstation, Track.ANSWER, content="三巷路面积水，老人出门不便。")
    page = phone_page
    sign_in(page, live_server.url, "member")

    page.goto(f"{live_server.url}/inbox/?view=mine")
    for petition in (first, second):
        page.locator(f"#inbox-cards input[name=cases][value='{petition.pk}']").check()
    assert page.evaluate(SMALL_TARGETS_JS) == []
    assert _fits(page)
    screenshot(page, "inbox-selection")
    page.click("#opinion-selection button[type=submit]")
    page.wait_for_load_state()

    situation = page.locator("textarea[name=situation]").input_value()
    assert situation.splitlines()[0] == "近期共有 2 件群众诉求反映同类问题："
    assert "三巷路面积水" in situation
    assert "二巷路面多年没硬化" in situation
