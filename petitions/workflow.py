"""The petition state machine: the states are petitions.choices.Status, the allowed moves are
TRANSITIONS below, and `petition_transition` is the only code that assigns `Petition.status`.

Who may make a move (role, workstation, assignment) is checked by the service that calls
`petition_transition`, through petitions.permissions; this module checks the state table, locks
the row, saves with update_fields and writes exactly one event.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.db import insert_with_children
from petitions.choices import EventType, Status
from petitions.events import event_write
from petitions.models import Petition, PetitionEvent

TRANSITIONS: dict[str, frozenset[str]] = {
    # Waiting in the workstation's queue.
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.SPAM, Status.WITHDRAWN, Status.MERGED}),
    # With a member, no track chosen yet: reply at once (tracks 1 and 2), consult (3), propose (4),
    # hand back to the queue or to another member.
    Status.ASSIGNED: frozenset(
        {
            Status.RECEIVED,
            Status.ASSIGNED,
            Status.REPLIED,
            Status.CONSULTING,
            Status.PROPOSING,
            Status.SPAM,
            Status.WITHDRAWN,
            Status.MERGED,
        }
    ),
    Status.CONSULTING: frozenset({Status.CONSULTED, Status.WITHDRAWN}),
    # The department answered: reply to the citizen, or ask (another) department again.
    Status.CONSULTED: frozenset({Status.REPLIED, Status.CONSULTING, Status.WITHDRAWN}),
    # A proposal is in review or with departments; a returned-and-abandoned proposal sends the case
    # back to its member.
    Status.PROPOSING: frozenset({Status.RESULT_REPORTED, Status.ASSIGNED, Status.WITHDRAWN}),
    Status.RESULT_REPORTED: frozenset({Status.REPLIED}),
    Status.REPLIED: frozenset({Status.CLOSED}),
    # Reopened once after a "不满意" rating.
    Status.CLOSED: frozenset({Status.ASSIGNED}),
    Status.SPAM: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.MERGED: frozenset(),
}


class TransitionError(Exception):
    """A move the state table or the rules do not allow. `message` is fit to show the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ActionNotAllowed(TransitionError):
    """Refused because of who is asking (role, workstation, assignment, department), not because
    of the case's state. Views answer it exactly like a TransitionError: a message, nothing changed."""


# The states a petition may be born in: waiting in the queue, or taken at once by the member on duty.
INITIAL_STATUSES = frozenset({Status.RECEIVED, Status.ASSIGNED})


def allowed_targets(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def petition_open(*, petition: Petition, events: list[PetitionEvent]) -> Petition:
    """A new petition enters the machine: inserted in its first state with its first events (built
    with petitions.events.event_build, in order). Intake gives a petition to the member on duty this
    way in one step instead of RECEIVED then a locked move to ASSIGNED, which costs a savepoint, a
    lock and an update on every submission.

    On PostgreSQL the petition and its events are one statement (common.db.insert_with_children),
    atomic by itself: a caller with no other write needs no transaction around it."""
    if petition.pk is not None:
        raise TransitionError(_("该诉求已经存在。"))
    if petition.status not in INITIAL_STATUSES:
        raise TransitionError(_("新诉求不能处于“%(status)s”状态。") % {"status": petition.get_status_display()})
    if (petition.status == Status.ASSIGNED) != (petition.assigned_member_id is not None):
        raise TransitionError(_("已分派的诉求必须有承办委员。"))
    if not events or events[-1].to_status != petition.status:
        raise TransitionError(_("新诉求的记录必须以其当前状态结束。"))
    # One moment for all of them, so the timeline orders them as given (by id).
    moment = events[0].created_at
    for event in events:
        event.created_at = moment
    insert_with_children(petition, events, fk_field="petition")
    return petition


@transaction.atomic
def petition_transition(
    *,
    petition_id: int,
    to_status: str,
    event_type: EventType,
    actor=None,
    actor_label: str = "",
    expected_from: frozenset[str] | set[str] | None = None,
    changes: dict | None = None,
    message: str = "",
    public: bool = False,
    data: dict | None = None,
) -> Petition:
    """Move one petition to `to_status`, with the row locked for the whole check-and-write.

    `expected_from` narrows the states this particular action starts from (e.g. "reply" only from
    ASSIGNED, CONSULTED or RESULT_REPORTED); `changes` are further fields saved with the status.
    Two simultaneous clicks: the second waits for the lock, then finds the status already moved
    and gets a TransitionError, so there is one event and one outcome.
    """
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    from_status = petition.status
    if expected_from is not None and from_status not in expected_from:
        raise TransitionError(
            _("该诉求当前状态为“%(status)s”，不能进行此操作。") % {"status": petition.get_status_display()}
        )
    if to_status not in allowed_targets(from_status):
        raise TransitionError(
            _("该诉求当前状态为“%(status)s”，不能转为“%(target)s”。")
            % {"status": petition.get_status_display(), "target": Status(to_status).label}
        )
    petition.status = to_status
    update_fields = ["status", "updated_at"]
    for field, value in (changes or {}).items():
        setattr(petition, field, value)
        update_fields.append(field)
    petition.save(update_fields=update_fields)
    event_write(
        petition=petition,
        type=event_type,
        actor=actor,
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status,
        message=message,
        public=public,
        data=data,
    )
    return petition
