"""The CPPCC bodies' authorisation matrix: for each role and each relation between the viewer's
body and the body owning the rows (own, below, sibling, above), every page, API endpoint and
export that shows cases, proposals, statistics, departments or knowledge either shows the rows or
refuses them (404 for a row out of scope, 403 for a page the role does not have).

The viewer works at city A for "own" (A's rows), "below" (county A1's) and "sibling" (city B's),
and at county A1 for "above" (city A's) and "sibling_county" (county A2's). Office staff and
reviewers work for the body; liaison officers and members at the body's workstation; department
handlers for the body's department."""

import pytest
from django.db import transaction
from django.urls import reverse

from proposals.choices import Status

RELATIONS = {
    # relation: (viewer's body, target body)
    "own": ("A", "A"),
    "below": ("A", "A1"),
    "sibling": ("A", "B"),
    "sibling_county": ("A1", "A2"),
    "above": ("A1", "A"),
}
ROLES = ("office", "reviewer", "handler", "liaison", "member")

SEEN = frozenset({"own", "below"})  # the body and those below it
OWN = frozenset({"own"})
SHARED = frozenset({"own", "above"})  # the body's own and what the bodies above share with it
NONE = frozenset()

# role → check → the relations where the viewer sees (or may do) it.
EXPECTED = {
    "office": {
        "case_page": SEEN,
        "proposal_page": SEEN,
        "review_queue": NONE,
        "review_accept_page": NONE,
        "department_progress": NONE,
        "dashboard": SEEN,
        "dashboard_cases": SEEN,
        "export_csv": SEEN,
        "knowledge_page": SHARED,
        "audit_page": SEEN,
        "audit_export": SEEN,
        "api_petition": SEEN,
        "api_petition_list": SEEN,
        "api_proposal": SEEN,
        "api_proposal_list": SEEN,
        "api_accept": NONE,
        "api_departments": SEEN,
        "api_stats_workstations": SEEN,
        "api_bodies": SEEN,
        "api_knowledge": SHARED,
    },
    "reviewer": {
        "case_page": SEEN,
        "proposal_page": SEEN,
        "review_queue": OWN,
        "review_accept_page": OWN,
        "department_progress": SEEN,
        "dashboard": NONE,
        "dashboard_cases": NONE,
        "export_csv": NONE,
        "knowledge_page": NONE,
        "api_petition": SEEN,
        "api_petition_list": SEEN,
        "api_proposal": SEEN,
        "api_proposal_list": SEEN,
        "api_accept": OWN,
        "api_departments": SEEN,
        "api_stats_workstations": NONE,
        "api_bodies": SEEN,
        "api_knowledge": NONE,
    },
    # Department handlers work in the department portal only; bodies change nothing for them.
    "handler": {},
    "liaison": {
        "case_page": OWN,
        "dashboard": OWN,
        "dashboard_cases": OWN,
        "export_csv": OWN,
        "knowledge_page": SHARED,
        "api_petition": OWN,
        "api_petition_list": OWN,
        "api_stats_workstations": OWN,
        "api_knowledge": SHARED,
    },
    "member": {
        "case_page": OWN,
        "proposal_page": OWN,
        "knowledge_page": SHARED,
        "api_petition": OWN,
        "api_petition_list": OWN,
        "api_proposal": OWN,
        "api_proposal_list": OWN,
        "api_knowledge": SHARED,
    },
}


def _shown(response, text: str) -> bool:
    """A page or list that answers and holds `text`; a refusal must be 403 or 404, nothing else."""
    assert response.status_code in (200, 403, 404), response.status_code
    return response.status_code == 200 and text in response.content.decode()


def _detail(response) -> bool:
    assert response.status_code in (200, 403, 404), response.status_code
    return response.status_code == 200


def _results(response) -> list:
    if response.status_code != 200:
        assert response.status_code in (403, 404), response.status_code
        return []
    return response.json()["results"]


