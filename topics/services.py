"""Every write of the topics app: proposing a topic (from the candidates view or by hand),
adopting it with its research group, the group's plan, activities and report, the consultation
meeting, the outcomes, publishing, closing.

Each function checks who is asking itself (topics.permissions) and raises ActionNotAllowed; bad
input raises TransitionError with a message fit to show; status moves go through
topics.workflow.topic_transition, which checks the table under the row lock."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.i18n import in_office_language
from petitions.choices import Status as PetitionStatus
from petitions.workflow import ActionNotAllowed, TransitionError
from topics.choices import EventType, Status
from topics.events import topic_event_write
from topics.models import Topic
from topics.permissions import is_office

# Cases that are no evidence of anything: junk, or joined into another case (counted with it).
NOT_EVIDENCE = (PetitionStatus.SPAM, PetitionStatus.MERGED)
MIN_YEAR, MAX_YEAR = 2000, 2100


def require_office(user) -> None:
    if not is_office(user):
        raise ActionNotAllowed(_("只有办公室工作人员可以进行此操作。"))


def _clean_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise TransitionError(_("请填写课题年度。")) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TransitionError(_("课题年度应在 %(min)s 至 %(max)s 年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return year


@in_office_language
@transaction.atomic
def topic_propose(*, by, title: str, year: int, summary: str = "", source: str = "", petitions=()) -> Topic:
    """Office staff propose a research topic for `year`, e.g. from a row of the candidates view
    (stats, /dashboard/topics/): `source` says which row ("类别：城市管理 2026年"), `petitions` (an
    iterable of Petition rows or a queryset) are the cases it came from, linked as its evidence —
    spam and merged duplicates left out. The topic starts as proposed, with one PROPOSED event.

    Raises ActionNotAllowed unless `by` holds topics.manage_topic, TransitionError for a missing
    title or an implausible year; nothing is saved then."""
    require_office(by)
    title = (title or "").strip()
    if not title:
        raise TransitionError(_("请填写课题名称。"))
    if len(title) > 200:
        raise TransitionError(_("课题名称不能超过 200 字。"))
    year = _clean_year(year)
    source = (source or "").strip()[:200]
    topic = Topic.objects.create(title=title, year=year, summary=(summary or "").strip(), source=source, proposed_by=by)
    petition_ids = _evidence_ids(petitions)
    if petition_ids:
        topic.petitions.add(*petition_ids)
    topic_event_write(
        topic=topic,
        type=EventType.PROPOSED,
        actor=by,
        to_status=Status.PROPOSED,
        message=_("提出课题（%(source)s），关联诉求 %(count)s 件。")
        % {"source": source or _("办公室"), "count": len(petition_ids)},
        data={"petitions": len(petition_ids), "source": source},
    )
    return topic


def _evidence_ids(petitions) -> list[int]:
    """The ids of the cases to link: a queryset is narrowed in the database (its contact columns
    never loaded), rows given one by one are read as they are."""
    if hasattr(petitions, "values_list"):
        return sorted(petitions.exclude(status__in=NOT_EVIDENCE).order_by().values_list("pk", flat=True).distinct())
    return sorted({p.pk for p in petitions if p.status not in NOT_EVIDENCE})
