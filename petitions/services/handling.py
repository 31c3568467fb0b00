"""Handling a petition after intake: claim and assign, triage into one of the four tracks, reply,
consult a department, close, and the side roads (reassign, merge, spam, withdraw, reopen, notes).

Every function here checks who is asking (role and relation to the case) and raises
ActionNotAllowed with a reason fit to show; the state is checked by `petition_transition` under
the row lock. A refused action raises before anything is written, and the surrounding atomic block
rolls back anything it did write. Track 4 (proposals) lives in proposals.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.deadlines import Stage, stage_due_date
from common.i18n import in_office_language
from common.idempotency import idempotency_cutoff
from common.notifications import notify_later
from petitions import permissions as perms
from petitions.choices import ConsultationStatus, EventType, Outcome, Satisfaction, Status, Track
from petitions.events import event_write
from petitions.models import Consultation, Petition
from petitions.permissions import member_for
from petitions.selectors.public import citizens_to_tell
from petitions.services.intake import IdempotencyKeyReused
from petitions.services.telling import (
    after_commit,
    citizen_ask_rating,
    member_tell_assigned,
    member_tell_consultation_answered,
)
from petitions.slots import consultation_handoff, department_handler_check
from petitions.workflow import ActionNotAllowed, TransitionError, petition_transition

REPLY_STATES = frozenset({Status.ASSIGNED, Status.CONSULTED, Status.RESULT_REPORTED})
TRACK_OUTCOMES = {
    Track.EXPLAIN: {Outcome.EXPLAINED},
    Track.ANSWER: {Outcome.ANSWERED, Outcome.SOLVED},
    Track.CONSULT: {Outcome.ANSWERED, Outcome.SOLVED, Outcome.NOT_SOLVED},
    Track.PROPOSE: {Outcome.SOLVED, Outcome.NOT_SOLVED},
}
MAX_REOPENS = 1


# --- who may act ---------------------------------------------------------------------------------


def is_liaison_of(user, workstation) -> bool:
    return user.is_authenticated and workstation.liaison_officers.filter(pk=user.pk).exists()


def serves_workstation(member, workstation) -> bool:
    return member is not None and member.workstations.filter(pk=workstation.pk).exists()


def _lock(petition_id: int) -> Petition:
    """The petition, row-locked for the rest of the transaction, so that the relation checks and
    the move see the same row."""
    return Petition.objects.select_for_update(of=("self",)).select_related("workstation").get(pk=petition_id)


def require_handler(user, petition: Petition):
    """The assigned member, with the permission to handle petitions; returns the Member."""
    member = member_for(user)
    if not user.has_perm(f"petitions.{perms.HANDLE_PETITION}") or member is None:
        raise ActionNotAllowed(_("只有政协委员可以办理诉求。"))
    if petition.assigned_member_id != member.pk:
        raise ActionNotAllowed(_("这件诉求没有分派给您，只有承办委员可以办理。"))
    return member


def require_handler_or_co_member(user, petition: Petition):
    """The assigned member or one of its co-members (协办委员), with the permission to handle
    petitions: what a co-member may do beside the lead (petitions.services.comembers)."""
    member = member_for(user)
    if not user.has_perm(f"petitions.{perms.HANDLE_PETITION}") or member is None:
        raise ActionNotAllowed(_("只有政协委员可以办理诉求。"))
    if petition.assigned_member_id != member.pk and not perms.is_co_member(member, petition):
        raise ActionNotAllowed(_("这件诉求没有分派给您，只有承办委员或协办委员可以答复。"))
    return member


def require_handler_or_liaison(user, petition: Petition) -> None:
    member = member_for(user)
    if member is not None and petition.assigned_member_id == member.pk:
        return
    if is_liaison_of(user, petition.workstation):
        return
    raise ActionNotAllowed(_("只有承办委员或本工作室联络员可以进行此操作。"))


def _idempotent_event(*, petition: Petition, type: EventType, key: str | None, fingerprint: str):
    """The event an earlier request with this idempotency key wrote on this case, when this request
    is a copy of it; None for a new request. The same key with other content raises
    IdempotencyKeyReused (the IETF draft's 422). Called under the case's row lock, so two copies
    sent at once cannot both write. `key` is already scoped to endpoint and caller
    (common.idempotency.idempotency_scope_for); keys older than IDEMPOTENCY_KEY_TTL are forgotten."""
    if not key:
        return None
    event = (
        petition.events.filter(type=type, data__idempotency_key=key, created_at__gte=idempotency_cutoff(timezone.now()))
        .order_by("pk")
        .first()
    )
    if event is None:
        return None
    if event.data.get("idempotency_fingerprint") != fingerprint:
        raise IdempotencyKeyReused()
    return event


def _idempotency_data(key: str | None, fingerprint: str) -> dict:
    return {"idempotency_key": key, "idempotency_fingerprint": fingerprint} if key else {}


def _actor_name(user) -> str:
    return user.display_name if user.is_authenticated else ""


# --- telling the citizen -------------------------------------------------------------------------


def notify_citizens_after_commit(*, petition_ids: list[int], body: str) -> None:
    """After commit, tell the citizens behind these petitions — and those whose duplicates were
    merged into them — by the notification backend; who is told is petitions.selectors'
    citizens_to_tell. `body` must hold no personal data."""

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            _send()

    def _send():
        for tracking_code, phone in citizens_to_tell(petition_ids=petition_ids):
            notify_later(
                recipient=phone,
                subject=_("您的诉求有新进展"),
                body=_("【委员工作室】您的诉求（查询码 %(code)s）：%(body)s") % {"code": tracking_code, "body": body},
            )

    transaction.on_commit(send, robust=True)


# --- queue and assignment ------------------------------------------------------------------------


@in_office_language
@transaction.atomic
def petition_claim(*, user, petition_id: int) -> Petition:
    """A member serving the workstation takes an unassigned petition from its queue."""
    petition = _lock(petition_id)
    member = member_for(user)
    if not user.has_perm(f"petitions.{perms.HANDLE_PETITION}") or not serves_workstation(member, petition.workstation):
        raise ActionNotAllowed(_("只有在本工作室服务的委员可以认领诉求。"))
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.ASSIGNED,
        event_type=EventType.ASSIGNED,
        actor=user,
        expected_from={Status.RECEIVED},
        changes={"assigned_member": member},
        message=_("委员已受理您的诉求。"),
        public=True,
        data={"member_id": member.pk, "claimed": True},
    )


@in_office_language
@transaction.atomic
def petition_assign(*, user, petition_id: int, member, reason: str = "") -> Petition:
    """Give a petition to a member of its workstation: a liaison officer from the queue or from
    another member; the assigned member handing it on (reassign)."""
    petition = _lock(petition_id)
    liaison = user.has_perm(f"petitions.{perms.ASSIGN_PETITION}") and is_liaison_of(user, petition.workstation)
    current = member_for(user)
    handing_on = current is not None and petition.assigned_member_id == current.pk
    if not (liaison or handing_on):
        raise ActionNotAllowed(_("只有本工作室联络员或承办委员可以分派诉求。"))
    if not member.is_active or not serves_workstation(member, petition.workstation):
        raise ActionNotAllowed(_("所选委员不在本工作室服务，不能分派。"))
    if petition.assigned_member_id == member.pk:
        raise TransitionError(_("这件诉求已经分派给该委员。"))
    first = petition.assigned_member_id is None
    after_commit(member_tell_assigned, petition_id=petition.pk)
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.ASSIGNED,
        event_type=EventType.ASSIGNED,
        actor=user,
        expected_from={Status.RECEIVED, Status.ASSIGNED},
        changes={"assigned_member": member, "track": None} if not first else {"assigned_member": member},
        message=_("已分派委员办理。") if first else _("已转交其他委员办理。"),
        public=True,
        data={"member_id": member.pk, "member": member.name, "reason": reason},
    )


# --- triage and replies --------------------------------------------------------------------------


@in_office_language
@transaction.atomic
def petition_triage(*, user, petition_id: int, track: int) -> Petition:
    """The assigned member chooses one of the four tracks. First response of the case."""
    petition = _lock(petition_id)
    require_handler(user, petition)
    track = Track(int(track))
    today = timezone.localdate()
    changes = {"track": track}
    if petition.first_responded_at is None:
        changes["first_responded_at"] = timezone.now()
    if track in (Track.EXPLAIN, Track.ANSWER):
        changes["due_date"] = stage_due_date(Stage.DIRECT_REPLY, start=today, workstation=petition.workstation)
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.ASSIGNED,
        event_type=EventType.TRIAGED,
        actor=user,
        expected_from={Status.ASSIGNED},
        changes=changes,
        message=_("委员已确定办理方式：%(track)s。") % {"track": track.label},
        public=True,
        data={"track": int(track)},
    )


@in_office_language
@transaction.atomic
def petition_reply(
    *,
    user,
    petition_id: int,
    message: str,
    knowledge_entry=None,
    policy: str = "",
) -> Petition:
    """The member's reply to the citizen (tracks 1–3): public, notified after commit. The lead or a
    co-member (协办委员) may send it; closing stays the lead's (petition_close).

    Track 1 explains why a demand cannot be met, so it must rest on a knowledge-base entry or a
    named policy text."""
    message = (message or "").strip()
    policy = (policy or "").strip()
    petition = _lock(petition_id)
    require_handler_or_co_member(user, petition)
    if not message:
        raise TransitionError(_("请填写答复内容。"))
    if petition.track is None:
        raise TransitionError(_("请先确定办理方式，再答复群众。"))
    if petition.track == Track.PROPOSE:
        raise TransitionError(_("提交建议的诉求，在部门反馈办理结果后由委员确认并答复。"))
    if petition.track == Track.EXPLAIN and knowledge_entry is None and not policy:
        raise TransitionError(_("解释说明须引用知识库条目或政策依据。"))
    if knowledge_entry is not None and not _entry_reaches_case(knowledge_entry, petition):
        raise TransitionError(_("这条知识库条目不属于本工作室所在的政协，也不是上级政协共享的，不能引用。"))
    expected = {Status.CONSULTED} if petition.track == Track.CONSULT else {Status.ASSIGNED}
    data = {"track": petition.track}
    if knowledge_entry is not None:
        data["knowledge_entry_id"] = knowledge_entry.pk
        data["knowledge_entry"] = knowledge_entry.title
    if policy:
        data["policy"] = policy
    petition = petition_transition(
        petition_id=petition.pk,
        to_status=Status.REPLIED,
        event_type=EventType.REPLIED,
        actor=user,
        expected_from=expected,
        changes={"replied_at": timezone.now(), "due_date": None},
        message=message,
        public=True,
        data=data,
    )
    notify_citizens_after_commit(petition_ids=[petition.pk], body=message)
    return petition


@in_office_language
@transaction.atomic
def petition_close(*, user, petition_id: int, outcome: str, households_helped: int = 0) -> Petition:
    """Close a replied case with its outcome (tracks 1–3; track 4 closes through the proposal)."""
    petition = _lock(petition_id)
    require_handler(user, petition)
    allowed = TRACK_OUTCOMES.get(petition.track, set())
    if outcome not in allowed:
        raise TransitionError(
            _("“%(track)s”的诉求不能以“%(outcome)s”办结。")
            % {
                "track": Track(petition.track).label if petition.track else _("未定办理方式"),
                "outcome": Outcome(outcome).label if outcome in Outcome.values else outcome,
            }
        )
    if households_helped < 0:
        raise TransitionError(_("帮助困难群众户数不能为负数。"))
    after_commit(citizen_ask_rating, petition_id=petition.pk)
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.CLOSED,
        event_type=EventType.CLOSED,
        actor=user,
        expected_from={Status.REPLIED},
        changes={
            "outcome": outcome,
            "households_helped": households_helped if outcome == Outcome.SOLVED else 0,
            "closed_at": timezone.now(),
        },
        message=_("已办结：%(outcome)s。") % {"outcome": Outcome(outcome).label},
        public=True,
        data={"outcome": outcome},
    )


@in_office_language
@transaction.atomic
def petition_reply_and_close(
    *,
    user,
    petition_id: int,
    message: str,
    outcome: str,
    households_helped: int = 0,
    knowledge_entry=None,
    policy: str = "",
) -> Petition:
    """Reply to the citizen and close the case in one action (tracks 1–3): `petition_reply` then
    `petition_close` in one transaction, so a refused close (an outcome the track does not allow, a
    negative count) also takes back the reply and its notification; the two-step path stays."""
    petition_reply(user=user, petition_id=petition_id, message=message, knowledge_entry=knowledge_entry, policy=policy)
    return petition_close(user=user, petition_id=petition_id, outcome=outcome, households_helped=households_helped)


# --- track 3: consult a department ---------------------------------------------------------------


@in_office_language
@transaction.atomic
def petition_consult(
    *,
    user,
    petition_id: int,
    department,
    question: str,
    idempotency_key: str | None = None,
    fingerprint: str = "",
) -> Consultation:
    """Track 3: put a question to a department. The Consultation row, the hand-off in the outbox
    and the state change commit together.

    With `idempotency_key` (scoped, see _idempotent_event) a copy of an earlier request returns the
    consultation it made, with `idempotent_replay = True` on it, and writes nothing."""
    question = (question or "").strip()
    petition = _lock(petition_id)
    member = require_handler(user, petition)
    earlier = _idempotent_event(
        petition=petition, type=EventType.CONSULTATION_SENT, key=idempotency_key, fingerprint=fingerprint
    )
    if earlier is not None:
        consultation = (
            petition.consultations.select_related("department")
            .filter(created_at__gte=earlier.created_at)
            .order_by("created_at", "pk")
            .first()
        )
        if consultation is not None:
            consultation.idempotent_replay = True
            return consultation
    if petition.track != Track.CONSULT:
        raise TransitionError(_("只有“咨询后答复”的诉求可以咨询部门，请先确定办理方式。"))
    if not question:
        raise TransitionError(_("请填写要咨询的问题。"))
    if not department.is_active:
        raise TransitionError(_("该部门已停用，请选择其他部门。"))
    body = petition.workstation.body
    if body is not None and department.body_id not in body.chain_ids:
        raise TransitionError(_("只能咨询本工作室所在政协或上级政协的部门。"))
    due = stage_due_date(Stage.CONSULTATION, start=timezone.localdate(), department=department)
    petition_transition(
        petition_id=petition.pk,
        to_status=Status.CONSULTING,
        event_type=EventType.CONSULTATION_SENT,
        actor=user,
        expected_from={Status.ASSIGNED, Status.CONSULTED},
        changes={"due_date": due},
        message=_("委员已就您的诉求咨询%(department)s，等待部门答复。") % {"department": department.name},
        public=True,
        data={
            "department_id": department.pk,
            "question": question,
            "due_date": due.isoformat(),
            **_idempotency_data(idempotency_key, fingerprint),
        },
    )
    consultation = Consultation.objects.create(
        petition=petition, department=department, question=question, asked_by=member, due_date=due
    )
    consultation_handoff(consultation=consultation)
    consultation.idempotent_replay = False
    return consultation


@in_office_language
@transaction.atomic
def consultation_answer(*, consultation_id: int, answer: str, user=None, via_link: bool = False) -> Consultation:
    """The department's answer. `user` is a handler of the department, or None with `via_link`
    when the signed link from the hand-off e-mail was opened (the link is the authority)."""
    answer = (answer or "").strip()
    consultation = (
        Consultation.objects.select_for_update(of=("self",)).select_related("department").get(pk=consultation_id)
    )
    if not via_link:
        _require_department_handler(user, consultation.department)
    if consultation.status != ConsultationStatus.PENDING:
        raise TransitionError(_("该咨询已经答复或已撤销，不能重复答复。"))
    if not answer:
        raise TransitionError(_("请填写答复内容。"))
    consultation.status = ConsultationStatus.ANSWERED
    consultation.answer = answer
    consultation.answered_at = timezone.now()
    consultation.answered_by = user if user is not None and user.is_authenticated else None
    consultation.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
    petition_transition(
        petition_id=consultation.petition_id,
        to_status=Status.CONSULTED,
        event_type=EventType.CONSULTATION_ANSWERED,
        actor=user,
        actor_label=consultation.department.name,
        expected_from={Status.CONSULTING},
        changes={"due_date": stage_due_date(Stage.DIRECT_REPLY, start=timezone.localdate())},
        message=_("%(department)s已答复咨询，委员正在整理答复。") % {"department": consultation.department.name},
        public=True,
        data={"consultation_id": consultation.pk, "answer": answer},
    )
    after_commit(
        member_tell_consultation_answered, petition_id=consultation.petition_id, department=consultation.department.name
    )
    return consultation


def _entry_reaches_case(entry, petition) -> bool:
    """A reply cites an entry of the case's own body, or one a body above shares with the bodies
    below (the rule knowledge.selectors.entry_search lists by). A workstation of no body (an install
    not yet divided into bodies) may cite any entry."""
    body = petition.workstation.body
    if body is None:
        return True
    return entry.body_id == body.pk or (entry.body_id in body.ancestor_ids and entry.shared_with_below)


def _require_department_handler(user, department) -> None:
    if not department_handler_check(user, department):
        raise ActionNotAllowed(_("只有%(department)s的办理人员可以进行此操作。") % {"department": department.name})


# --- side roads ----------------------------------------------------------------------------------


@in_office_language
@transaction.atomic
def petition_mark_spam(*, user, petition_id: int, reason: str) -> Petition:
    """A liaison officer marks a petition as spam (advertising, abuse, nonsense)."""
    petition = _lock(petition_id)
    if not user.has_perm(f"petitions.{perms.MARK_SPAM}") or not is_liaison_of(user, petition.workstation):
        raise ActionNotAllowed(_("只有本工作室联络员可以标记无效信息。"))
    if not (reason or "").strip():
        raise TransitionError(_("请说明标记为无效信息的理由。"))
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.SPAM,
        event_type=EventType.MARKED_SPAM,
        actor=user,
        changes={"due_date": None},
        message=reason.strip(),
        public=False,
    )


@in_office_language
@transaction.atomic
def petition_withdraw(*, user, petition_id: int, reason: str = "") -> Petition:
    """Withdraw at the citizen's request (they asked by phone or at reception). A pending
    consultation is cancelled with it."""
    petition = _lock(petition_id)
    require_handler_or_liaison(user, petition)
    petition = petition_transition(
        petition_id=petition.pk,
        to_status=Status.WITHDRAWN,
        event_type=EventType.WITHDRAWN,
        actor=user,
        changes={"due_date": None},
        message=_("应群众要求，诉求已撤回。"),
        public=True,
        data={"reason": reason},
    )
    Consultation.objects.filter(petition=petition, status=ConsultationStatus.PENDING).update(
        status=ConsultationStatus.CANCELLED, updated_at=timezone.now()
    )
    return petition


@in_office_language
@transaction.atomic
def petition_merge(*, user, petition_id: int, into_id: int) -> Petition:
    """Merge a duplicate into an open case of the same workstation. The duplicate's citizen is told
    whatever the surviving case's citizen is told from now on."""
    if petition_id == into_id:
        raise TransitionError(_("不能把诉求合并到它自己。"))
    # Lock both rows in a fixed order so that two crossing merges cannot deadlock.
    locked = {
        p.pk: p
        for p in Petition.objects.select_for_update(of=("self",))
        .select_related("workstation")
        .filter(pk__in=[petition_id, into_id])
        .order_by("pk")
    }
    petition, target = locked.get(petition_id), locked.get(into_id)
    if petition is None or target is None:
        raise TransitionError(_("找不到要合并的诉求。"))
    require_handler_or_liaison(user, petition)
    if target.workstation_id != petition.workstation_id:
        raise ActionNotAllowed(_("只能合并到本工作室的诉求。"))
    if target.status not in {
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.CONSULTING,
        Status.CONSULTED,
        Status.PROPOSING,
        Status.RESULT_REPORTED,
    }:
        raise TransitionError(_("目标诉求已办结或已关闭，不能合并。"))
    petition = petition_transition(
        petition_id=petition.pk,
        to_status=Status.MERGED,
        event_type=EventType.MERGED,
        actor=user,
        changes={"merged_into": target, "due_date": None},
        message=_("已有群众反映相同问题，您的诉求并入查询码 %(code)s 一并办理，办理进展会同时告知您。")
        % {"code": target.display_code},
        public=True,
        data={"merged_into": target.pk},
    )
    event_write(
        petition=target,
        type=EventType.JOINED,
        actor=user,
        message=_("另有群众反映相同问题（查询码 %(code)s），已并入本件办理。") % {"code": petition.display_code},
        public=False,
        data={"duplicate": petition.pk},
    )
    return petition


def citizen_unsatisfied(petition: Petition) -> bool:
    """The citizen said 不满意 of a closed case: either score of their rating (the handling or the
    result), or on a follow-up call that reached them (petitions.services.follow_up)."""
    if Satisfaction.UNSATISFIED in (petition.satisfaction, petition.result_satisfaction):
        return True
    return petition.follow_ups.filter(reached=True, satisfied=False).exists()


def reopen_refusal(petition: Petition):
    """Why this closed case cannot be reopened now, or None: the one-reopen rule that the rating
    and the follow-up share."""
    if petition.reopen_count >= MAX_REOPENS:
        return _("这件诉求已经重新办理过一次，不能再次重办。")
    if petition.assigned_member_id is None:
        return _("这件诉求没有承办委员，请先分派。")
    return None


def reopen_write(*, user, petition: Petition, message, data: dict) -> Petition:
    """Back to the member, track kept, with a new reply deadline; the caller checked who asks and
    `reopen_refusal`, under the row lock."""
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.ASSIGNED,
        event_type=EventType.REOPENED,
        actor=user,
        expected_from={Status.CLOSED},
        changes={
            "reopen_count": petition.reopen_count + 1,
            "outcome": "",
            "closed_at": None,
            "replied_at": None,
            "due_date": stage_due_date(
                Stage.DIRECT_REPLY, start=timezone.localdate(), workstation=petition.workstation
            ),
        },
        message=message,
        public=True,
        data=data,
    )


