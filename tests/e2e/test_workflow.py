"""The four-step reply method in a real browser: a member answers a case directly (track 2), and a
member, a reviewer and a department handler take a case through a micro-proposal (track 4)."""

import pytest

from petitions.choices import EventType, Outcome, Status, Visibility
from petitions.models import Petition
from proposals.models import Proposal
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_triages_into_track_2_and_replies(
    live_server, desktop_page, screenshot, member, workstation, notifications
):
    # given a new case that intake gave to the member on duty
    petition = factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.ASSIGNED, content="社保卡丢了去哪里补办？"
    )
    page = desktop_page
    # when the member signs in and opens it from the inbox
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/inbox/")
    page.click(f"#inbox-table >> text={petition.display_code}")  # the desk's table (the phone's cards are hidden)
    assert page.locator("#case-content").inner_text() == "社保卡丢了去哪里补办？"
    # and triages it into track 2, then replies
    page.select_option("#triage-form select[name=track]", "2")
    page.click("#triage-form button[type=submit]")
    assert page.locator("#case-track").inner_text() == "直接答复"
    page.fill("#reply-form textarea[name=message]", "请携带身份证到街道便民服务中心补办，当场可取。")
    page.click("#reply-form button[type=submit]")
    # then the page says so, the case is replied, and the reply is a public event the tracking
    # page shows, sent to the citizen
    assert page.locator(".alert-success").inner_text() == "答复已发送给群众。"
    assert page.locator("#case-status").inner_text() == "已答复"
    screenshot(page, "replied")
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED
    reply = petition.events.get(type=EventType.REPLIED)
    assert (reply.visibility, reply.message) == (Visibility.PUBLIC, "请携带身份证到街道便民服务中心补办，当场可取。")
    assert [n.recipient for n in notifications] == ["13800138000"]
    # and closes it as answered
    page.select_option("#close-form select[name=outcome]", Outcome.ANSWERED)
    page.click("#close-form button[type=submit]")
    assert page.locator("#case-status").inner_text() == "已办结"


def test_track_4_with_a_reviewer_and_a_department_handler(
    live_server,
    desktop_page,
    new_desktop_page,
    screenshot,
    member,
    workstation,
    reviewer,
    department,
    department_handler,
    notifications,
):
    petition = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    url = live_server.url
    # the member triages into track 4 and drafts a micro-proposal after the field visit
    member_page = desktop_page
    sign_in(member_page, url, "member")
    member_page.goto(f"{url}/cases/{petition.pk}/")
    member_page.select_option("#triage-form select[name=track]", "4")
    member_page.click("#triage-form button[type=submit]")
    member_page.click("#draft-proposal")
    member_page.fill("#proposal-form input[name=title]", "关于规范河堤广场夜间音量的微建议")
    member_page.fill("#proposal-form textarea[name=facts]", "实地走访：21时后音响约75分贝。")
    member_page.fill("#proposal-form textarea[name=suggestion]", "21时后停止使用扩音设备。")
    member_page.select_option("#proposal-form select[name=suggested_department]", str(department.pk))
    member_page.click("#proposal-form button[type=submit]")
    member_page.click("#submit-proposal")
    assert member_page.locator("#proposal-status").inner_text() == "待审核"
    proposal = Proposal.objects.get()

    # the reviewer finds it in the queue, accepts it and assigns it to 城管局
    reviewer_page = new_desktop_page()
    sign_in(reviewer_page, url, "reviewer")
    reviewer_page.goto(f"{url}/review/")
    reviewer_page.click("text=关于规范河堤广场夜间音量的微建议")
    reviewer_page.click("#accept-form button[type=submit]")
    reviewer_page.select_option("#assign-form select[name=lead_department]", str(department.pk))
    reviewer_page.click("#assign-form button[type=submit]")
    assert reviewer_page.locator("#proposal-status").inner_text() == "已交办"
    screenshot(reviewer_page, "assigned")

    # the department handler acknowledges and reports the result
    handler_page = new_desktop_page()
    sign_in(handler_page, url, "handler")
    handler_page.goto(f"{url}/dept/")
    handler_page.click("text=关于规范河堤广场夜间音量的微建议")
    handler_page.click("#acknowledge")
    assert handler_page.locator("#item-status").inner_text() == "已签收"
    handler_page.fill("#report-form textarea[name=result]", "已设置公告牌，21时后禁止使用扩音设备。")
    handler_page.click("#report-form button[type=submit]")
    assert handler_page.locator("#item-status").inner_text() == "已反馈"

    # the member grades it, replies to the citizen and closes it solved
    member_page.goto(f"{url}/proposals/{proposal.pk}/")
    member_page.select_option("#confirm-form select[name^=grade_]", "A")
    member_page.select_option("#confirm-form select[name^=rating_]", "satisfied")
    member_page.select_option("#confirm-form select[name=outcome]", "solved")
    member_page.fill("#confirm-form textarea[name=reply]", "城管局已整改，问题已解决。")
    member_page.click("#confirm-form button[type=submit]")
    assert member_page.locator("#proposal-status").inner_text() == "已办结"
    screenshot(member_page, "closed")
    petition = Petition.objects.get(pk=petition.pk)
    assert (petition.status, petition.outcome) == (Status.CLOSED, Outcome.SOLVED)
    # (the citizen's messages: the member, told at once of each step, gets others; issue 14)
    to_citizen = [n for n in notifications if n.recipient == "13800138000"]
    assert [n.body.split("：", 1)[1] for n in to_citizen if n.subject == "您的诉求有新进展"] == [
        "城管局已整改，问题已解决。"
    ]
    assert [n.subject for n in to_citizen][-1] == "请评价诉求办理情况"
