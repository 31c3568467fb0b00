"""The topic state machine: states are topics.choices.Status, allowed moves are TRANSITIONS, who
may make each move is MOVERS, and `topic_transition` is the only code that assigns `Topic.status`.

A topic goes proposed → adopted → researching → report submitted → consulted → outcomes recorded
→ closed, or is declined while proposed. Office staff (topics.manage_topic) make every move; the
lead member of the topic's research group may also start the research and submit the report,
the two steps that are the group's own work."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from petitions.workflow import ActionNotAllowed, TransitionError
from topics.choices import EventType, Status
from topics.events import topic_event_write
from topics.models import Topic
from topics.permissions import LEAD, OFFICE, actor_roles

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.ADOPTED, Status.DECLINED}),
    Status.ADOPTED: frozenset({Status.RESEARCHING}),
    Status.RESEARCHING: frozenset({Status.REPORT_SUBMITTED}),
    Status.REPORT_SUBMITTED: frozenset({Status.CONSULTED}),
    Status.CONSULTED: frozenset({Status.OUTCOMES_RECORDED}),
    Status.OUTCOMES_RECORDED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.DECLINED: frozenset(),
}

# Who may move a topic into each state.
MOVERS: dict[str, frozenset[str]] = {
    Status.ADOPTED: frozenset({OFFICE}),
    Status.DECLINED: frozenset({OFFICE}),
    Status.RESEARCHING: frozenset({OFFICE, LEAD}),
    Status.REPORT_SUBMITTED: frozenset({OFFICE, LEAD}),
    Status.CONSULTED: frozenset({OFFICE}),
    Status.OUTCOMES_RECORDED: frozenset({OFFICE}),
    Status.CLOSED: frozenset({OFFICE}),
}

# The event each move writes.
EVENT_OF: dict[str, EventType] = {
    Status.ADOPTED: EventType.ADOPTED,
    Status.DECLINED: EventType.DECLINED,
    Status.RESEARCHING: EventType.RESEARCH_STARTED,
    Status.REPORT_SUBMITTED: EventType.REPORT_SUBMITTED,
    Status.CONSULTED: EventType.CONSULTED,
    Status.OUTCOMES_RECORDED: EventType.OUTCOMES_RECORDED,
    Status.CLOSED: EventType.CLOSED,
}


def allowed_targets(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def may_move(user, topic: Topic, to_status: str) -> bool:
    """Whether the state table and the actor's role both allow this move now (for the pages'
    buttons; topic_transition decides again under the lock)."""
    movers = MOVERS.get(to_status, frozenset())
    return to_status in allowed_targets(topic.status) and bool(movers & actor_roles(user, topic))


def lock_topic(topic_id: int) -> Topic:
    return Topic.objects.select_for_update(of=("self",)).get(pk=topic_id)


@transaction.atomic
def topic_transition(
    *,
    topic_id: int,
    to_status: str,
    actor,
    changes: dict | None = None,
    message: str = "",
    data: dict | None = None,
) -> Topic:
    """Move one topic, row-locked: check the table, then who is asking, save with update_fields and
    write exactly one event. The second of two simultaneous clicks waits for the lock, then finds the
    state moved: TransitionError, nothing written."""
    topic = lock_topic(topic_id)
    from_status = topic.status
    if to_status not in allowed_targets(from_status):
        raise TransitionError(
            _("该课题当前状态为“%(status)s”，不能转为“%(target)s”。")
            % {"status": topic.get_status_display(), "target": Status(to_status).label}
        )
    if not MOVERS[to_status] & actor_roles(actor, topic):
        if MOVERS[to_status] == {OFFICE}:
            raise ActionNotAllowed(_("只有办公室工作人员可以进行此操作。"))
        raise ActionNotAllowed(_("只有办公室工作人员或本课题的牵头委员可以进行此操作。"))
    topic.status = to_status
    update_fields = ["status", "updated_at"]
    for name, value in (changes or {}).items():
        setattr(topic, name, value)
        update_fields.append(name)
    topic.save(update_fields=update_fields)
    topic_event_write(
        topic=topic,
        type=EVENT_OF[to_status],
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data,
    )
    return topic
