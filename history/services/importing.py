"""The history import: check a spreadsheet, then import its rows as petitions in one transaction.

All or nothing: the import is one database transaction (`batch_import`), so a failure half-way,
or a worker killed half-way, leaves no petition, event or row key behind (the timeline is
append-only: what was written could not be deleted again). A file with refused rows imports
nothing unless the caller asked for the valid rows only (`valid_only`). Progress is reported
through a callback, which the task writes on a connection of its own (history.services.jobs).

Tracks 3 and 4: a consultation needs the member who asked it and a proposal its author, and an
old spreadsheet names neither reliably. Rather than invent a member, the import makes the
petition only, with its track, status, outcome and dates, keeps the department, proposal title
and livelihood flag on the IMPORTED event of its timeline, and the proposal title and livelihood
flag on its ImportedRow as well, where the figures read them (stats.selectors.figures): a track-4
row with a proposal title counts as handled on its closed date, and one flagged a livelihood
project and closed "solved" counts as a project. Imported cases are not in the departments'
on-time rate, nor under a department filter (no hand-off was made).

Who may import is checked by the callers (the views and the API: history.permissions; the
command: whoever runs manage.py)."""

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from history.choices import BatchStatus
from history.models import ImportBatch, ImportedRow
from history.slots import figures_rebuild
from history.spreadsheet import SpreadsheetError, rows_read
from history.validation import Lookups, RowData, RowRefused, row_validate
from petitions.choices import EventType, Status, Visibility
from petitions.models import Petition, PetitionEvent

logger = logging.getLogger("history.import")

CHUNK = 2000
# What a day in the spreadsheet becomes: noon local time, well inside the day whatever the offset.
NOON = datetime.time(12, 0)
# The most rows a page or API upload may hold (a task imports it): 200,000 rows are some four
# minutes of work and some 150 MB of memory in the worker; larger files go through the command.
UPLOAD_MAX_ROWS = 200_000
# The refusals kept on the batch and shown; the counts stay exact beyond it.
MAX_REFUSALS_KEPT = 5000


class ImportRefused(Exception):
    """The import cannot run (the file has refused rows and valid_only is off, or it changed)."""


@dataclass
class CheckResult:
    batch: ImportBatch
    rows: list[RowData]  # valid and not yet imported


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, NOON))


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 5000):
        found |= set(ImportedRow.objects.filter(key__in=keys[start : start + 5000]).values_list("key", flat=True))
    return found


def batch_check(
    *,
    data: bytes,
    file_name: str,
    user=None,
    valid_only: bool = False,
    progress: Callable | None = None,
    batch: ImportBatch | None = None,
    max_rows: int | None = None,
) -> CheckResult:
    """Read and check every row (with `progress("check", done, total)` every CHUNK rows); record
    the batch (a new one, status "validated", or `batch`, its status left to the caller) with its
    counts and refusals. Raises SpreadsheetError when the file as a whole is unreadable or holds
    more than max_rows."""
    _positions, total, rows = rows_read(data)
    if max_rows is not None and total > max_rows:
        raise SpreadsheetError(
            _("一次最多导入 %(max)d 行（本文件 %(n)d 行）。请分成几个文件，或由管理员用 import_petitions 命令导入。")
            % {"max": max_rows, "n": total}
        )
    lookups = Lookups.load()
    today = timezone.localdate()
    valid: list[RowData] = []
    refusals: list[list] = []
    refused = 0
    seen: dict[str, int] = {}
    count = 0
    for number, values in rows:
        count += 1
        if progress and count % CHUNK == 0:
            progress("check", count, total)
        try:
            row = row_validate(number, values, lookups, today)
        except RowRefused as exc:
            refused += 1
            if len(refusals) < MAX_REFUSALS_KEPT:
                refusals.append([number, exc.column, exc.reason])
            continue
        first = seen.setdefault(row.key, number)
        if first != number:
            refused += 1
            if len(refusals) < MAX_REFUSALS_KEPT:
                refusals.append([number, _("整行"), _("与第 %(row)d 行重复。") % {"row": first}])
            continue
        valid.append(row)
    if progress:
        progress("check", count, count)
    existing = _existing_keys([row.key for row in valid])
    new_rows = [row for row in valid if row.key not in existing]
    counts = {
        "total_rows": count,
        "valid_rows": len(new_rows),
        "refused_rows": refused,
        "already_rows": len(valid) - len(new_rows),
        "refusals": refusals,
    }
    if batch is None:
        batch = ImportBatch.objects.create(
            created_by=user if user is not None and user.is_authenticated else None,
            file_name=file_name[:200],
            status=BatchStatus.VALIDATED,
            valid_only=valid_only,
            **counts,
        )
    else:
        for name, value in counts.items():
            setattr(batch, name, value)
        batch.save(update_fields=list(counts))
    return CheckResult(batch=batch, rows=new_rows)


