"""A track-4 case's page shows its proposal's state and the action due now, with the proposal page's
own form: the member confirms the department's result or answers a return without leaving the case."""

import re

import pytest
from django.urls import reverse

from petitions.choices import Status as PetitionStatus
from proposals.choices import Status
from proposals.services import proposal_return
from tests.workflow_helpers import grade_fields, reported_proposal, snapshot, submitted_proposal

pytestmark = pytest.mark.django_db


def _case(proposal):
    return proposal.petitions.get()


def test_a_reported_result_is_confirmed_on_the_case_page(
    client, member, workstation, reviewer, department, department_handler
):
    # given a case whose proposal's department has reported its result
    proposal = reported_proposal(member, workstation, reviewer, department, department_handler)
    case = _case(proposal)
    case_url = reverse("casework:case_detail", args=[case.pk])
    client.force_login(member.user)
    # when the member opens the case
    html = client.get(case_url).content.decode()
    # then the case page says what is due now and offers the confirm form itself
    assert "部门已反馈办理结果：请逐一评定各承办部门的办理结果、答复群众并办结。" in html
    form = re.search(r'<form[^>]*id="case-confirm-form".*?</form>', html, re.S).group(0)
    assert reverse("proposals:confirm", args=[proposal.pk]) in form
    assert f'name="next" value="{case_url}"' in form
    # and on a phone the bottom action bar jumps to it
    bar = re.search(r'<nav[^>]*id="case-action-bar".*?</nav>', html, re.S).group(0)
    assert f'href="#proposal-panel-{proposal.pk}">确认办理结果</a>' in bar
    lead = proposal.assignments.get()
    for field in (
        f"grade_{lead.pk}",
        f"reason_{lead.pk}",
        f"rating_{lead.pk}",
        "outcome",
        "households_helped",
        "reply",
    ):
        assert f'name="{field}"' in form
    # when they confirm from there
    response = client.post(
        reverse("proposals:confirm", args=[proposal.pk]),
        {
            "next": case_url,
            **grade_fields(proposal),
            "outcome": "solved",
            "households_helped": "0",
            "reply": "城管局已规范广场活动时间。",
        },
    )
    # then they are back on the case, which is closed
    assert response.status_code == 302
    assert response.url == case_url
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.status, proposal.status) == (PetitionStatus.CLOSED, Status.CLOSED)
    assert "已确认办理结果并答复群众。" in client.get(case_url).content.decode()


def test_a_refused_confirmation_from_the_case_page_returns_to_it_and_changes_nothing(
    client, member, workstation, reviewer, department, department_handler
):
    proposal = reported_proposal(member, workstation, reviewer, department, department_handler)
    case_url = reverse("casework:case_detail", args=[_case(proposal).pk])
    client.force_login(member.user)
    before = snapshot()
    response = client.post(
        reverse("proposals:confirm", args=[proposal.pk]),
        {"next": case_url, **grade_fields(proposal), "outcome": "solved", "reply": ""},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case_url
    assert snapshot() == before


def test_the_reviewer_and_others_see_the_state_but_no_confirm_form(
    client, member, workstation, reviewer, department, department_handler
):
    proposal = reported_proposal(member, workstation, reviewer, department, department_handler)
    client.force_login(reviewer)
    html = client.get(reverse("casework:case_detail", args=[_case(proposal).pk])).content.decode()
    assert "部门已反馈办理结果，等待委员确认。" in html
    assert "case-confirm-form" not in html
    assert f'href="#proposal-panel-{proposal.pk}"' not in html


def test_a_return_is_answered_on_the_case_page(client, member, workstation, reviewer):
    # given a proposal the reviewer returned
    proposal = submitted_proposal(member, workstation)
    proposal_return(user=reviewer, proposal_id=proposal.pk, reason="请补充走访时间和音量测量数据。")
    case_url = reverse("casework:case_detail", args=[_case(proposal).pk])
    client.force_login(member.user)
    # when the member opens the case, then the return's reason and the revise form are there
    html = client.get(case_url).content.decode()
    assert "审核人员退回修改，请按退回理由修改后重新提交。" in html
    assert "请补充走访时间和音量测量数据。" in html
    form = re.search(r'<form[^>]*id="case-resubmit-form".*?</form>', html, re.S).group(0)
    assert reverse("proposals:edit", args=[proposal.pk]) in form
    # when they revise and resubmit
    response = client.post(
        reverse("proposals:edit", args=[proposal.pk]),
        {
            "next": case_url,
            "resubmit": "1",
            "kind": "micro",
            "title": proposal.title,
            "facts": "3月12日21时实地测得音量85分贝。",
            "suggestion": proposal.suggestion,
        },
    )
    # then the proposal is submitted again with the new facts, and they are back on the case
    assert response.url == case_url
    proposal.refresh_from_db()
    assert (proposal.status, proposal.facts) == (Status.SUBMITTED, "3月12日21时实地测得音量85分贝。")
    assert "等待审核人员审核" in client.get(case_url).content.decode()


def test_next_elsewhere_falls_back_to_the_proposal_page(client, member, workstation):
    proposal = submitted_proposal(member, workstation)
    client.force_login(member.user)
    response = client.post(reverse("proposals:submit", args=[proposal.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("proposals:detail", args=[proposal.pk])