@in_office_language
@transaction.atomic
def petition_reopen(*, user, petition_id: int, reason: str = "") -> Petition:
    """Reopen once after the citizen said 不满意 (either score of the rating, or a follow-up call):
    back to the member, track kept."""
    petition = _lock(petition_id)
    require_handler_or_liaison(user, petition)
    if petition.status == Status.CLOSED and not citizen_unsatisfied(petition):
        raise TransitionError(_("只有群众评价或回访为“不满意”的诉求可以重新办理。"))
    refusal = reopen_refusal(petition)
    if refusal is not None:
        raise TransitionError(refusal)
    return reopen_write(
        user=user, petition=petition, message=_("根据您的评价，诉求已重新办理。"), data={"reason": reason}
    )


@in_office_language
@transaction.atomic
def petition_mark_urgent(*, user, petition_id: int, urgent: bool) -> Petition:
    """The workstation's liaison officer marks a case urgent (or no longer urgent): messages about
    it then reach staff in their quiet hours too. Not a status change: the row is locked and one
    internal event is written, as a note is."""
    petition = _lock(petition_id)
    if not user.has_perm(f"petitions.{perms.ASSIGN_PETITION}") or not is_liaison_of(user, petition.workstation):
        raise ActionNotAllowed(_("只有本工作室联络员可以标记紧急。"))
    if petition.is_urgent == bool(urgent):
        raise TransitionError(_("这件诉求已经标记为紧急。") if urgent else _("这件诉求没有标记为紧急。"))
    petition.is_urgent = bool(urgent)
    petition.save(update_fields=["is_urgent", "updated_at"])
    event_write(
        petition=petition,
        type=EventType.MARKED_URGENT if urgent else EventType.UNMARKED_URGENT,
        actor=user,
        message=_("联络员将本件标记为紧急：相关通知不受免打扰时段限制。") if urgent else _("联络员取消了紧急标记。"),
        public=False,
    )
    return petition


