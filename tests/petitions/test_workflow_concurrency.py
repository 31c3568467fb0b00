"""Two simultaneous clicks on PostgreSQL, with real threads and real connections: one wins, the
other is refused, and there is one event and one outcome."""

import threading

import pytest
from django.db import connection

from petitions.choices import EventType, Outcome, Status, Track
from petitions.models import Petition, PetitionEvent
from petitions.services.handling import petition_close, petition_reply, petition_triage
from petitions.workflow import TransitionError
from proposals.models import Proposal
from proposals.services import proposal_accept, proposal_return
from tests import factories
from tests.workflow_helpers import submitted_proposal, triaged_petition

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    """Run the calls at the same instant in separate threads; returns (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except TransitionError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.parametrize("round_", range(5))
def test_two_replies_at_once_leave_one_reply(round_, member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    results, errors = _race(
        lambda: petition_reply(user=member.user, petition_id=petition.pk, message="答复甲"),
        lambda: petition_reply(user=member.user, petition_id=petition.pk, message="答复乙"),
    )
    assert (len(results), len(errors)) == (1, 1)
    assert "不能进行此操作" in errors[0].message
    assert PetitionEvent.objects.filter(petition=petition, type=EventType.REPLIED).count() == 1
    assert Petition.objects.get(pk=petition.pk).status == Status.REPLIED


def test_close_answered_and_close_solved_at_once_leave_one_outcome(member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="答复")
    results, errors = _race(
        lambda: petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED),
        lambda: petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED),
    )
    assert (len(results), len(errors)) == (1, 1)
    petition.refresh_from_db()
    assert petition.outcome == results[0].outcome
    assert PetitionEvent.objects.filter(petition=petition, type=EventType.CLOSED).count() == 1


def test_triage_into_two_tracks_at_once_is_harmless_but_replying_twice_is_not(member, workstation):
    # Triage is ASSIGNED -> ASSIGNED (a member may change their mind), so both clicks count; the
    # last one wins the track. What matters is that no second reply can follow.
    petition = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    _race(
        lambda: petition_triage(user=member.user, petition_id=petition.pk, track=Track.ANSWER),
        lambda: petition_triage(user=member.user, petition_id=petition.pk, track=Track.EXPLAIN),
    )
    assert PetitionEvent.objects.filter(petition=petition, type=EventType.TRIAGED).count() == 2


def test_reviewer_accept_and_return_at_once_leave_one_decision(member, workstation, reviewer):
    proposal = submitted_proposal(member, workstation)
    results, errors = _race(
        lambda: proposal_accept(user=reviewer, proposal_id=proposal.pk),
        lambda: proposal_return(user=reviewer, proposal_id=proposal.pk, reason="请补充"),
    )
    assert (len(results), len(errors)) == (1, 1)
    petition = proposal.petitions.get()
    decisions = PetitionEvent.objects.filter(
        petition=petition, type__in=[EventType.PROPOSAL_ACCEPTED, EventType.PROPOSAL_RETURNED]
    )
    assert decisions.count() == 1
    assert Proposal.objects.get(pk=proposal.pk).status == results[0].status


def test_two_consultations_at_once_leave_one_hand_off(member, workstation, department):
    from handoffs.models import Delivery
    from petitions.models import Consultation
    from petitions.services.handling import petition_consult

    petition = triaged_petition(member, workstation, Track.CONSULT)
    results, errors = _race(
        lambda: petition_consult(user=member.user, petition_id=petition.pk, department=department, question="甲"),
        lambda: petition_consult(user=member.user, petition_id=petition.pk, department=department, question="乙"),
    )
    assert (len(results), len(errors)) == (1, 1)
    assert Consultation.objects.filter(petition=petition).count() == 1
    assert Delivery.objects.count() == 1
    assert PetitionEvent.objects.filter(petition=petition, type=EventType.CONSULTATION_SENT).count() == 1


def test_two_handlers_acknowledging_at_once_leave_one_acknowledgement(
    member, workstation, reviewer, department, department_handler
):
    from accounts.roles import Role
    from departments.services import assignment_acknowledge
    from tests.workflow_helpers import assigned_proposal

    colleague = factories.UserFactory(username="handler-2", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(colleague)
    assignment = assigned_proposal(member, workstation, reviewer, department).assignments.get()
    results, errors = _race(
        lambda: assignment_acknowledge(assignment_id=assignment.pk, user=department_handler),
        lambda: assignment_acknowledge(assignment_id=assignment.pk, user=colleague),
    )
    assert (len(results), len(errors)) == (1, 1)
    assert PetitionEvent.objects.filter(type=EventType.DEPARTMENT_ACKNOWLEDGED).count() == 1
