"""The page's and the API's import: an upload becomes a queued batch, and a Celery task checks and
imports it while the page polls its progress (history.tasks.batch_run).

- `batch_upload`: the file is read far enough to refuse, at once and saving nothing, one that is
  not an XLSX of the template or holds more than UPLOAD_MAX_ROWS; then it is kept, encrypted, in
  the database (ImportUpload: the worker may run on another host), and the batch is queued after
  commit.
- `batch_run` (the task): claims the batch, checks every row, and imports a file without errors
  (or, with valid_only, its valid rows) straight away. A file with errors stops at "validated"
  with its report, and waits for `batch_import_valid_rows` or `batch_cancel`.
- The file is deleted once the batch is done, failed or cancelled.

One task per batch at a time: a task claims a batch by one UPDATE, from "queued", or from
"checking" / "importing" with no progress for longer than the task's hard time limit (a run a
dead worker left: its transaction rolled back, so nothing of it stays). A lost message or a dead
worker's batch is queued again by beat (`batches_requeue`).

Who may call these is checked by the callers (history.permissions)."""

import datetime
import hashlib
import logging
import threading
import uuid

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.crypto import decrypt_bytes, encrypt_bytes
from common.queueing import enqueue_after_commit
from history.choices import RUNNING, BatchStatus
from history.models import ImportBatch, ImportUpload
from history.services.importing import (
    UPLOAD_MAX_ROWS,
    ImportRefused,
    batch_check,
    batch_dates,
    batch_finish,
    batch_import,
    figures_mark,
)
from history.spreadsheet import SpreadsheetError, rows_read

logger = logging.getLogger("history.import")

TASK = "history.batch_run"
# The task's hard time limit (history.tasks): a batch with no progress for longer is no live task's.
TASK_TIME_LIMIT = 1800


def _upload_delete(batch: ImportBatch) -> None:
    ImportUpload.objects.filter(batch_id=batch.pk).delete()
    ImportBatch.objects.filter(pk=batch.pk).update(upload_name="")
    batch.upload_name = ""


def _upload_data(batch: ImportBatch) -> bytes | None:
    upload = ImportUpload.objects.filter(batch_id=batch.pk).only("data").first() if batch.upload_name else None
    return decrypt_bytes(upload.data) if upload is not None else None


def _user(user):
    return user if user is not None and user.is_authenticated else None


def batch_upload(*, data: bytes, file_name: str, user, valid_only: bool) -> ImportBatch:
    """Keep the upload and queue the task that checks and imports it. Raises SpreadsheetError
    (nothing saved) for a file that cannot be read, lacks a required column or is too large.

    The file is read here with the reader the task uses (rows_read, python-calamine: about 2 s of
    the request for 50,000 rows in bench/import.py, bounded by the form's 30 MB), so that what it
    refuses is refused on the form, at once, in the same words; the rows are checked by the task.
    (openpyxl's read-only mode, which could look at the header and declared size alone, took 7 s:
    it loads the shared strings, which hold every cell's text.)"""
    _positions, total, _rows = rows_read(data)
    if total > UPLOAD_MAX_ROWS:
        raise SpreadsheetError(
            _("一次最多导入 %(max)d 行（本文件 %(n)d 行）。请分成几个文件，或由管理员用 import_petitions 命令导入。")
            % {"max": UPLOAD_MAX_ROWS, "n": total}
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=_user(user),
            file_name=file_name[:200],
            file_hash=hashlib.sha256(data).hexdigest(),
            upload_name=uuid.uuid4().hex,
            status=BatchStatus.QUEUED,
            valid_only=valid_only,
            total_rows=total,
            progress_at=timezone.now(),
        )
        ImportUpload.objects.create(batch=batch, data=encrypt_bytes(data))
        enqueue_after_commit(TASK, batch.pk)
    return batch


def _fail(batch: ImportBatch, message: str) -> None:
    _upload_delete(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, error=message, finished_at=timezone.now(), rows_done=0
    )


def _progress_write(batch_id: int, values: dict) -> None:
    """Write a batch's progress where the page's poll can read it at once. Outside a transaction
    that is a plain UPDATE. Inside the import's one transaction it would be invisible until the
    end, so on PostgreSQL it goes through a connection of its own (a short-lived thread's: Django
    gives each thread one); the import holds no lock on the batch's row (history.services.importing)
    so it never waits. SQLite has one writer at a time: there the import stage shows no counts."""
    values = {**values, "progress_at": timezone.now()}
    connection = connections["default"]
    if not connection.in_atomic_block:
        ImportBatch.objects.filter(pk=batch_id).update(**values)
        return
    if connection.vendor != "postgresql":
        return

    def write():
        try:
            ImportBatch.objects.filter(pk=batch_id).update(**values)
        except Exception as exc:  # a progress bar is not worth failing an import for
            logger.warning("history import %s: progress not written (%s)", batch_id, type(exc).__name__)
        finally:
            connections.close_all()

    thread = threading.Thread(target=write, name=f"history-progress-{batch_id}", daemon=True)
    thread.start()
    thread.join(timeout=5)


