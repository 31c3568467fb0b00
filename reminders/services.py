"""Every write of reminders: the beat scans decide what is due and write one Notice row per
message (the unique key makes a second beat harmless), then the notifications queue sends it."""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.services import staff_notify
from common.calendar import add_working_days, is_workday, subtract_working_days
from common.notifications import notify
from common.queueing import enqueue_after_commit
from reminders.choices import NoticeKind, SubjectType
from reminders.messages import build_messages
from reminders.models import Notice
from reminders.selectors import deadline_sources

logger = logging.getLogger(__name__)

NoticeKey = tuple[str, int, str, datetime.date]
_ENQUEUE_CHUNK = 100
_INSERT_CHUNK = 5000
NOTICE_MAX_ATTEMPTS = 5


def delivery_failed_tell(*, delivery) -> list[int]:
    """A hand-off failed for good: one notice today to the reviewers (handoffs.slots)."""
    return notices_create(keys=[(SubjectType.DELIVERY, delivery.pk, NoticeKind.DELIVERY_FAILED, timezone.localdate())])


def notices_create(*, keys: list[NoticeKey]) -> list[int]:
    """Insert the notices that do not exist yet (INSERT … ON CONFLICT DO NOTHING) and queue the new
    ones for sending after commit. Returns the ids of the rows this call created."""
    return [pk for pk, _kind in _notices_insert(keys)]


def _notices_insert(keys: list[NoticeKey]) -> list[tuple[int, str]]:
    created: list[tuple[int, str]] = []
    if not keys:
        return created
    now = timezone.now()
    table = Notice._meta.db_table
    if connection.vendor != "postgresql":
        return _notices_insert_portable(keys, now)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(keys), _INSERT_CHUNK):
            chunk = keys[start : start + _INSERT_CHUNK]
            # One statement per chunk over four arrays: no per-row SQL to build or parse.
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608 - table name from the model, values bound
                "(subject_type, subject_id, kind, due_date, created_at, next_attempt_at,"
                " recipients, attempts, last_error) "
                "SELECT t, i, k, d, %s, %s, 0, 0, '' "
                "FROM unnest(%s::varchar[], %s::bigint[], %s::varchar[], %s::date[]) AS u(t, i, k, d) "
                "ON CONFLICT (subject_type, subject_id, kind, due_date) DO NOTHING RETURNING id, kind",
                [
                    now,
                    now,
                    [str(key[0]) for key in chunk],
                    [key[1] for key in chunk],
                    [str(key[2]) for key in chunk],
                    [key[3] for key in chunk],
                ],
            )
            created += cursor.fetchall()
        _enqueue_after_commit([pk for pk, _kind in created])
    return created


def _notices_insert_portable(keys: list[NoticeKey], now) -> list[tuple[int, str]]:
    # SQLite (the one-command laptop setup): one insert per key, a duplicate skipped by the same
    # unique constraint. Slower, and only ever used for a handful of rows.
    created: list[tuple[int, str]] = []
    with transaction.atomic():
        for subject_type, subject_id, kind, due_date in keys:
            try:
                with transaction.atomic():
                    notice = Notice.objects.create(
                        subject_type=subject_type,
                        subject_id=subject_id,
                        kind=kind,
                        due_date=due_date,
                        created_at=now,
                        next_attempt_at=now,
                    )
            except IntegrityError:
                continue
            created.append((notice.pk, notice.kind))
        _enqueue_after_commit([pk for pk, _kind in created])
    return created


def _enqueue_after_commit(notice_ids: list[int]) -> None:
    for start in range(0, len(notice_ids), _ENQUEUE_CHUNK):
        chunk = notice_ids[start : start + _ENQUEUE_CHUNK]
        # Broker down: the rows stay unsent and the notice sweeper queues them again.
        enqueue_after_commit("reminders.notice_send", chunk)


