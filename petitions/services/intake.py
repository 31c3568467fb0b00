"""Intake: a citizen's petition arrives (by QR code, the API or a staff member's hand) and is, all
or nothing, saved with its tracking code, its first events, its first-response deadline and
its assignment to the member on duty; or it joins an open case that is the same problem.

Who may call: anyone for online intake (the views rate-limit it); `petition_record_offline` is
for staff, and its caller has checked the permission and the workstation
(`workstation_list_for_offline_intake`).
"""

import hashlib
import logging
import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from common import phones
from common.cache_generations import generation_read_ahead
from common.calendar import add_working_days, add_working_days_cache_entry
from common.deadlines import Stage, stage_days
from common.idempotency import idempotency_cutoff, request_fingerprint
from common.notifications import notify_later
from members.selectors import member_on_duty, member_on_duty_cache_entry
from petitions.choices import OPEN_STATUSES, Channel, EventType, Satisfaction, Status
from petitions.events import event_build, event_write
from petitions.models import Category, Petition, PetitionPhoto, format_tracking_code, new_tracking_code
from petitions.services.photos import MAX_PHOTOS, CleanPhoto
from petitions.services.telling import after_commit, liaison_tell_queued, member_tell_assigned, staff_tell_unsatisfied
from petitions.workflow import TransitionError, petition_open, petition_transition

logger = logging.getLogger(__name__)

CONTENT_MIN = 10
CONTENT_MAX = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
TRACKING_CODE_ATTEMPTS = 5


class IntakeError(ValidationError):
    """A petition the rules refuse; the message is fit to show the citizen."""


IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
MSG_IDEMPOTENCY_KEY_REUSED = _(
    "这个幂等键（Idempotency-Key）已用于内容不同的另一次提交，本次未予受理。请为新的诉求使用新的幂等键。"
)


class IdempotencyKeyReused(IntakeError):
    """The same idempotency key came back with other content: neither a replay nor a new petition
    (the IETF Idempotency-Key draft answers it 422)."""

    def __init__(self):
        super().__init__(MSG_IDEMPOTENCY_KEY_REUSED, code=IDEMPOTENCY_KEY_REUSED)


# Error reports (the admins' e-mail, the technical 500 page) list each frame's local variables: those
# holding a citizen's contact data are shown as ******** (and IntakeData leaves them out of its repr).
@sensitive_variables("raw", "text", "digits")
def phone_normalize(raw: str) -> str:
    """A mainland mobile number as 11 digits (common.phones.phone_normalize, the one normalisation
    the stored phone and its lookup hash share). Raises IntakeError when it is not one."""
    try:
        return phones.phone_normalize(raw)
    except phones.PhoneInvalid:
        raise IntakeError(_("请输入正确的 11 位手机号码，例如 13800138000。"), code="phone") from None


def text_clean(value: str, *, multiline: bool = False) -> str:
    """Drop control and bidi-override characters; single-line fields lose their line breaks too."""
    value = value or ""
    if not multiline:
        value = value.replace("\r", " ").replace("\n", " ")
    else:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).strip()


@dataclass
class IntakeData:
    """A petition as the citizen (or the staff member recording it) gave it, already checked by
    the form or serializer that received it. `petition_intake_validate` checks it once more."""

    content: str
    category: Category | None = None
    location: str = ""
    citizen_name: str = field(default="", repr=False)
    citizen_phone: str = field(default="", repr=False)
    citizen_address: str = field(default="", repr=False)
    is_anonymous: bool = False
    consent_given: bool = False
    photos: Sequence[CleanPhoto] = field(default_factory=tuple)