def _petition(row: RowData) -> Petition:
    received = _aware(row.received)
    closed = _aware(row.closed) if row.closed else None
    has_contact = bool(row.citizen_name or row.citizen_phone or row.citizen_address)
    return Petition(
        workstation_id=row.workstation_id,
        category_id=row.category_id,
        content=row.content,
        channel=row.channel,
        track=row.track,
        status=row.status,
        outcome=row.outcome,
        households_helped=row.households_helped,
        created_at=received,
        replied_at=closed,
        closed_at=closed if row.status == Status.CLOSED else None,
        citizen_name=row.citizen_name,
        citizen_phone=row.citizen_phone,
        citizen_address=row.citizen_address,
        # Whoever kept the old record took the contact with the citizen's knowledge; the office
        # that imports it answers for that, as for a record typed in at reception.
        consent_given=has_contact,
    )


def _event(petition: Petition, row: RowData, batch: ImportBatch, actor, texts: dict, now) -> PetitionEvent:
    data = {"batch": batch.pk, "row": row.row_number}
    if row.original_number:
        data["original_number"] = row.original_number
    if row.department:
        data["department"] = row.department
    if row.proposal_title:
        data["proposal_title"] = row.proposal_title
    if row.livelihood_project is not None:
        data["livelihood_project"] = row.livelihood_project
    return PetitionEvent(
        petition=petition,
        type=EventType.IMPORTED,
        actor=actor,
        actor_label=texts["label"],
        to_status=row.status,
        visibility=Visibility.INTERNAL,
        message=texts["message"] % {"batch": batch.pk, "row": row.row_number, "date": row.received.isoformat()},
        data=data,
        created_at=now,
    )


def petitions_insert(petitions: list[Petition], *, now: datetime.datetime) -> None:
    """INSERT these petitions keeping the created_at they carry, and set their pks.

    bulk_create runs every field's pre_save, and created_at is auto_now_add: it would store the
    time of the import, and putting the received dates back took one more UPDATE of every row
    (a third of an import's time in bench/import.py). A raw insert (what loaddata does) skips
    pre_save, so the two values pre_save computes are set here: updated_at, and the phone's
    lookup hash the same way its field computes it (petition_phone_has_hash checks it). Values
    are still prepared for the database by each field (the contact columns are encrypted)."""
    opts = Petition._meta
    hash_field = opts.get_field("citizen_phone_hash")
    for petition in petitions:
        petition.updated_at = now
        petition.citizen_phone_hash = hash_field.hash_of(petition.citizen_phone)
    fields = [f for f in opts.concrete_fields if f is not opts.pk and not f.generated]
    returned = Petition.objects._insert(petitions, fields=fields, returning_fields=[opts.pk], raw=True)
    for petition, (pk,) in zip(petitions, returned, strict=True):
        petition.pk = pk
        petition._state.adding = False
        petition._state.db = "default"


def _row_key(petition: Petition, row: RowData, batch: ImportBatch) -> ImportedRow:
    return ImportedRow(
        key=row.key,
        batch=batch,
        petition=petition,
        row_number=row.row_number,
        proposal_title=row.proposal_title,
        livelihood_project=bool(row.livelihood_project),
    )


