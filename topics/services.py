"""Every write of the topics app: proposing a topic (from the candidates view or by hand),
adopting it with its research group, the group's plan, activities and report, the consultation
meeting, the outcomes, publishing, closing.

Each function checks who is asking itself (topics.permissions) and raises ActionNotAllowed; bad
input raises TransitionError with a message fit to show; status moves go through
topics.workflow.topic_transition, which checks the table under the row lock."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import staff_notify
from common.calendar import add_working_days, is_workday
from common.i18n import in_office_language
from departments.services import attachments_check
from petitions.choices import Status as PetitionStatus
from petitions.services.handling import notify_citizens_after_commit
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.services import proposal_draft_from_topic
from topics.choices import (
    ADOPTED_STATUSES,
    OUTCOME_STATUSES,
    WORKING_STATUSES,
    ActivityKind,
    EventType,
    GroupRole,
    OutcomeKind,
    Status,
)
from topics.events import topic_event_write
from topics.models import Activity, Meeting, Milestone, Outcome, Topic, TopicFile, TopicMember
from topics.permissions import GROUP, LEAD, MANAGE_TOPIC, OFFICE, actor_roles, is_office
from topics.workflow import lock_topic, topic_transition

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


# --- adopting, the research group ----------------------------------------------------------------


def _clean_group(*, lead, members) -> list:
    if lead is None:
        raise TransitionError(_("请选择牵头委员。"))
    others = [m for m in dict.fromkeys(members or ()) if m.pk != lead.pk]
    if not lead.is_active or any(not m.is_active for m in others):
        raise TransitionError(_("调研组只能由在职委员组成。"))
    return others


def _group_write(*, topic: Topic, lead, others, sectors, departments) -> None:
    TopicMember.objects.filter(topic=topic).delete()
    TopicMember.objects.bulk_create(
        [TopicMember(topic=topic, member=lead, role=GroupRole.LEAD)]
        + [TopicMember(topic=topic, member=m, role=GroupRole.MEMBER) for m in others]
    )
    sectors = list(sectors or ()) or sorted({lead.sector, *(m.sector for m in others)}, key=lambda s: s.pk)
    topic.sectors.set(sectors)
    topic.departments.set(list(departments or ()))


def _group_data(lead, others) -> dict:
    return {"lead_id": lead.pk, "member_ids": [m.pk for m in others]}


@in_office_language
@transaction.atomic
def topic_adopt(*, by, topic_id: int, lead, members=(), sectors=(), departments=(), year: int | None = None) -> Topic:
    """Office staff set a proposed topic as a key research topic of its year (or of `year`) with
    its research group: the lead member, the members, the sectors (those of the members when none
    is given) and the departments involved. The lead is told (accounts.services.staff_notify)."""
    require_office(by)
    others = _clean_group(lead=lead, members=members)
    changes = {"adopted_at": timezone.now()}
    if year is not None:
        changes["year"] = _clean_year(year)
    topic = topic_transition(
        topic_id=topic_id,
        to_status=Status.ADOPTED,
        actor=by,
        changes=changes,
        message=_("确定为 %(year)s 年度重点调研课题，牵头委员：%(lead)s。")
        % {"year": changes.get("year", Topic.objects.get(pk=topic_id).year), "lead": lead.name},
        data=_group_data(lead, others),
    )
    _group_write(topic=topic, lead=lead, others=others, sectors=sectors, departments=departments)
    _group_tell(
        topic=topic,
        members=[lead, *others],
        subject=_("重点调研课题"),
        body=_("您已加入 %(year)s 年度重点调研课题“%(title)s”调研组。"),
    )
    return topic


@in_office_language
@transaction.atomic
def topic_group_set(*, by, topic_id: int, lead, members=(), sectors=(), departments=()) -> Topic:
    """Office staff change an adopted topic's research group (one GROUP_CHANGED event)."""
    require_office(by)
    topic = lock_topic(topic_id)
    if topic.status not in WORKING_STATUSES:
        raise TransitionError(
            _("该课题当前状态为“%(status)s”，不能调整调研组。") % {"status": topic.get_status_display()}
        )
    others = _clean_group(lead=lead, members=members)
    _group_write(topic=topic, lead=lead, others=others, sectors=sectors, departments=departments)
    topic_event_write(
        topic=topic,
        type=EventType.GROUP_CHANGED,
        actor=by,
        message=_("调研组已调整，牵头委员：%(lead)s。") % {"lead": lead.name},
        data=_group_data(lead, others),
    )
    return topic