@sensitive_variables("data", "name", "phone", "address")
def petition_intake_validate(data: IntakeData) -> IntakeData:
    """The rules of a petition, whoever takes it. Returns the cleaned data or raises IntakeError."""
    content = text_clean(data.content, multiline=True)
    if len(content) < CONTENT_MIN:
        raise IntakeError(_("请把情况写得具体一些，至少 10 个字。"), code="content")
    if len(content) > CONTENT_MAX:
        raise IntakeError(_("内容最多 2000 个字，请精简后再提交。"), code="content")
    name = text_clean(data.citizen_name)[:50]
    phone = phone_normalize(data.citizen_phone)
    address = text_clean(data.citizen_address)[:200]
    if data.is_anonymous:
        # Anonymous means anonymous: whatever was typed into the contact fields is not kept.
        name, phone, address = "", "", ""
    if (name or phone or address) and not data.consent_given:
        raise IntakeError(_("留下姓名或电话时，请勾选同意我们为办理诉求使用您的个人信息。"), code="consent")
    if len(data.photos) > MAX_PHOTOS:
        raise IntakeError(_("最多上传 3 张照片。"), code="photos")
    if data.category is not None and not data.category.is_active:
        raise IntakeError(_("请选择诉求类别。"), code="category")
    return IntakeData(
        content=content,
        category=data.category,
        location=text_clean(data.location)[:200],
        citizen_name=name,
        citizen_phone=phone,
        citizen_address=address,
        is_anonymous=data.is_anonymous,
        consent_given=bool(data.consent_given and (name or phone or address)),
        photos=tuple(data.photos),
    )


@sensitive_variables("data")
def intake_fingerprint(*, workstation, data: IntakeData, channel: str, join_case_id: int | None = None) -> str:
    """What makes a submission the submission it is, as one keyed hash: the checked data (so a
    retry that differs only in what the rules normalise, spaces in a phone number, is the same
    request), each photo by the SHA-256 of its re-encoded bytes (so photos uploaded again and
    photos held while the citizen looked at similar cases are the same), and the case it joins.
    `data` is what petition_intake_validate returned. Keyed (common.idempotency), because it
    covers the contact fields: the column must not let anyone test a guessed phone number."""
    return request_fingerprint(
        {
            "workstation": workstation.pk,
            "channel": str(channel),
            "category": data.category.pk if data.category is not None else None,
            "content": data.content,
            "location": data.location,
            "citizen_name": data.citizen_name,
            "citizen_phone": data.citizen_phone,
            "citizen_address": data.citizen_address,
            "is_anonymous": data.is_anonymous,
            "consent_given": data.consent_given,
            "photos": [hashlib.sha256(photo.content).hexdigest() for photo in data.photos],
            "join_case": join_case_id,
        }
    )


@dataclass(frozen=True)
class IntakeResult:
    petition: Petition
    created: bool  # False: a replayed request got the petition its first copy made


