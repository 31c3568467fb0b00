"""Writers of the topic timeline. Every TopicEvent row is written here, inside the caller's
transaction; nothing else creates one."""

from topics.choices import EventType
from topics.models import Topic, TopicEvent


def topic_event_write(
    *,
    topic: Topic,
    type: EventType,
    actor=None,
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    data: dict | None = None,
) -> TopicEvent:
    """Append one event. `message` is for staff and, on a published topic, may be read on its
    public page: it names no citizen."""
    event = TopicEvent(
        topic=topic,
        type=type,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        message=str(message),
        data=data or {},
    )
    event.save(force_insert=True)
    return event
