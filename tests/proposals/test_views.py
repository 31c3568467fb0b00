"""Reviewer pages and the member's proposal pages."""

import re

import pytest
from django.urls import reverse

from proposals.choices import Status
from proposals.models import Proposal
from tests import factories
from tests.workflow_helpers import assigned_proposal, snapshot, submitted_proposal, triaged_petition

pytestmark = pytest.mark.django_db

REVIEW_QUEUE_QUERIES = 10  # with the navbar's unread count and the reviewer's CPPCC body
PROGRESS_QUERIES = 7  # with the navbar's unread count and the reviewer's CPPCC body
PROPOSAL_PAGE_QUERIES = 14  # with the navbar's unread count and the reviewer's CPPCC body


@pytest.mark.parametrize("rows", [2, 20])
def test_review_queue_query_budget(client, member, workstation, reviewer, rows, django_assert_num_queries):
    proposals = [submitted_proposal(member, workstation) for _ in range(rows)]
    client.force_login(reviewer)
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        response = client.get(reverse("proposals:review_queue"))
    html = response.content.decode()
    assert html.count("/proposals/") == rows
    # each row names its source case by tracking code, linked to the case page
    for proposal in proposals:
        petition = proposal.petitions.get()
        link = f'<a href="{reverse("casework:case_detail", args=[petition.pk])}">{petition.display_code}</a>'
        assert link in html


@pytest.mark.parametrize("rows", [2, 20])
def test_department_progress_query_budget(
    client, member, workstation, reviewer, department, rows, django_assert_num_queries
):
    for index in range(rows):
        assigned_proposal(member, workstation, reviewer, factories.DepartmentFactory(name=f"部门{index}"))
    client.force_login(reviewer)
    with django_assert_num_queries(PROGRESS_QUERIES):
        response = client.get(reverse("proposals:department_progress"))
    assert response.content.decode().count("<tr><td>") == rows + 1  # and 城管局 with nothing assigned


@pytest.mark.parametrize("rows", [2, 20])
def test_proposal_page_query_budget(client, member, workstation, reviewer, department, rows, django_assert_num_queries):
    petitions = [triaged_petition(member, workstation, 4) for _ in range(rows)]
    co = [factories.DepartmentFactory(name="公安局")]
    proposal = assigned_proposal(member, workstation, reviewer, department, co_departments=co, petitions=petitions)
    client.force_login(reviewer)
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES):
        response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.content.decode().count("/cases/") == rows


def test_review_pages_are_404_for_members(client, member):
    client.force_login(member.user)
    assert client.get(reverse("proposals:review_queue")).status_code == 404
    assert client.get(reverse("proposals:department_progress")).status_code == 404


def test_reviewer_accepts_with_an_edit_and_assigns_through_the_pages(client, member, workstation, reviewer, department):
    proposal = submitted_proposal(member, workstation)
    client.force_login(reviewer)
    client.post(reverse("proposals:accept", args=[proposal.pk]), {"title": "关于河堤广场噪音的微建议"})
    client.post(reverse("proposals:assign", args=[proposal.pk]), {"lead_department": department.pk})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.title) == (Status.ASSIGNED, "关于河堤广场噪音的微建议")
    assert proposal.assignments.get().department == department


def test_member_cannot_accept_through_the_page(client, member, workstation):
    proposal = submitted_proposal(member, workstation)
    client.force_login(member.user)
    before = snapshot()
    assert client.post(reverse("proposals:accept", args=[proposal.pk])).status_code == 404
    assert snapshot() == before


def test_member_drafts_from_the_case_page(client, member, workstation, department):
    petition = triaged_petition(member, workstation, 4)
    client.force_login(member.user)
    response = client.post(
        reverse("proposals:new") + f"?petition={petition.pk}",
        {
            "kind": "micro",
            "title": "关于整治河堤广场夜间噪音的建议",
            "facts": "实地走访确认。",
            "suggestion": "规范活动时间。",
            "suggested_department": department.pk,
            "livelihood_type": "",
        },
    )
    proposal = Proposal.objects.get()
    assert response.url == reverse("proposals:detail", args=[proposal.pk])
    assert list(proposal.petitions.all()) == [petition]


def test_review_queue_names_every_source_case(client, member, workstation, reviewer):
    # given a proposal made from two cases
    first, second = (triaged_petition(member, workstation, 4) for _ in range(2))
    submitted_proposal(member, workstation, petitions=[first, second])
    client.force_login(reviewer)
    # when the reviewer opens the queue
    html = client.get(reverse("proposals:review_queue")).content.decode()
    # then the 来源诉求 cell lists both tracking codes, each linked to its case, not a count
    cell = re.search(r'<td class="review-sources">(.*?)</td>', html).group(1)
    assert cell == "、".join(
        f'<a href="{reverse("casework:case_detail", args=[p.pk])}">{p.display_code}</a>' for p in (first, second)
    )
