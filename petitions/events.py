"""Writers of the petition timeline. Every PetitionEvent row is written here, inside the caller's
transaction; nothing else creates one. And its reading in the reader's language (`event_text`)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from common.i18n import StoredTexts, reading_office_language
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


# --- reading the timeline in the reader's language -------------------------------------------
#
# A message is stored as written, in the office's language: the citizen reads it on /track/ as
# it was sent. A staff reader in another language (English) gets it rendered again from the event's
# type and what the message was made of: each writer's template (the same msgid the writer used) is
# matched against the stored text, its values read back (a track, an outcome, a tracking code) and
# the template and the values translated. A message a person wrote (a reply, a note, a reason)
# matches no template and is shown as written; a fixed message no template covers (the demo's
# history) gives way to the event type's own label, which the page shows anyway.

_TEMPLATES = StoredTexts()
# Types whose message may be a person's own words, shown as written when no template matches.
PERSONS_WORDS = frozenset(
    {
        EventType.REPLIED,
        EventType.NOTE,
        EventType.MARKED_SPAM,
        EventType.PROPOSAL_RETURNED,
        EventType.DEPARTMENT_CONTESTED,
    }
)


def timeline_templates_add(event_type: str, *msgids) -> None:
    """Declare the message templates (msgids, untranslated) a writer uses for `event_type`; apps
    above petitions declare theirs in AppConfig.ready()."""
    _TEMPLATES.add(event_type, *msgids)


def event_text(event: PetitionEvent) -> str:
    """The event's message as a staff reader in the active language reads it."""
    if reading_office_language():
        return event.message
    rendered = _TEMPLATES.render(event.type, event.message or "")
    if rendered is not None:
        return rendered
    return event.message if event.type in PERSONS_WORDS else ""


def event_actor_text(event: PetitionEvent) -> str:
    """Who acted, as the reader reads it: a user's name, or the label (系统, 群众: translated; a
    department's name stays as the office wrote it)."""
    if event.actor_id is not None:
        return event.actor.display_name
    label = event.actor_label or ""
    return label if reading_office_language() or not label else gettext(label)


timeline_templates_add(EventType.SUBMITTED, gettext_noop("诉求已受理，将在 %(date)s 前首次响应。"))
timeline_templates_add(EventType.QUEUED, gettext_noop("已进入工作室待分派队列，联络员将尽快安排委员办理。"))
timeline_templates_add(
    EventType.ASSIGNED,
    gettext_noop("已分派给值班委员（%(sector)s）办理。"),
    gettext_noop("委员已受理您的诉求。"),
    gettext_noop("已分派委员办理。"),
    gettext_noop("已转交其他委员办理。"),
)
timeline_templates_add(EventType.TRIAGED, gettext_noop("委员已确定办理方式：%(track)s。"))
timeline_templates_add(EventType.CLOSED, gettext_noop("已办结：%(outcome)s。"))
timeline_templates_add(EventType.CONSULTATION_SENT, gettext_noop("委员已就您的诉求咨询%(department)s，等待部门答复。"))
timeline_templates_add(EventType.CONSULTATION_ANSWERED, gettext_noop("%(department)s已答复咨询，委员正在整理答复。"))
timeline_templates_add(EventType.WITHDRAWN, gettext_noop("应群众要求，诉求已撤回。"))
timeline_templates_add(
    EventType.MERGED,
    gettext_noop("已有群众反映相同问题，您的诉求并入查询码 %(code)s 一并办理，办理进展会同时告知您。"),
    gettext_noop("您反映的问题已有群众反映，已并入同一诉求办理，办理进度将在此显示。"),
)
timeline_templates_add(
    EventType.JOINED,
    gettext_noop("另有群众反映相同问题（查询码 %(code)s），已并入本件办理。"),
    gettext_noop("又有群众反映了相同的问题。"),
)
timeline_templates_add(EventType.REOPENED, gettext_noop("根据您的评价，诉求已重新办理。"))
timeline_templates_add(EventType.RATED, gettext_noop("群众评价：%(label)s"))
timeline_templates_add(
    EventType.ANONYMISED,
    gettext_noop("保存期满，已删除群众个人信息（姓名、联系方式、住址）和照片。"),
    gettext_noop("应群众要求，已删除群众个人信息（姓名、联系方式、住址）和照片。"),
)
timeline_templates_add(EventType.CO_MEMBER_INVITED, gettext_noop("邀请%(name)s（%(sector)s）协办。"))
timeline_templates_add(EventType.CO_MEMBER_REMOVED, gettext_noop("%(name)s 不再协办本件。"))
