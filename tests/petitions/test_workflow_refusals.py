"""Every action refused to someone who can see the case but has no business doing it: a member of
the same workstation who is not assigned, a reviewer, a department handler. Nothing changes."""

import datetime

import pytest

from departments.services import assignment_acknowledge, assignment_report, extension_request
from petitions.choices import Outcome, Satisfaction, Status, Track
from petitions.models import Petition
from petitions.services.handling import (
    petition_close,
    petition_consult,
    petition_merge,
    petition_reopen,
    petition_withdraw,
)
from petitions.workflow import ActionNotAllowed
from proposals.services import (
    assignment_contest_resolve,
    extension_decide,
    proposal_add_petition,
    proposal_assign,
    proposal_submit,
    proposal_update,
)
from tests import factories
from tests.workflow_helpers import (
    assigned_petition,
    assigned_proposal,
    drafted_proposal,
    snapshot,
    triaged_petition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(workstation):
    """A member of the same workstation, not assigned to the case."""
    return factories.MemberFactory(user__username="colleague", workstations=[workstation]).user


def test_petition_actions_refused_to_a_colleague(colleague, member, workstation, department):
    replied = triaged_petition(member, workstation, Track.ANSWER)
    Petition.objects.filter(pk=replied.pk).update(status=Status.REPLIED)
    consult = triaged_petition(member, workstation, Track.CONSULT)
    other = assigned_petition(member, workstation)
    closed = assigned_petition(
        member, workstation, status=Status.CLOSED, outcome=Outcome.ANSWERED, satisfaction=Satisfaction.UNSATISFIED
    )
    before = snapshot()
    calls = [
        lambda: petition_close(user=colleague, petition_id=replied.pk, outcome=Outcome.ANSWERED),
        lambda: petition_consult(user=colleague, petition_id=consult.pk, department=department, question="问"),
        lambda: petition_merge(user=colleague, petition_id=other.pk, into_id=consult.pk),
        lambda: petition_withdraw(user=colleague, petition_id=other.pk),
        lambda: petition_reopen(user=colleague, petition_id=closed.pk),
    ]
    for call in calls:
        with pytest.raises(ActionNotAllowed):
            call()
    assert snapshot() == before


def test_proposal_actions_refused_to_a_colleague_and_to_a_handler(
    colleague, member, workstation, department, department_handler
):
    draft = drafted_proposal(member, workstation)
    spare = triaged_petition(member, workstation, Track.PROPOSE)
    before = snapshot()
    for user in (colleague, department_handler):
        for call in (
            lambda u=user: proposal_submit(user=u, proposal_id=draft.pk),
            lambda u=user: proposal_update(user=u, proposal_id=draft.pk, title="改"),
            lambda u=user: proposal_add_petition(user=u, proposal_id=draft.pk, petition_id=spare.pk),
            lambda u=user: proposal_assign(user=u, proposal_id=draft.pk, lead_department=department),
        ):
            with pytest.raises(ActionNotAllowed):
                call()
    assert snapshot() == before


def test_reviewer_only_decisions_refused_to_members_and_handlers(
    member, workstation, reviewer, department, department_handler
):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    extension = extension_request(
        assignment_id=lead.pk,
        user=department_handler,
        new_due_date=lead.due_date + datetime.timedelta(days=3),
        reason="需协调",
    )
    before = snapshot()
    for user in (member.user, department_handler):
        with pytest.raises(ActionNotAllowed, match="只有政协审核人员可以审核和交办建议。"):
            extension_decide(user=user, extension_id=extension.pk, grant=True)
        with pytest.raises(ActionNotAllowed):
            assignment_contest_resolve(user=user, assignment_id=lead.pk, decision="confirm")
    assert snapshot() == before


def test_department_steps_refused_to_the_member_and_the_reviewer(member, workstation, reviewer, department):
    proposal = assigned_proposal(member, workstation, reviewer, department)
    lead = proposal.assignments.get()
    before = snapshot()
    for user in (member.user, reviewer):
        with pytest.raises(ActionNotAllowed):
            assignment_acknowledge(assignment_id=lead.pk, user=user)
        with pytest.raises(ActionNotAllowed):
            assignment_report(assignment_id=lead.pk, user=user, result="办完")
    assert snapshot() == before