def notice_send(*, notice_id: int) -> str:
    """Send one notice to everyone it goes to, once. The row is locked while sending, so two copies
    of the task never both send it; a failure leaves it unsent with a later next_attempt_at."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update(skip_locked=True).filter(pk=notice_id, sent_at__isnull=True).first()
        if notice is None:
            return "done-or-busy"
        try:
            messages = build_messages(notice)
            for message in messages:
                if "user" in message:
                    # A savepoint: a push that fails takes its in-app row with it, so a retry of the
                    # notice does not list it twice.
                    with transaction.atomic():
                        staff_notify(**message, send_now=True)
                else:
                    notify(**message)
        except SoftTimeLimitExceeded:
            raise  # the task is out of time: roll back, the sweeper sends it again
        except Exception as exc:
            logger.exception("notice %s could not be sent", notice_id)
            notice.attempts += 1
            notice.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            notice.next_attempt_at = timezone.now() + datetime.timedelta(minutes=5 * 2**notice.attempts)
            notice.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            return "failed"
        notice.attempts += 1
        notice.sent_at = timezone.now()
        notice.recipients = len(messages)
        notice.last_error = ""
        notice.save(update_fields=["attempts", "sent_at", "recipients", "last_error"])
        return "sent"


@transaction.atomic
def notice_sweep(*, now: datetime.datetime | None = None, batch: int = 500) -> list[int]:
    """Queue again the notices whose task was lost or failed and whose next try is due."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.NOTICE_SWEEP_GRACE_SECONDS)
    ids = list(
        Notice.objects.select_for_update(skip_locked=True)
        .filter(sent_at__isnull=True, next_attempt_at__lte=cutoff, attempts__lt=NOTICE_MAX_ATTEMPTS)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    if ids:
        Notice.objects.filter(pk__in=ids).update(next_attempt_at=now + datetime.timedelta(minutes=5))
        _enqueue_after_commit(ids)
    return ids


def deadline_scan(*, today: datetime.date | None = None) -> dict[str, int]:
    """The beat's deadline scan: a reminder one working day before each deadline, an escalation to
    the liaison officers once it has passed, and to the reviewers once it is
    DEADLINE_ESCALATE_TO_REVIEWER_AFTER_DAYS working days past — each at most once per deadline.

    Reads only due rows, through the (status, deadline) indexes, minus those already noticed (looked
    up by id in the notice key's unique index). Runs on working days only, so people get them at work.
    Returns how many notices of each kind it created.
    """
    today = today or timezone.localdate()
    counts = {
        kind.value: 0 for kind in (NoticeKind.REMINDER, NoticeKind.ESCALATION_LIAISON, NoticeKind.ESCALATION_REVIEWER)
    }
    if not is_workday(today):
        return counts
    next_workday = add_working_days(today, 1)
    reviewer_cutoff = subtract_working_days(today, settings.DEADLINE_ESCALATE_TO_REVIEWER_AFTER_DAYS)
    windows = {
        NoticeKind.REMINDER: {"__range": (today, next_workday)},
        NoticeKind.ESCALATION_LIAISON: {"__lt": today},
        NoticeKind.ESCALATION_REVIEWER: {"__lte": reviewer_cutoff},
    }
    keys: list[NoticeKey] = []
    for subject_type, queryset, field in deadline_sources():
        for kind, lookup in windows.items():
            ((suffix, value),) = lookup.items()
            rows = list(queryset.filter(**{f"{field}{suffix}": value}).order_by().values_list("pk", field))
            done = _noticed(subject_type, kind, [pk for pk, _due in rows])
            keys += [(subject_type, pk, kind, due) for pk, due in rows if (pk, due) not in done]
    for _pk, kind in _notices_insert(keys):
        counts[kind] += 1
    return counts


def _noticed(subject_type: str, kind: str, subject_ids: list[int]) -> set[tuple[int, datetime.date]]:
    """The (subject id, date) pairs among these subjects that already have this kind of notice.
    A lookup through the unique index by id (rather than an anti-join), so the plan stays an index
    scan even while the notice table's statistics are stale."""
    if not subject_ids:
        return set()
    if connection.vendor != "postgresql":
        return set(
            Notice.objects.filter(subject_type=subject_type, kind=kind, subject_id__in=subject_ids).values_list(
                "subject_id", "due_date"
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT subject_id, due_date FROM {Notice._meta.db_table} "  # noqa: S608 - model's table
            "WHERE subject_type = %s AND kind = %s AND subject_id = ANY(%s)",
            [str(subject_type), str(kind), subject_ids],
        )
        return set(cursor.fetchall())


def digest_daily(*, today: datetime.date | None = None) -> int:
    """One digest per member with open cases and per department with open hand-offs, once a day
    (working days only). What it lists is read when it is sent."""
    from departments.models import Department
    from members.models import Member
    from petitions.choices import OPEN_STATUSES, ConsultationStatus
    from proposals.choices import AssignmentStatus

    today = today or timezone.localdate()
    if not is_workday(today):
        return 0
    member_ids = (
        Member.objects.filter(is_active=True, assigned_petitions__status__in=OPEN_STATUSES)
        .values_list("pk", flat=True)
        .distinct()
    )
    department_ids = set(
        Department.objects.filter(is_active=True, consultations__status=ConsultationStatus.PENDING).values_list(
            "pk", flat=True
        )
    ) | set(
        Department.objects.filter(
            is_active=True, assignments__status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED]
        ).values_list("pk", flat=True)
    )
    keys = [(SubjectType.MEMBER, pk, NoticeKind.DIGEST, today) for pk in member_ids]
    keys += [(SubjectType.DEPARTMENT, pk, NoticeKind.DIGEST, today) for pk in sorted(department_ids)]
    return len(notices_create(keys=keys))
