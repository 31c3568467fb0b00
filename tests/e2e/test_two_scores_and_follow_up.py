"""Issue 16 on a 390 px phone: the citizen gives both scores on /track/, a liaison officer records a
follow-up call on the case page, and the member grades a lead and a co-handling department."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from departments.services import assignment_acknowledge, assignment_report
from petitions.choices import EventType, Outcome, Status, Track
from proposals.choices import AssignmentRole
from tests import factories
from tests.e2e.conftest import sign_in
from tests.workflow_helpers import reported_proposal

pytestmark = pytest.mark.django_db(transaction=True)


def _closed(workstation, member):
    return factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.CLOSED, track=Track.ANSWER,
        outcome=Outcome.ANSWERED, closed_at=timezone.now(),
    )  # fmt: skip


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_citizen_rates_the_handling_and_the_result_on_a_phone(live_server, phone_page, screenshot, workstation):
    member = factories.MemberFactory(workstations=[workstation])
    petition = _closed(workstation, member)
    page = phone_page
    page.goto(f"{live_server.url}/track/{petition.tracking_code}/")
    _fits(page)
    # one score alone: the browser keeps the form (both groups are required)
    page.click("label[for=id_satisfaction_1]")  # 基本满意
    page.click("#rating-submit")
    assert page.locator("#rating").count() == 1
    page.click("label[for=id_result_satisfaction_2]")  # 不满意
    page.fill("#rating textarea[name=comment]", "路灯修好了又坏")
    screenshot(page, "two-scores")
    _fits(page)
    page.click("#rating-submit")
    assert page.locator("#rated").inner_text() == "您的评价：办理过程基本满意，办理结果不满意"
    petition.refresh_from_db()
    assert (petition.satisfaction, petition.result_satisfaction) == ("basically_satisfied", "unsatisfied")


def test_a_liaison_officer_records_a_follow_up_on_a_phone(live_server, phone_page, screenshot, workstation):
    member = factories.MemberFactory(workstations=[workstation])
    officer = factories.UserFactory(username="officer-e2e", roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(officer)
    petition = _closed(workstation, member)
    page = phone_page
    sign_in(page, live_server.url, "officer-e2e")
    page.goto(f"{live_server.url}/cases/{petition.pk}/")
    # the bottom bar jumps to the form
    page.click("#case-action-bar a[href='#follow-up-form']")
    assert "诉求将重新办理（限一次）" in page.locator("#follow-up-rule").inner_text()
    page.check("#follow-up-form input[name=reached][value='1']")
    page.check("#follow-up-form input[name=satisfied][value='0']")
    page.fill("#follow-up-form textarea[name=note]", "群众反映路灯仍不亮")
    screenshot(page, "follow-up")
    _fits(page)
    page.click("#follow-up-form button[type=submit]")
    assert page.locator(".alert-info").inner_text() == "群众不满意：诉求已重新办理，回到承办委员手中。"
    assert page.locator("#case-status").inner_text() == "已分派"
    assert "回访：已联系上群众，群众不满意。群众反映路灯仍不亮" in page.locator("#timeline").inner_text()
    _fits(page)
    petition.refresh_from_db()
    assert (petition.status, petition.reopen_count) == (Status.ASSIGNED, 1)
    assert petition.events.filter(type=EventType.FOLLOWED_UP).count() == 1


def test_the_member_grades_lead_and_co_handler_on_the_case_page_on_a_phone(
    live_server, phone_page, screenshot, member, workstation, reviewer, department
):
    handler = factories.UserFactory(username="handler-e2e", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    co_department = factories.DepartmentFactory(name="公安局")
    co_handler = factories.UserFactory(username="co-handler-e2e", roles=[Role.DEPARTMENT_HANDLER])
    co_department.handlers.add(co_handler)
    proposal = reported_proposal(member, workstation, reviewer, department, handler, co_departments=[co_department])
    co = proposal.assignments.get(role=AssignmentRole.CO)
    assignment_acknowledge(assignment_id=co.pk, user=co_handler)
    assignment_report(assignment_id=co.pk, user=co_handler, result="已配合巡查")
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    case = proposal.petitions.get()
    page = phone_page
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    form = "#case-confirm-form"
    page.select_option(f"{form} select[name=grade_{lead.pk}]", "A")
    page.select_option(f"{form} select[name=rating_{lead.pk}]", "satisfied")
    page.select_option(f"{form} select[name=grade_{co.pk}]", "C")
    page.select_option(f"{form} select[name=rating_{co.pk}]", "basically_satisfied")
    page.fill(f"{form} input[name=reason_{co.pk}]", "巡查仅持续一周")
    page.select_option(f"{form} select[name=outcome]", "solved")
    page.fill(f"{form} textarea[name=reply]", "城管局已整改，问题已解决。")
    screenshot(page, "grades")
    _fits(page)
    page.click(f"{form} button[type=submit]")
    assert page.locator("#case-status").inner_text() == "已办结"
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.grade, co.grade, co.grade_reason) == ("A", "C", "巡查仅持续一周")