def _accept_page(client, site) -> bool:
    client.post(reverse("proposals:accept", args=[site.proposal.pk]), {})
    site.proposal.refresh_from_db()
    return site.proposal.status == Status.ACCEPTED


def _accept_api(client, site) -> bool:
    response = client.post(reverse("api:proposal-accept", args=[site.proposal.pk]), {}, content_type="application/json")
    # Out of scope: 404; in scope but decided by another body (or not a reviewer): 403.
    assert response.status_code in (200, 403, 404), response.status_code
    site.proposal.refresh_from_db()
    return response.status_code == 200 and site.proposal.status == Status.ACCEPTED


CHECKS = {
    "case_page": lambda c, s: _detail(c.get(reverse("casework:case_detail", args=[s.petition.pk]))),
    "proposal_page": lambda c, s: _detail(c.get(reverse("proposals:detail", args=[s.proposal.pk]))),
    "review_queue": lambda c, s: _shown(c.get(reverse("proposals:review_queue")), s.proposal.title),
    "review_accept_page": _accept_page,
    "department_progress": lambda c, s: _shown(c.get(reverse("proposals:department_progress")), s.department.name),
    "dashboard": lambda c, s: _shown(c.get(reverse("stats:dashboard")), s.workstation.name),
    "dashboard_cases": lambda c, s: _shown(c.get(reverse("stats:cases", args=["collected"])), s.petition.display_code),
    "export_csv": lambda c, s: _shown(c.get(reverse("stats:export", args=["csv"])), s.workstation.name),
    "knowledge_page": lambda c, s: _shown(c.get(reverse("knowledge:list")), s.entry.title),
    "audit_page": lambda c, s: _shown(c.get(reverse("audit:access_log")), s.petition.tracking_code),
    "audit_export": lambda c, s: _shown(
        c.get(reverse("audit:access_log_export", args=["csv"])), s.petition.tracking_code
    ),
    "api_petition": lambda c, s: _detail(c.get(reverse("api:staff-petition-detail", args=[s.petition.pk]))),
    "api_petition_list": lambda c, s: (
        s.petition.pk in {row["id"] for row in _results(c.get(reverse("api:staff-petition-list")))}
    ),
    "api_proposal": lambda c, s: _detail(c.get(reverse("api:proposal-detail", args=[s.proposal.pk]))),
    "api_proposal_list": lambda c, s: (
        s.proposal.pk in {row["id"] for row in _results(c.get(reverse("api:proposal-list")))}
    ),
    "api_accept": _accept_api,
    "api_departments": lambda c, s: (
        s.department.pk in {row["id"] for row in _results(c.get(reverse("api:department-list")))}
    ),
    "api_stats_workstations": lambda c, s: (
        s.workstation.name in {row["name"] for row in _results(c.get(reverse("api:stats-api:workstations")))}
    ),
    "api_bodies": lambda c, s: s.body.pk in {row["id"] for row in _results(c.get(reverse("api:body-list")))},
    "api_knowledge": lambda c, s: s.entry.pk in {row["id"] for row in _results(c.get(reverse("api:knowledge-list")))},
}


def _run(check, client, site) -> bool:
    """One check in a savepoint rolled back after it: an accepted proposal is submitted again for
    the next check."""
    with transaction.atomic():
        allowed = CHECKS[check](client, site)
        transaction.set_rollback(True)
    return allowed


@pytest.mark.parametrize("relation", list(RELATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_body_matrix(db, client, world, role, relation):
    # given a viewer of this role at the viewer's body
    viewer_key, target_key = RELATIONS[relation]
    client.force_login(world[viewer_key].users[role])

    # when they open every page, endpoint and export on the target body's rows
    allowed = {check: _run(check, client, world[target_key]) for check in CHECKS}

    # then they see (or may do) exactly what the table says, and are refused the rest
    assert allowed == {check: relation in EXPECTED[role].get(check, NONE) for check in CHECKS}