@in_office_language
@transaction.atomic
def topic_decline(*, by, topic_id: int, reason: str) -> Topic:
    """Office staff decide not to take a proposed topic up; the reason is kept."""
    require_office(by)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("请说明不予采纳的理由。"))
    return topic_transition(
        topic_id=topic_id,
        to_status=Status.DECLINED,
        actor=by,
        changes={"decline_reason": reason},
        message=reason,
    )


@in_office_language
@transaction.atomic
def topic_research_start(*, by, topic_id: int) -> Topic:
    """Office staff or the lead member start the research (the group goes out)."""
    return topic_transition(topic_id=topic_id, to_status=Status.RESEARCHING, actor=by, message=_("调研组启动调研。"))


# --- the plan, the activities ----------------------------------------------------------------


def _require_group_writer(user, topic: Topic) -> None:
    """Office staff or the topic's lead member record the plan and the activities."""
    if not {OFFICE, LEAD} & actor_roles(user, topic):
        raise ActionNotAllowed(_("只有办公室工作人员或本课题的牵头委员可以进行此操作。"))
    if topic.status not in WORKING_STATUSES:
        raise TransitionError(
            _("该课题当前状态为“%(status)s”，不能再记录调研工作。") % {"status": topic.get_status_display()}
        )


@in_office_language
@transaction.atomic
def milestone_add(*, by, topic_id: int, title: str, due_date: datetime.date) -> Milestone:
    """A step of the research plan with its date; reminded like a deadline (topics.tasks)."""
    topic = lock_topic(topic_id)
    _require_group_writer(by, topic)
    title = (title or "").strip()
    if not title:
        raise TransitionError(_("请填写工作节点。"))
    if due_date is None:
        raise TransitionError(_("请填写完成期限。"))
    milestone = Milestone.objects.create(topic=topic, title=title[:200], due_date=due_date)
    topic_event_write(
        topic=topic,
        type=EventType.MILESTONE_ADDED,
        actor=by,
        message=_("工作节点“%(title)s”，期限 %(date)s。") % {"title": milestone.title, "date": due_date.isoformat()},
        data={"milestone_id": milestone.pk},
    )
    return milestone


