"""Writers of the topic timeline. Every TopicEvent row is written here, inside the caller's
transaction; nothing else creates one."""

from django.utils.translation import gettext_noop as N

from common.i18n import StoredTexts, reading_office_language
from topics.choices import EventType
from topics.models import Topic, TopicEvent

# The messages topics.services stores (in the office's language), by event type, to render them
# again in an English reader's; the same msgids as the services'. A message matching none (a
# reason given in a person's own words) is shown as written.
_TEMPLATES = StoredTexts()
for _type, *_msgids in (
    (EventType.PROPOSED, N("提出课题（%(source)s），关联诉求 %(count)s 件。")),
    (EventType.ADOPTED, N("确定为 %(year)s 年度重点调研课题，牵头委员：%(lead)s。")),
    (EventType.GROUP_CHANGED, N("调研组已调整，牵头委员：%(lead)s。")),
    (EventType.RESEARCH_STARTED, N("调研组启动调研。")),
    (EventType.MILESTONE_ADDED, N("工作节点“%(title)s”，期限 %(date)s。")),
    (EventType.MILESTONE_DONE, N("工作节点“%(title)s”已完成。")),
    (EventType.ACTIVITY_RECORDED, N("%(kind)s：%(date)s，%(place)s。")),
    (EventType.REPORT_SUBMITTED, N("调研报告已报送。")),
    (EventType.CONSULTED, N("%(title)s：%(date)s。")),
    (EventType.OUTCOMES_RECORDED, N("%(kind)s：%(title)s。")),
    (EventType.OUTCOME_ADDED, N("%(kind)s：%(title)s。")),
    (EventType.CLOSED, N("课题结题。")),
    (EventType.PUBLISHED, N("课题已公开。")),
    (EventType.UNPUBLISHED, N("已撤回公开。")),
    (EventType.CITIZENS_TOLD, N("已短信告知相关诉求群众（%(count)s 件诉求）。")),
    (EventType.PROPOSAL_LINKED, N("形成建议“%(title)s”。")),
):
    _TEMPLATES.add(_type, *_msgids)


def topic_event_text(event: TopicEvent) -> str:
    """The event's message as the reader's language renders it: the stored text for a reader in
    the office's language, else the translated template with the stored values (names, titles and
    places stay as written)."""
    if reading_office_language():
        return event.message
    rendered = _TEMPLATES.render(event.type, event.message or "")
    return event.message if rendered is None else rendered


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