def _constraint_name(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or str(exc)


@sensitive_variables("data")
def _petition_new(
    *,
    workstation,
    data: IntakeData,
    channel: str,
    recorded_by,
    idempotency_key: str | None,
    fingerprint: str,
    due,
    member,
) -> Petition:
    return Petition(
        status=Status.ASSIGNED if member is not None else Status.RECEIVED,
        assigned_member=member,
        tracking_code=new_tracking_code(),
        workstation=workstation,
        channel=channel,
        category=data.category,
        content=data.content,
        location=data.location,
        is_anonymous=data.is_anonymous,
        citizen_name=data.citizen_name,
        citizen_phone=data.citizen_phone,
        citizen_address=data.citizen_address,
        consent_given=data.consent_given,
        recorded_by=recorded_by,
        idempotency_key=idempotency_key or None,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
        first_response_due=due,
        due_date=due,
    )


@sensitive_variables("kwargs")
def _intake_atomic(**kwargs) -> IntakeResult:
    """The whole intake, all or nothing (see _intake_transaction).

    Two unique keys can refuse the insert. The tracking code: 59 random bits practically never
    collide, but "practically" is not a proof, so the attempt is run again with a fresh code
    (retrying the whole attempt rather than taking a savepoint around the insert spares every
    submission two round trips). The idempotency key: a copy of the same request got there first,
    so its petition is the answer (see _idempotent_replay)."""
    # What is stored (the timeline's texts) and sent (the SMS) is in the office's language, whatever
    # language the citizen reads the form in; errors are lazy and still reach them in theirs.
    with translation.override(settings.LANGUAGE_CODE):
        return _intake_attempts(**kwargs)


@sensitive_variables("kwargs", "data")
def _intake_attempts(**kwargs) -> IntakeResult:
    kwargs["data"] = data = petition_intake_validate(kwargs["data"])
    idempotency_key = kwargs.get("idempotency_key")
    join_case = kwargs.get("join_case")
    kwargs["fingerprint"] = fingerprint = (
        intake_fingerprint(
            workstation=kwargs["workstation"],
            data=data,
            channel=kwargs["channel"],
            join_case_id=join_case.pk if join_case is not None else None,
        )
        if idempotency_key
        else ""
    )
    for _attempt in range(TRACKING_CODE_ATTEMPTS):
        try:
            with _intake_transaction(data=data, join_case=join_case):
                return _petition_create(**kwargs)
        except IntegrityError as exc:
            name = _constraint_name(exc)
            if idempotency_key and "idempotency_key" in name:
                replayed = _idempotent_replay(key=idempotency_key, fingerprint=fingerprint)
                if replayed is not None:
                    return IntakeResult(petition=replayed, created=False)
                continue  # the key's holder had forgotten it: try again
            if "tracking_code" not in name:
                raise
            logger.warning("tracking code collision, drawing another")
    raise RuntimeError("could not draw a free tracking code")


def _idempotent_replay(*, key: str, fingerprint: str) -> Petition | None:
    """The petition that holds `key`, when this request is a copy of the one that made it. Raises
    IdempotencyKeyReused when the key came with other content. None when the holder made it more
    than IDEMPOTENCY_KEY_TTL ago: its key is forgotten now (taken off the row), and the caller
    inserts again. Runs only after the insert met the key, so a submission pays nothing for it."""
    holder = Petition.objects.filter(idempotency_key=key).first()
    if holder is None:  # forgotten in between
        return None
    if holder.created_at < idempotency_cutoff(timezone.now()):
        Petition.objects.filter(pk=holder.pk, idempotency_key=key).update(idempotency_key=None)
        return None
    if holder.idempotency_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return holder


@sensitive_variables("data")
def _intake_transaction(*, data: IntakeData, join_case: Petition | None):
    """The transaction a submission needs. Photos and joining an open case write more rows after
    the petition, so the whole is one transaction (a savepoint inside a caller's). A plain petition
    is a single statement (petition_open), atomic by itself: outside a caller's transaction it runs
    on its own and spares the round trips of BEGIN and COMMIT."""
    if data.photos or join_case is not None or transaction.get_connection().in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def _photos_store(*, petition: Petition, photos: Sequence[CleanPhoto]) -> list[str]:
    stored = []
    for photo in photos:
        row = PetitionPhoto(
            petition=petition,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
        )
        upload = photo.as_file()
        row.image.save(upload.name, upload, save=False)
        stored.append(row.image.name)
        row.save()
    return stored


def _citizen_notify_received(petition: Petition) -> None:
    if not petition.citizen_phone:
        return
    body = gettext("您的诉求已受理，查询码 %(code)s，请妥善保存。查询办理进度：%(url)s") % {
        "code": petition.display_code,
        "url": f"{settings.PUBLIC_BASE_URL}/track/",
    }
    notify_later(recipient=petition.citizen_phone, subject=gettext("诉求已受理"), body=body)


def _routing_events(*, member) -> list:
    """After the SUBMITTED event: the assignment to the member on duty, or the queue."""
    if member is None:
        return [
            event_build(
                petition=None,
                type=EventType.QUEUED,
                actor_label=gettext("系统"),
                to_status=Status.RECEIVED,
                message=gettext("已进入工作室待分派队列，联络员将尽快安排委员办理。"),
                public=True,
            )
        ]
    return [
        event_build(
            petition=None,
            type=EventType.ASSIGNED,
            actor_label=gettext("系统"),
            from_status=Status.RECEIVED,
            to_status=Status.ASSIGNED,
            # The citizen learns the sector, never the member's name.
            message=gettext("已分派给值班委员（%(sector)s）办理。") % {"sector": member.sector.name},
            public=True,
            data={"member_id": member.pk, "reason": "on_duty"},
        )
    ]


@sensitive_variables("data")
def _petition_create(  # runs inside _intake_transaction()
    *,
    workstation,
    data: IntakeData,
    channel: str,
    recorded_by=None,
    idempotency_key: str | None = None,
    fingerprint: str = "",
    join_case: Petition | None = None,
) -> IntakeResult:
    # `data` was checked by _intake_attempts. A replay is found by the unique idempotency key at
    # insert time (see _intake_atomic), so a sequential replay and two simultaneous copies take the
    # same path and cost no extra query.
    today = timezone.localdate()
    first_response_days = stage_days(Stage.FIRST_RESPONSE, workstation=workstation)
    # The deadline's working-day overrides and the member on duty: two cached reads, one round trip.
    with generation_read_ahead(
        add_working_days_cache_entry(today, first_response_days),
        member_on_duty_cache_entry(workstation=workstation, date=today),
    ):
        due = add_working_days(today, first_response_days)
        # Joining an open case: born in the queue, then merged. Otherwise: to the member on duty.
        member = None if join_case is not None else member_on_duty(workstation=workstation, date=today)
    stored_files: list[str] = []
    try:
        petition = _petition_new(
            workstation=workstation,
            data=data,
            channel=channel,
            recorded_by=recorded_by,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            due=due,
            member=member,
        )
        submitted = event_build(
            petition=None,
            type=EventType.SUBMITTED,
            actor=recorded_by,
            actor_label="" if recorded_by else gettext("群众"),
            to_status=Status.RECEIVED,
            message=gettext("诉求已受理，将在 %(date)s 前首次响应。") % {"date": due.strftime("%Y-%m-%d")},
            public=True,
            data={"channel": channel},
        )
        routing = [] if join_case is not None else _routing_events(member=member)
        petition = petition_open(petition=petition, events=[submitted, *routing])
        stored_files = _photos_store(petition=petition, photos=data.photos)
        if join_case is not None:
            petition = _petition_join(petition=petition, case=join_case, recorded_by=recorded_by)
        # Registered once the rows are in: without a transaction on_commit runs at once, and a
        # refused insert (a tracking-code collision, a replay) must have told nobody anything.
        if join_case is None and member is None:
            after_commit(liaison_tell_queued, petition_id=petition.pk)
        elif member is not None:
            after_commit(member_tell_assigned, petition=petition)
        transaction.on_commit(lambda: _citizen_notify_received(petition))
    except Exception:
        # The caller's transaction rolls the rows back; the files written on the way must go too.
        for name in stored_files:
            PetitionPhoto._meta.get_field("image").storage.delete(name)
        raise
    return IntakeResult(petition=petition, created=True)


def _petition_join(*, petition: Petition, case: Petition, recorded_by=None) -> Petition:
    """The citizen says (or the staff member recording their petition finds) that their problem
    is this open case: their petition is merged into it, and follows its progress under its own
    tracking code."""
    locked = Petition.objects.select_for_update().get(pk=case.pk)
    if locked.status not in OPEN_STATUSES or locked.workstation_id != petition.workstation_id:
        raise IntakeError(_("您选择的诉求已办结或不存在，请直接提交新的诉求。"), code="join")
    event_write(
        petition=locked,
        type=EventType.JOINED,
        actor=recorded_by,
        actor_label="" if recorded_by else gettext("群众"),
        message=gettext("又有群众反映了相同的问题。"),
        public=True,
        data={"petition_id": petition.pk},
    )
    return petition_transition(
        petition_id=petition.pk,
        to_status=Status.MERGED,
        event_type=EventType.MERGED,
        actor_label="" if recorded_by else gettext("群众"),
        actor=recorded_by,
        expected_from={Status.RECEIVED},
        changes={"merged_into": locked},
        message=gettext("您反映的问题已有群众反映，已并入同一诉求办理，办理进度将在此显示。"),
        public=True,
        data={"merged_into_id": locked.pk, "reason": "joined_at_intake_desk" if recorded_by else "joined_by_citizen"},
    )


@sensitive_variables("data")
def petition_submit(
    *,
    workstation,
    data: IntakeData,
    idempotency_key: str | None = None,
    join_case: Petition | None = None,
) -> IntakeResult:
    """A citizen's petition, online (QR-code form or API). With `join_case` the citizen chose an
    open case as the same problem: the new petition is merged into it at once.

    `idempotency_key` is the key as stored: the caller scopes the client's key to the endpoint and
    the caller (common.idempotency.idempotency_scope). A copy of the request with the same key
    returns the first petition with created=False; the same key with other content raises
    IdempotencyKeyReused; a key made more than 24 hours ago is forgotten, and makes a new petition.
    Rate limits are the caller's (they depend on the client address)."""
    return _intake_atomic(
        workstation=workstation,
        data=data,
        channel=Channel.ONLINE,
        idempotency_key=idempotency_key,
        join_case=join_case,
    )


OFFLINE_CHANNELS = (Channel.RECEPTION, Channel.PHONE, Channel.FIELD_VISIT)


@sensitive_variables("data")
def petition_record_offline(
    *,
    workstation,
    data: IntakeData,
    channel: str,
    recorded_by,
    idempotency_key: str | None = None,
    join_case: Petition | None = None,
) -> IntakeResult:
    """A petition taken at a reception, by phone or on a visit, typed in by a liaison officer or
    member. The caller has checked the permission and that the user serves `workstation`. With
    `join_case` the staff member found it is that open case's problem: it is merged into it."""
    if channel not in OFFLINE_CHANNELS:
        raise IntakeError(_("请选择来访、电话或走访收集。"), code="channel")
    return _intake_atomic(
        workstation=workstation,
        data=data,
        channel=channel,
        recorded_by=recorded_by,
        idempotency_key=idempotency_key,
        join_case=join_case,
    )


@transaction.atomic
def petition_rate(*, petition_id: int, satisfaction: str, result_satisfaction: str, comment: str = "") -> Petition:
    """The citizen's rating of a closed case, once, with two scores (issue 16, as CPPCC practice
    asks): the handling (`satisfaction`, 办理满意度) and the result (`result_satisfaction`, 结果满意度).
    Either one 不满意 lets the case be reopened once (petitions.services.handling.petition_reopen).
    Not a status change, so not a transition; it locks the row the same way and writes one RATED
    event (in the office's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _petition_rate(
            petition_id=petition_id, satisfaction=satisfaction, result_satisfaction=result_satisfaction, comment=comment
        )


def _petition_rate(*, petition_id: int, satisfaction: str, result_satisfaction: str, comment: str) -> Petition:
    if satisfaction not in Satisfaction.values:
        raise IntakeError(_("请选择满意、基本满意或不满意。"), code="satisfaction")
    if result_satisfaction not in Satisfaction.values:
        raise IntakeError(_("请对办理结果选择满意、基本满意或不满意。"), code="result_satisfaction")
    comment = text_clean(comment, multiline=True)
    if len(comment) > 500:
        raise IntakeError(_("评价意见最多 500 个字。"), code="comment")
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    if petition.status != Status.CLOSED:
        raise TransitionError(_("诉求办结后才能评价。"))
    if petition.satisfaction:
        raise TransitionError(_("该诉求已经评价过了，感谢您的反馈。"))
    petition.satisfaction = satisfaction
    petition.result_satisfaction = result_satisfaction
    petition.satisfaction_comment = comment
    petition.rated_at = timezone.now()
    petition.save(
        update_fields=["satisfaction", "result_satisfaction", "satisfaction_comment", "rated_at", "updated_at"]
    )
    event_write(
        petition=petition,
        type=EventType.RATED,
        actor_label=gettext("群众"),
        message=gettext("群众评价：办理过程%(handling)s，办理结果%(result)s")
        % {"handling": Satisfaction(satisfaction).label, "result": Satisfaction(result_satisfaction).label},
        public=True,
        # The comment may name people: staff read it on the petition, not on the public timeline.
        data={"satisfaction": satisfaction, "result_satisfaction": result_satisfaction},
    )
    if Satisfaction.UNSATISFIED in (satisfaction, result_satisfaction):
        after_commit(staff_tell_unsatisfied, petition_id=petition.pk)
    return petition


def tracking_code_display(code: str) -> str:
    return format_tracking_code(code)
