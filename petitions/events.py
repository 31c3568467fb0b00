"""Writers of the petition timeline. Every PetitionEvent row is written here, inside the caller's
transaction; nothing else creates one."""

import datetime

from django.utils import timezone

from petitions.choices import EventType, Visibility
from petitions.models import Petition, PetitionEvent


def event_write(
    *,
    petition: Petition,
    type: EventType,
    actor=None,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    public: bool = False,
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> PetitionEvent:
    """Append one event. `public=True` means the citizen reads `message` on /track/: it must hold
    no personal data and no internal remark. `at` is for recording what happened earlier (a
    petition taken at yesterday's reception, the demo's history); it defaults to now."""
    event = event_build(
        petition=petition,
        type=type,
        actor=actor,
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status,
        message=message,
        public=public,
        data=data,
        at=at,
    )
    event.save(force_insert=True)
    return event


def event_build(
    *,
    petition: Petition | None,
    type: EventType,
    actor=None,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    public: bool = False,
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> PetitionEvent:
    """An event not yet saved, for writers that insert several in one statement
    (petitions.workflow.petition_open); same rules as event_write."""
    return PetitionEvent(
        petition=petition,
        type=type,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        message=message,
        data=data or {},
        created_at=at or timezone.now(),
    )
