"""Helpers the workflow tests share: cases in a given state, built through the services themselves
so that each starting state is one the application can really reach."""

from django.utils import timezone

from departments.services import assignment_acknowledge, assignment_report
from handoffs.models import Delivery
from petitions.choices import Status, Track
from petitions.models import Consultation, Petition, PetitionEvent
from petitions.services.handling import petition_triage
from proposals.models import DeadlineExtension, Proposal, ProposalAssignment
from proposals.services import proposal_accept, proposal_assign, proposal_draft, proposal_submit
from tests import factories


def assigned_petition(member, workstation, **kwargs) -> Petition:
    kwargs.setdefault("status", Status.ASSIGNED)
    return factories.PetitionFactory(workstation=workstation, assigned_member=member, **kwargs)


def triaged_petition(member, workstation, track: Track, **kwargs) -> Petition:
    petition = assigned_petition(member, workstation, **kwargs)
    return petition_triage(user=member.user, petition_id=petition.pk, track=track)


def drafted_proposal(member, workstation, petitions=None, **kwargs) -> Proposal:
    petitions = petitions or [triaged_petition(member, workstation, Track.PROPOSE)]
    values = {
        "kind": "micro",
        "title": "关于整治河堤广场夜间噪音的建议",
        "facts": "次日实地走访，确认晚九点后广场音响音量过大。",
        "suggestion": "建议城管局规范广场活动时间和音量。",
    }
    values.update(kwargs)
    return proposal_draft(user=member.user, petition_ids=[p.pk for p in petitions], **values)


def submitted_proposal(member, workstation, **kwargs) -> Proposal:
    proposal = drafted_proposal(member, workstation, **kwargs)
    return proposal_submit(user=member.user, proposal_id=proposal.pk)


def assigned_proposal(member, workstation, reviewer, department, co_departments=(), **kwargs) -> Proposal:
    proposal = submitted_proposal(member, workstation, **kwargs)
    proposal_accept(user=reviewer, proposal_id=proposal.pk)
    return proposal_assign(
        user=reviewer, proposal_id=proposal.pk, lead_department=department, co_departments=co_departments
    )


def reported_proposal(member, workstation, reviewer, department, handler, **kwargs) -> Proposal:
    proposal = assigned_proposal(member, workstation, reviewer, department, **kwargs)
    lead = proposal.assignments.get(role="lead")
    assignment_acknowledge(assignment_id=lead.pk, user=handler)
    assignment_report(assignment_id=lead.pk, user=handler, result="已规范广场活动时间，22点后禁止使用音响。")
    proposal.refresh_from_db()
    return proposal


def grade_fields(proposal, grade: str = "A", rating: str = "satisfied", reason: str = "") -> dict:
    """The confirm form's grade, reason and rating for every department on the proposal."""
    data = {}
    for assignment in proposal.assignments.exclude(status="withdrawn"):
        data |= {
            f"grade_{assignment.pk}": grade,
            f"rating_{assignment.pk}": rating,
            f"reason_{assignment.pk}": reason,
        }
    return data


def snapshot() -> dict:
    """What a refused action must leave exactly as it was."""
    return {
        "events": PetitionEvent.objects.count(),
        "petitions": list(
            Petition.objects.order_by("pk").values_list(
                "pk", "status", "track", "assigned_member_id", "outcome", "merged_into_id", "due_date", "updated_at"
            )
        ),
        "consultations": list(Consultation.objects.order_by("pk").values_list("pk", "status", "answer")),
        "deliveries": Delivery.objects.count(),
        "proposals": list(Proposal.objects.order_by("pk").values_list("pk", "status", "title", "updated_at")),
        "assignments": list(
            ProposalAssignment.objects.order_by("pk").values_list("pk", "status", "due_date", "grade", "graded_at")
        ),
        "extensions": list(DeadlineExtension.objects.order_by("pk").values_list("pk", "status")),
    }


def today():
    return timezone.localdate()
