"""The proposal state machine: states are proposals.choices.Status, allowed moves are TRANSITIONS,
and `proposal_transition` is the only code that assigns `Proposal.status`.

Proposals have no event table of their own: every step is written on the timeline of each petition
behind the proposal (its citizens follow it there), through petitions.workflow when the petition's
status moves with it, through petitions.events otherwise. Who may make a move is checked by the
calling service (proposals.services)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from petitions.choices import EventType
from petitions.choices import Status as PetitionStatus
from petitions.events import event_write
from petitions.models import Petition
from petitions.workflow import TransitionError, petition_transition
from proposals.choices import Status
from proposals.models import Proposal

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    # SUBMITTED → SUBMITTED is a forward (转报): the proposal waits for the body above's review.
    Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.RETURNED, Status.SUBMITTED}),
    # The member revises and submits again, or gives it up.
    Status.RETURNED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.ASSIGNED}),
    Status.ASSIGNED: frozenset({Status.RESULT_REPORTED}),
    Status.RESULT_REPORTED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


@dataclass
class TimelineEntry:
    """What each petition behind the proposal gets on its timeline for this step. With
    `petition_status` the petition moves too (one petition event per petition either way)."""

    type: EventType
    message: str
    public: bool
    petition_status: str | None = None
    petition_expected_from: frozenset[str] | None = None
    petition_changes: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    actor_label: str = ""


def allowed_targets(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def lock_proposal(proposal_id: int) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).get(pk=proposal_id)


def following_petition_ids(proposal: Proposal) -> list[int]:
    """The petitions still behind the proposal: one withdrawn at the citizen's request meanwhile
    (or otherwise closed for good) no longer moves with it."""
    return list(
        proposal.petitions.exclude(status__in=[PetitionStatus.WITHDRAWN, PetitionStatus.SPAM, PetitionStatus.MERGED])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def timeline_write(*, proposal: Proposal, entry: TimelineEntry, actor=None) -> list[int]:
    """Write `entry` on the timeline of every petition behind `proposal`; returns their ids."""
    petition_ids = following_petition_ids(proposal)
    data = {"proposal_id": proposal.pk, **entry.data}
    for petition_id in petition_ids:
        if entry.petition_status is not None:
            petition_transition(
                petition_id=petition_id,
                to_status=entry.petition_status,
                event_type=entry.type,
                actor=actor,
                actor_label=entry.actor_label,
                expected_from=entry.petition_expected_from,
                changes=dict(entry.petition_changes),
                message=entry.message,
                public=entry.public,
                data=data,
            )
        else:
            event_write(
                petition=Petition.objects.get(pk=petition_id),
                type=entry.type,
                actor=actor,
                actor_label=entry.actor_label,
                message=entry.message,
                public=entry.public,
                data=data,
            )
    return petition_ids


@transaction.atomic
def proposal_transition(
    *,
    proposal_id: int,
    to_status: str,
    actor=None,
    expected_from: frozenset[str] | set[str] | None = None,
    changes: dict | None = None,
    entry: TimelineEntry | None = None,
) -> Proposal:
    """Move one proposal, row-locked, and write the step on its petitions' timelines. The second of
    two simultaneous clicks waits for the lock and then finds the state moved: TransitionError."""
    proposal = lock_proposal(proposal_id)
    from_status = proposal.status
    if expected_from is not None and from_status not in expected_from:
        raise TransitionError(
            _("该建议当前状态为“%(status)s”，不能进行此操作。") % {"status": proposal.get_status_display()}
        )
    if to_status not in allowed_targets(from_status):
        raise TransitionError(
            _("该建议当前状态为“%(status)s”，不能转为“%(target)s”。")
            % {"status": proposal.get_status_display(), "target": Status(to_status).label}
        )
    proposal.status = to_status
    update_fields = ["status", "updated_at"]
    for name, value in (changes or {}).items():
        setattr(proposal, name, value)
        update_fields.append(name)
    proposal.save(update_fields=update_fields)
    if entry is not None:
        entry.data = {"proposal_status": to_status, **entry.data}
        timeline_write(proposal=proposal, entry=entry, actor=actor)
    return proposal