@in_office_language
@transaction.atomic
def milestone_done(*, by, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
    topic = lock_topic(milestone.topic_id)
    _require_group_writer(by, topic)
    if milestone.done_at is not None:
        raise TransitionError(_("该工作节点已经完成。"))
    milestone.done_at = timezone.now()
    milestone.save(update_fields=["done_at", "updated_at"])
    topic_event_write(
        topic=topic,
        type=EventType.MILESTONE_DONE,
        actor=by,
        message=_("工作节点“%(title)s”已完成。") % {"title": milestone.title},
        data={"milestone_id": milestone.pk},
    )
    return milestone


def _files_save(*, topic: Topic, files, purpose: str, by, activity: Activity | None = None) -> None:
    for upload in files:
        TopicFile.objects.create(
            topic=topic,
            activity=activity,
            purpose=purpose,
            file=upload,
            original_name=PurePath(upload.name).name[:200],
            size=upload.size,
            uploaded_by=by if by.is_authenticated else None,
        )


@in_office_language
@transaction.atomic
def activity_record(
    *, by, topic_id: int, kind: str, date: datetime.date, place: str, participants=(), notes: str = "", files=()
) -> Activity:
    """A visit, seminar, survey or field research of the group, with the members who took part
    and its files (checked like a department's result attachments)."""
    topic = lock_topic(topic_id)
    _require_group_writer(by, topic)
    place, files = (place or "").strip(), list(files or ())
    if kind not in ActivityKind.values:
        raise TransitionError(_("请选择活动类型。"))
    if date is None:
        raise TransitionError(_("请填写活动日期。"))
    if not place:
        raise TransitionError(_("请填写活动地点。"))
    attachments_check(files)
    activity = Activity.objects.create(
        topic=topic, kind=kind, date=date, place=place[:200], notes=(notes or "").strip(), recorded_by=by
    )
    activity.participants.set(list(participants or ()))
    _files_save(topic=topic, files=files, purpose=TopicFile.Purpose.ACTIVITY, by=by, activity=activity)
    topic_event_write(
        topic=topic,
        type=EventType.ACTIVITY_RECORDED,
        actor=by,
        message=_("%(kind)s：%(date)s，%(place)s。")
        % {"kind": ActivityKind(kind).label, "date": date.isoformat(), "place": activity.place},
        data={"activity_id": activity.pk},
    )
    return activity


# --- report, meeting, outcomes ---------------------------------------------------------------


@in_office_language
@transaction.atomic
def topic_report_submit(*, by, topic_id: int, summary: str, files=()) -> Topic:
    """The lead member (or office staff) submit the research report: its summary and document."""
    summary, files = (summary or "").strip(), list(files or ())
    if not summary:
        raise TransitionError(_("请填写调研报告摘要。"))
    if not files and not TopicFile.objects.filter(topic_id=topic_id, purpose=TopicFile.Purpose.REPORT).exists():
        raise TransitionError(_("请上传调研报告。"))
    attachments_check(files)
    topic = topic_transition(
        topic_id=topic_id,
        to_status=Status.REPORT_SUBMITTED,
        actor=by,
        changes={"report_summary": summary, "report_submitted_at": timezone.now()},
        message=_("调研报告已报送。"),
    )
    _files_save(topic=topic, files=files, purpose=TopicFile.Purpose.REPORT, by=by)
    return topic


@in_office_language
@transaction.atomic
def topic_consult(
    *,
    by,
    topic_id: int,
    title: str,
    date: datetime.date,
    place: str = "",
    participants=(),
    departments=(),
    minutes: str = "",
    files=(),
) -> Meeting:
    """Office staff record the consultation meeting that discussed the report: its date, the
    members present, the departments invited, the minutes."""
    require_office(by)
    title, files = (title or "").strip(), list(files or ())
    if not title:
        raise TransitionError(_("请填写会议名称。"))
    if date is None:
        raise TransitionError(_("请填写会议日期。"))
    attachments_check(files)
    topic = topic_transition(
        topic_id=topic_id,
        to_status=Status.CONSULTED,
        actor=by,
        message=_("%(title)s：%(date)s。") % {"title": title, "date": date.isoformat()},
    )
    meeting = Meeting.objects.create(
        topic=topic, title=title[:200], date=date, place=(place or "").strip()[:200], minutes=(minutes or "").strip()
    )
    meeting.participants.set(list(participants or ()))
    meeting.departments.set(list(departments or ()))
    _files_save(topic=topic, files=files, purpose=TopicFile.Purpose.MINUTES, by=by)
    return meeting


@in_office_language
@transaction.atomic
def outcome_record(
    *, by, topic_id: int, kind: str, title: str, date: datetime.date, document_ref: str = "", description: str = ""
) -> Outcome:
    """Office staff record a policy or measure adopted because of the topic. The first moves the
    topic to "outcomes recorded" (OUTCOMES_RECORDED); later ones add to it (OUTCOME_ADDED). On a
    published topic the linked cases' citizens are told once (see topic_publish)."""
    require_office(by)
    title = (title or "").strip()
    if kind not in OutcomeKind.values:
        raise TransitionError(_("请选择成果类型。"))
    if not title:
        raise TransitionError(_("请填写成果名称。"))
    if date is None:
        raise TransitionError(_("请填写成果日期。"))
    topic = lock_topic(topic_id)
    message = _("%(kind)s：%(title)s。") % {"kind": OutcomeKind(kind).label, "title": title}
    fields = {
        "kind": kind,
        "title": title[:200],
        "date": date,
        "document_ref": (document_ref or "").strip()[:100],
        "description": (description or "").strip(),
    }
    if topic.status == Status.OUTCOMES_RECORDED:
        outcome = Outcome.objects.create(topic=topic, **fields)
        topic_event_write(
            topic=topic, type=EventType.OUTCOME_ADDED, actor=by, message=message, data={"outcome_id": outcome.pk}
        )
        return outcome
    topic = topic_transition(topic_id=topic_id, to_status=Status.OUTCOMES_RECORDED, actor=by, message=message)
    outcome = Outcome.objects.create(topic=topic, **fields)
    if topic.published_at is not None:
        _citizens_tell(topic=topic, by=by)
    return outcome


@in_office_language
@transaction.atomic
def topic_close(*, by, topic_id: int) -> Topic:
    """Office staff close the topic once its outcomes are recorded."""
    return topic_transition(
        topic_id=topic_id,
        to_status=Status.CLOSED,
        actor=by,
        changes={"closed_at": timezone.now()},
        message=_("课题结题。"),
    )


# --- publishing ------------------------------------------------------------------------------


@in_office_language
@transaction.atomic
def topic_publish(*, by, topic_id: int) -> Topic:
    """Office staff publish an adopted topic's public page (counts of what citizens raised, what
    the members did, what came of it; no personal data). Once it has outcomes, the citizens behind
    its cases who gave a phone are told by SMS, once per topic (CITIZENS_TOLD)."""
    require_office(by)
    topic = lock_topic(topic_id)
    if topic.status not in ADOPTED_STATUSES:
        raise TransitionError(_("只有已确定的课题可以公开。"))
    if topic.published_at is not None:
        raise TransitionError(_("该课题已经公开。"))
    topic.published_at = timezone.now()
    topic.save(update_fields=["published_at", "updated_at"])
    topic_event_write(topic=topic, type=EventType.PUBLISHED, actor=by, message=_("课题已公开。"))
    if topic.status in OUTCOME_STATUSES:
        _citizens_tell(topic=topic, by=by)
    return topic


@in_office_language
@transaction.atomic
def topic_unpublish(*, by, topic_id: int) -> Topic:
    require_office(by)
    topic = lock_topic(topic_id)
    if topic.published_at is None:
        raise TransitionError(_("该课题尚未公开。"))
    topic.published_at = None
    topic.save(update_fields=["published_at", "updated_at"])
    topic_event_write(topic=topic, type=EventType.UNPUBLISHED, actor=by, message=_("已撤回公开。"))
    return topic


def _citizens_tell(*, topic: Topic, by) -> None:
    """Tell the citizens behind the topic's cases, once per topic, by the citizens' one path
    (petitions.services.handling.notify_citizens_after_commit: who gave a phone and consented,
    each with their tracking code; the SMS names no one and the logs mask the number)."""
    if topic.citizens_told_at is not None:
        return
    petition_ids = list(topic.petitions.order_by("pk").values_list("pk", flat=True))
    topic.citizens_told_at = timezone.now()
    topic.save(update_fields=["citizens_told_at", "updated_at"])
    topic_event_write(
        topic=topic,
        type=EventType.CITIZENS_TOLD,
        actor=by,
        message=_("已短信告知相关诉求群众（%(count)s 件诉求）。") % {"count": len(petition_ids)},
        data={"petitions": len(petition_ids)},
    )
    if petition_ids:
        notify_citizens_after_commit(
            petition_ids=petition_ids,
            body=_("您反映的问题已纳入政协重点调研课题“%(title)s”，调研成果已公布：%(link)s")
            % {"title": topic.title, "link": public_link(topic)},
        )


def public_link(topic: Topic) -> str:
    return settings.PUBLIC_BASE_URL + reverse("topics:public", args=[topic.pk])


def _group_tell(*, topic: Topic, members, subject, body) -> None:
    """Tell the group's members (staff_notify writes their in-app row now and pushes after commit)."""
    values = {"year": topic.year, "title": topic.title}
    link = reverse("topics:detail", args=[topic.pk])
    for member in members:
        staff_notify(user=member.user, subject=subject, body=body % values, link=link, phone=member.phone)


# --- proposals from a topic ------------------------------------------------------------------

# A proposal comes out of the consultation meeting: from then on.
PROPOSAL_STATUSES = frozenset({Status.CONSULTED, Status.OUTCOMES_RECORDED})


def may_draft_proposal(user, topic: Topic) -> bool:
    return topic.status in PROPOSAL_STATUSES and bool({LEAD, GROUP} & actor_roles(user, topic))


@in_office_language
@transaction.atomic
def topic_proposal_draft(
    *,
    by,
    topic_id: int,
    kind: str,
    title: str,
    facts: str,
    suggestion: str,
    suggested_department=None,
    livelihood_type: str = "",
):
    """A member of the research group drafts a proposal from the consulted topic, through the
    proposals workflow (proposals.services.proposal_draft_from_topic: draft, submit, review,
    assign as usual), linked to the topic; the topic's timeline says so (PROPOSAL_LINKED)."""
    topic = lock_topic(topic_id)
    if not {LEAD, GROUP} & actor_roles(by, topic):
        raise ActionNotAllowed(_("只有本课题调研组的委员可以起草课题建议。"))
    if topic.status not in PROPOSAL_STATUSES:
        raise TransitionError(_("课题经协商会议讨论后才能形成建议。"))
    proposal = proposal_draft_from_topic(
        user=by,
        topic=topic,
        kind=kind,
        title=title,
        facts=facts,
        suggestion=suggestion,
        suggested_department=suggested_department,
        livelihood_type=livelihood_type,
    )
    topic_event_write(
        topic=topic,
        type=EventType.PROPOSAL_LINKED,
        actor=by,
        message=_("形成建议“%(title)s”。") % {"title": proposal.title},
        data={"proposal_id": proposal.pk},
    )
    return proposal


# --- milestone reminders (beat) ------------------------------------------------------------------


def milestone_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """The beat's milestone sweep, like the cases' deadlines: on working days, the lead member is
    reminded of a plan step due by the next working day; once it is past, the lead and office staff
    are told it is overdue. Each once per due date (the row remembers it under its lock), so a
    second beat or a retry sends nothing twice; steps of topics no longer at work are left alone."""
    today = today or timezone.localdate()
    counts = {"reminded": 0, "overdue": 0}
    if not is_workday(today):
        return counts
    soon = add_working_days(today, 1)
    with transaction.atomic():
        rows = list(
            Milestone.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(done_at__isnull=True, due_date__lte=soon, topic__status__in=sorted(WORKING_STATUSES))
            .select_related("topic")
            .order_by("due_date", "pk")[:500]
        )
        office = list(User.objects.filter(groups__permissions__codename=MANAGE_TOPIC).distinct()) if rows else []
        for milestone in rows:
            lead = TopicMember.objects.filter(topic=milestone.topic, role=GroupRole.LEAD).select_related("member__user")
            lead = lead.first()
            values = {"topic": milestone.topic.title, "title": milestone.title, "date": milestone.due_date.isoformat()}
            link = reverse("topics:detail", args=[milestone.topic_id])
            if milestone.due_date >= today and milestone.reminded_for != milestone.due_date:
                if lead is not None:
                    staff_notify(
                        user=lead.member.user,
                        subject=_("课题工作节点即将到期"),
                        body=_("课题“%(topic)s”的工作节点“%(title)s”将于 %(date)s 到期。") % values,
                        link=link,
                        phone=lead.member.phone,
                    )
                milestone.reminded_for = milestone.due_date
                milestone.save(update_fields=["reminded_for", "updated_at"])
                counts["reminded"] += 1
            elif milestone.due_date < today and milestone.overdue_told_for != milestone.due_date:
                recipients = [(lead.member.user, lead.member.phone)] if lead is not None else []
                recipients += [(user, "") for user in office]
                for user, phone in recipients:
                    staff_notify(
                        user=user,
                        subject=_("课题工作节点已逾期"),
                        body=_("课题“%(topic)s”的工作节点“%(title)s”已于 %(date)s 到期，尚未完成。") % values,
                        link=link,
                        phone=phone,
                    )
                milestone.overdue_told_for = milestone.due_date
                milestone.save(update_fields=["overdue_told_for", "updated_at"])
                counts["overdue"] += 1
    return counts