@in_office_language
@transaction.atomic
def petition_note_add(*, user, petition_id: int, text: str, idempotency_key: str | None = None, fingerprint: str = ""):
    """An internal note on the timeline: never shown to the citizen, never notified.

    With `idempotency_key` (scoped, see _idempotent_event) a copy of an earlier request returns the
    note it wrote, with `idempotent_replay = True` on it, and writes nothing."""
    text = (text or "").strip()
    petition = _lock(petition_id)
    if not text:
        raise TransitionError(_("请填写备注内容。"))
    member = member_for(user)
    if not (
        (member is not None and petition.assigned_member_id == member.pk)
        or perms.is_co_member(member, petition)
        or is_liaison_of(user, petition.workstation)
        or user.has_perm("proposals.review_proposal")
    ):
        raise ActionNotAllowed(_("只有承办委员、协办委员、本工作室联络员或审核人员可以添加内部备注。"))
    earlier = _idempotent_event(petition=petition, type=EventType.NOTE, key=idempotency_key, fingerprint=fingerprint)
    if earlier is not None:
        earlier.idempotent_replay = True
        return earlier
    event = event_write(
        petition=petition,
        type=EventType.NOTE,
        actor=user,
        message=text,
        public=False,
        data=_idempotency_data(idempotency_key, fingerprint),
    )
    event.idempotent_replay = False
    return event