def batch_import(*, check: CheckResult, user=None, progress: Callable | None = None) -> ImportBatch:
    """Import the checked rows in one transaction, in chunks (`progress("import", done, total)`
    after each, from inside the transaction), then rebuild the statistics of their months.
    Refuses (ImportRefused, nothing saved) a batch already finished, or a file with refused rows
    unless valid_only. An error half-way rolls everything back and marks the batch failed."""
    batch = check.batch
    if batch.status in (BatchStatus.DONE, BatchStatus.FAILED, BatchStatus.CANCELLED):
        raise ImportRefused(_("这个批次已处理，不能再次导入。"))
    if batch.refused_rows and not batch.valid_only:
        raise ImportRefused(
            _("文件中有 %(n)d 行有误，未导入任何数据。请改正后重新上传，或选择“仅导入无误的行”。")
            % {"n": batch.refused_rows}
        )
    started = time.monotonic()
    rows = check.rows
    now = timezone.now()
    actor = user if user is not None and user.is_authenticated else None
    texts = {
        "label": _("历史数据导入"),
        "message": _("从历史记录导入（批次 %(batch)d，第 %(row)d 行），原收到日期 %(date)s。"),
    }
    # Set before the transaction, which then writes the batch's row only at its end: the
    # progress writes from another connection (history.services.jobs) never wait for it.
    batch.status = BatchStatus.IMPORTING
    batch.rows_done = 0
    batch.save(update_fields=["status", "rows_done"])
    try:
        with transaction.atomic():
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                petitions = [_petition(row) for row in chunk]
                petitions_insert(petitions, now=now)
                PetitionEvent.objects.bulk_create(
                    [_event(p, row, batch, actor, texts, now) for p, row in zip(petitions, chunk, strict=True)]
                )
                ImportedRow.objects.bulk_create(
                    [_row_key(p, row, batch) for p, row in zip(petitions, chunk, strict=True)]
                )
                if progress:
                    progress("import", start + len(chunk), len(rows))
            # Committed with the rows; "done" waits for the figures below, so that a batch the page
            # shows done is counted in every figure (a batch left here imported is finished by
            # history.services.jobs.batch_run: its figures rebuilt, then done).
            batch.imported_rows = len(rows)
            batch.rows_done = len(rows)
            batch.save(update_fields=["imported_rows", "rows_done"])
    except IntegrityError:
        # Another import of the same rows committed between the check and now.
        logger.warning("history import %s: row keys taken by a concurrent import", batch.pk)
        message = _("同一批记录正在或已经由另一次导入写入，本次未导入任何数据。请重新上传检查。")
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), rows_done=0, error=message
        )
        raise ImportRefused(message) from None
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), rows_done=0
        )
        raise
    figures_mark({row.received for row in rows} | {row.closed for row in rows if row.closed})
    batch_finish(batch=batch, seconds=time.monotonic() - started)
    logger.info("history import %s: %d rows in %.1f s", batch.pk, len(rows), batch.seconds)
    return batch


def batch_finish(*, batch: ImportBatch, seconds: float | None = None) -> None:
    batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    fields = ["status", "finished_at"]
    if seconds is not None:
        batch.seconds = round(seconds, 2)
        fields.append("seconds")
    batch.save(update_fields=fields)


def batch_dates(*, batch: ImportBatch) -> set[datetime.date]:
    """The days the batch's petitions count on (received, replied, closed), from the database."""
    dates: set[datetime.date] = set()
    petitions = Petition.objects.filter(imported_row__batch=batch)
    for values in petitions.values_list("created_at", "replied_at", "closed_at").iterator(chunk_size=5000):
        dates |= {timezone.localdate(value) for value in values if value is not None}
    return dates


def figures_mark(dates: set[datetime.date]) -> None:
    """Rebuild the statistics tables of every month and day these dates fall in (the rows'
    received, replied and closed days). The imported events are new as well, so the stats sweep
    would find these months within a minute anyway; this makes the figures right the moment the
    batch is done. A failure here is logged, not raised: the rows are in, the sweep catches up."""
    if not dates:
        return
    try:
        figures_rebuild(dates=dates)
    except Exception as exc:
        logger.error("history import: figures rebuild failed (%s); the stats sweep will catch up", type(exc).__name__)
