"""/api/v1/proposals/…: members draft and submit; reviewers accept, return and assign; extensions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.services import extension_request
from petitions.choices import Track
from proposals.models import DeadlineExtension, Proposal
from tests import factories
from tests.api_areas.conftest import ROLES, assert_error_body
from tests.workflow_helpers import assigned_proposal, submitted_proposal, triaged_petition

pytestmark = pytest.mark.django_db


def _member(cast, role="member"):
    return cast.users[role].member


@pytest.fixture
def submitted(cast):
    return submitted_proposal(_member(cast), cast.workstation)


DRAFT_BODY = {
    "kind": "micro",
    "title": "河堤广场夜间噪音扰民",
    "facts": "委员夜间走访确认，21:00 后音响音量过大。",
    "suggestion": "建议城管局划定广场舞区域与时段。",
}

LIST = {
    "anonymous": 401,
    "member": 200,
    "other_member": 200,
    "officer": 200,
    "other_officer": 200,
    "reviewer": 200,
    "handler": 200,
    "other_handler": 200,
    "office": 200,
    "read_only": 200,
}
SEES = {"member", "reviewer", "office", "read_only"}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_what_the_pages_let_each_role_see(call, role, submitted):
    response = call(role, "get", reverse("api:proposal-list"))

    assert response.status_code == LIST[role]
    if response.status_code == 200:
        assert [row["id"] for row in response.json()["results"]] == ([submitted.pk] if role in SEES else [])


DRAFT = {
    "anonymous": 401,
    "member": 201,
    "other_member": 404,
    "officer": 403,
    "other_officer": 404,
    "reviewer": 403,
    "handler": 404,
    "other_handler": 404,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_handling_the_case_drafts_a_proposal_from_it(call, cast, role):
    petition = triaged_petition(_member(cast), cast.workstation, Track.PROPOSE)

    response = call(role, "post", reverse("api:proposal-list"), {**DRAFT_BODY, "petitions": [petition.pk]})

    assert response.status_code == DRAFT[role]
    assert Proposal.objects.count() == (1 if role == "member" else 0)
    if role == "member":
        body = response.json()
        assert body["status"] == "draft"
        assert body["petitions"] == [petition.pk]
        assert body["author"] == "王委员"
    else:
        assert_error_body(response, DRAFT[role])


def test_status_author_workstation_and_dates_cannot_be_sent(call, cast):
    petition = triaged_petition(_member(cast), cast.workstation, Track.PROPOSE)
    body = {
        **DRAFT_BODY,
        "petitions": [petition.pk],
        "status": "accepted",
        "author": _member(cast, "other_member").pk,
        "workstation": cast.other_workstation.code,
        "submitted_at": "2020-01-01T00:00:00Z",
        "review_due": "2020-01-02",
    }

    response = call("member", "post", reverse("api:proposal-list"), body)

    proposal = Proposal.objects.get()
    assert response.status_code == 201
    assert (proposal.status, proposal.author, proposal.workstation) == ("draft", _member(cast), cast.workstation)
    assert proposal.submitted_at is None
    assert proposal.review_due is None


def test_a_draft_with_the_same_key_is_made_once(call, cast):
    petition = triaged_petition(_member(cast), cast.workstation, Track.PROPOSE)
    body = {**DRAFT_BODY, "petitions": [petition.pk]}

    first = call("member", "post", reverse("api:proposal-list"), body, HTTP_IDEMPOTENCY_KEY="draft-1")
    again = call("member", "post", reverse("api:proposal-list"), body, HTTP_IDEMPOTENCY_KEY="draft-1")

    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Proposal.objects.count() == 1


def test_the_author_submits_and_a_second_submit_is_a_conflict(call, cast):
    petition = triaged_petition(_member(cast), cast.workstation, Track.PROPOSE)
    pk = call("member", "post", reverse("api:proposal-list"), {**DRAFT_BODY, "petitions": [petition.pk]}).json()["id"]

    first = call("member", "post", reverse("api:proposal-submit", kwargs={"pk": pk}))
    second = call("member", "post", reverse("api:proposal-submit", kwargs={"pk": pk}))

    assert first.status_code == 200
    assert first.json()["status"] == "submitted"
    assert first.json()["review_due"] is not None
    assert_error_body(second, 409, "transition_refused")


ACCEPT = {
    "anonymous": 401,
    "member": 403,
    "other_member": 404,
    "officer": 404,
    "other_officer": 404,
    "reviewer": 200,
    "handler": 404,
    "other_handler": 404,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_a_reviewer_accepts(call, role, submitted):
    response = call(role, "post", reverse("api:proposal-accept", kwargs={"pk": submitted.pk}), {}, as_role="reviewer")

    submitted.refresh_from_db()
    assert response.status_code == ACCEPT[role]
    assert submitted.status == ("accepted" if role == "reviewer" else "submitted")


def test_a_return_needs_a_reason(call, submitted):
    url = reverse("api:proposal-return", kwargs={"pk": submitted.pk})

    refused = call("reviewer", "post", url, {})
    returned = call("reviewer", "post", url, {"reason": "请补充走访时间。"})

    assert_error_body(refused, 400, "invalid")
    assert list(refused.json()["fields"]) == ["reason"]
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "请补充走访时间。"


def test_a_reviewer_assigns_to_a_lead_and_co_handlers(call, cast, submitted):
    call("reviewer", "post", reverse("api:proposal-accept", kwargs={"pk": submitted.pk}), {})
    body = {"lead_department": cast.department.pk, "co_departments": [cast.other_department.pk]}

    response = call("reviewer", "post", reverse("api:proposal-assign", kwargs={"pk": submitted.pk}), body)

    assert response.status_code == 200
    assignments = {(a["department"], a["role"], a["status"]) for a in response.json()["assignments"]}
    assert assignments == {("城管局", "lead", "pending"), ("住建局", "co", "pending")}
    assert response.json()["status"] == "assigned"


def test_assigning_before_acceptance_is_a_conflict(call, cast, submitted):
    body = {"lead_department": cast.department.pk}

    response = call("reviewer", "post", reverse("api:proposal-assign", kwargs={"pk": submitted.pk}), body)

    assert_error_body(response, 409, "transition_refused")
    assert submitted.assignments.count() == 0


EXTENSION = {
    "anonymous": 401,
    "member": 403,
    "other_member": 403,
    "officer": 403,
    "other_officer": 403,
    "reviewer": 200,
    "handler": 403,
    "other_handler": 403,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_a_reviewer_decides_an_extension(call, cast, role):
    proposal = assigned_proposal(_member(cast), cast.workstation, cast.users["reviewer"], cast.department)
    lead = proposal.assignments.get()
    extension = extension_request(
        assignment_id=lead.pk,
        new_due_date=lead.due_date + datetime.timedelta(days=7),
        reason="需协调。",
        user=cast.users["handler"],
    )
    url = reverse("api:proposal-extension-decide", kwargs={"pk": extension.pk})

    response = call(role, "post", url, {"grant": True}, as_role="reviewer")

    extension.refresh_from_db()
    lead.refresh_from_db()
    assert response.status_code == EXTENSION[role]
    assert extension.status == ("granted" if role == "reviewer" else "pending")
    assert lead.due_date == (extension.requested_due_date if role == "reviewer" else extension.previous_due_date)


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20_proposals(call, cast, count):
    for _ in range(count):
        proposal = factories.ProposalFactory(author=_member(cast), workstation=cast.workstation)
        proposal.petitions.add(factories.PetitionFactory(workstation=cast.workstation))
        factories.ProposalAssignmentFactory(proposal=proposal, department=cast.department)
    call("reviewer", "get", reverse("api:proposal-list"))

    with CaptureQueriesContext(connection) as context:
        response = call("reviewer", "get", reverse("api:proposal-list"))

    assert len(response.json()["results"]) == count
    assert len(context.captured_queries) == 11  # with the reviewer's CPPCC body


@pytest.mark.parametrize("count", [2, 20])
def test_the_extension_list_costs_the_same_queries_for_2_and_20_rows(call, cast, count):
    for _ in range(count):
        assignment = factories.ProposalAssignmentFactory(department=cast.department)
        DeadlineExtension.objects.create(
            assignment=assignment,
            requested_due_date=assignment.due_date + datetime.timedelta(days=5),
            previous_due_date=assignment.due_date,
            reason="需协调。",
        )
    call("reviewer", "get", reverse("api:proposal-extension-list"))

    with CaptureQueriesContext(connection) as context:
        response = call("reviewer", "get", reverse("api:proposal-extension-list"), {"status": "pending"})

    assert len(response.json()["results"]) == count
    assert len(context.captured_queries) == 7  # with the reviewer's CPPCC body