def _progress_writer(batch: ImportBatch):
    def progress(stage: str, done: int, total: int) -> None:
        # Checking counts the file's rows (total_rows); importing the valid ones (valid_rows).
        _progress_write(batch.pk, {"rows_done": done, "total_rows": total} if stage == "check" else {"rows_done": done})

    return progress


def batch_run(*, batch_id: int) -> str:
    """The task's work: check the batch's file, then import it unless it has refused rows and the
    office has not chosen the valid rows. Returns the batch's status at the end ("" when there was
    nothing to do: cancelled, finished, or no such batch)."""
    # A queued batch, or one a dead worker left "checking" or "importing": its progress is older
    # than the task's hard time limit, so no live task is still working on it.
    dead = timezone.now() - datetime.timedelta(seconds=TASK_TIME_LIMIT + 60)
    claimed = (
        ImportBatch.objects.filter(pk=batch_id)
        .filter(Q(status=BatchStatus.QUEUED) | Q(status__in=RUNNING, progress_at__lt=dead))
        .update(status=BatchStatus.CHECKING, rows_done=0, progress_at=timezone.now(), error="")
    )
    if not claimed:
        return ""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.imported_rows:
        # A dead worker's batch whose rows were committed: only its figures and "done" were left.
        figures_mark(batch_dates(batch=batch))
        batch_finish(batch=batch)
        _upload_delete(batch)
        return BatchStatus.DONE
    data = _upload_data(batch)
    if data is None:
        _fail(batch, _("上传的文件已不在，请重新上传。"))
        return BatchStatus.FAILED
    try:
        check = batch_check(
            data=data,
            file_name=batch.file_name,
            valid_only=batch.valid_only,
            batch=batch,
            progress=_progress_writer(batch),
            max_rows=UPLOAD_MAX_ROWS,
        )
    except SpreadsheetError as exc:
        _fail(batch, str(exc))
        return BatchStatus.FAILED
    if batch.refused_rows and not check.rows:
        _fail(batch, _("文件中没有可导入的行：%(n)d 行有误。请改正后重新上传。") % {"n": batch.refused_rows})
        return BatchStatus.FAILED
    if batch.refused_rows and not batch.valid_only:
        batch.status = BatchStatus.VALIDATED
        batch.save(update_fields=["status"])
        return BatchStatus.VALIDATED
    try:
        batch_import(check=check, user=batch.created_by, progress=_progress_writer(batch))
    except ImportRefused as exc:
        _fail(batch, str(exc))
        return BatchStatus.FAILED
    except Exception as exc:
        # Logged by type only: a database error's text may quote a row's contact columns.
        logger.error("history import %s failed: %s", batch.pk, type(exc).__name__)
        _fail(batch, _("导入时出错，未导入任何数据。请稍后重新上传；仍不成功请联系管理员。"))
        return BatchStatus.FAILED
    _upload_delete(batch)
    return BatchStatus.DONE


def batch_import_valid_rows(*, batch: ImportBatch, user) -> ImportBatch:
    """The office's choice for a file with errors: import its valid rows. Queues the task again
    (it checks the file again: the database may have changed since). A second click, or a batch
    no longer waiting for the choice, is refused (ImportRefused) and queues nothing."""
    with transaction.atomic():
        claimed = (
            ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.VALIDATED, valid_rows__gt=0)
            .exclude(upload_name="")
            .update(status=BatchStatus.QUEUED, valid_only=True, rows_done=0, progress_at=timezone.now())
        )
        if not claimed:
            raise ImportRefused(_("这个批次已处理，不能再次导入。"))
        enqueue_after_commit(TASK, batch.pk)
    batch.refresh_from_db()
    return batch


def batch_cancel(*, batch: ImportBatch) -> None:
    """Cancel a batch waiting for the office's choice (or still queued) and delete its file. A
    batch a task is working on cannot be cancelled (ImportRefused)."""
    cancelled = ImportBatch.objects.filter(pk=batch.pk, status__in=[BatchStatus.VALIDATED, BatchStatus.QUEUED]).update(
        status=BatchStatus.CANCELLED, finished_at=timezone.now()
    )
    if not cancelled:
        raise ImportRefused(_("正在检查或导入的批次不能取消。"))
    _upload_delete(batch)


def batches_requeue() -> int:
    """What beat runs: queue again the batches a lost message or a dead worker left behind:
    queued for a quarter of an hour, or running with no progress for longer than the task may
    live (the one rule batch_run claims by, so a live task is never doubled)."""
    now = timezone.now()
    stuck = Q(status=BatchStatus.QUEUED, progress_at__lt=now - datetime.timedelta(minutes=15)) | Q(
        status__in=RUNNING, progress_at__lt=now - datetime.timedelta(seconds=TASK_TIME_LIMIT + 60)
    )
    pks = list(ImportBatch.objects.filter(stuck).values_list("pk", flat=True))
    for pk in pks:
        enqueue_after_commit(TASK, pk)
    return len(pks)
