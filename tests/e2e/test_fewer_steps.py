"""Fewer steps on a phone: the member replies and closes a track-2 case in one action, and confirms
a department's reported result on a track-4 case's own page."""

import pytest

from accounts.roles import Role
from petitions.choices import Outcome, Status, Track
from proposals.choices import Status as ProposalStatus
from tests import factories
from tests.e2e.conftest import sign_in
from tests.workflow_helpers import reported_proposal, triaged_petition

pytestmark = pytest.mark.django_db(transaction=True)


def test_reply_and_close_in_one_step_on_a_phone(live_server, phone_page, screenshot, member, workstation):
    # given a track-2 case of the member's
    petition = triaged_petition(member, workstation, Track.ANSWER)
    page = phone_page
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/cases/{petition.pk}/")
    # when they write the reply, choose the outcome and press 答复并办结
    page.fill("#reply-form textarea[name=message]", "已联系物业，本周内更换路灯。")
    page.select_option("#reply-form select[name=outcome]", Outcome.SOLVED)
    screenshot(page, "reply-and-close")
    page.click("#reply-close-submit")
    # then the case is closed in that one step
    assert page.locator(".alert-success").inner_text() == "答复已发送给群众，诉求已办结。"
    assert page.locator("#case-status").inner_text() == "已办结"
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == (Status.CLOSED, Outcome.SOLVED)


def test_a_reported_result_is_confirmed_on_the_case_page_on_a_phone(
    live_server, phone_page, screenshot, member, workstation, reviewer, department
):
    handler = factories.UserFactory(username="handler-e2e", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    proposal = reported_proposal(member, workstation, reviewer, department, handler)
    case = proposal.petitions.get()
    page = phone_page
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "部门已反馈办理结果" in page.locator("#proposal-due-now").inner_text()
    page.select_option("#case-confirm-form select[name^=grade_]", "A")
    page.select_option("#case-confirm-form select[name^=rating_]", "satisfied")
    page.select_option("#case-confirm-form select[name=outcome]", "solved")
    page.fill("#case-confirm-form textarea[name=reply]", "城管局已整改，问题已解决。")
    screenshot(page, "confirm-on-case-page")
    page.click("#case-confirm-form button[type=submit]")
    # back on the case page, closed
    assert page.url.rstrip("/").endswith(f"/cases/{case.pk}")
    assert page.locator("#case-status").inner_text() == "已办结"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED
