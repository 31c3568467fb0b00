"""Every read of the history import: the batches, and one batch's progress as the page's poll and
the API answer it."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from history.choices import RUNNING, BatchStatus
from history.models import ImportBatch

# How much of the bar each stage fills: checking is about a third of an import's time
# (bench/import.py), importing the rest.
CHECK_SHARE = 30


def batch_recent_list(*, limit: int = 20):
    return ImportBatch.objects.select_related("created_by").order_by("-created_at")[:limit]


def batch_get(*, pk: int) -> ImportBatch:
    """One batch, or 404. Every office staff member sees every batch: a batch holds counts and
    reasons, never a cell's value. (When CPPCC bodies scope office staff, this is the place.)"""
    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)


def batch_same_file_before(*, batch: ImportBatch) -> ImportBatch | None:
    """The last earlier batch of the very same file that imported rows, if any."""
    if not batch.file_hash:
        return None
    return (
        ImportBatch.objects.filter(file_hash=batch.file_hash, status=BatchStatus.DONE, pk__lt=batch.pk)
        .order_by("-pk")
        .first()
    )


def batch_progress(*, batch: ImportBatch) -> dict:
    """What the progress bar shows: the stage, rows done of total, an overall percent, and the
    counts once known. `running` false means the page reloads to show the result."""
    total = batch.total_rows
    done = min(batch.rows_done, total) if total else batch.rows_done
    if batch.status == BatchStatus.QUEUED:
        percent, text = 0, _("排队等待处理……")
    elif batch.status == BatchStatus.CHECKING:
        percent = CHECK_SHARE * done // total if total else 0
        text = _("正在检查：%(done)d / %(total)d 行") % {"done": done, "total": total}
    elif batch.status == BatchStatus.IMPORTING and batch.imported_rows:
        percent, text = 99, _("已写入，正在更新统计数据……")
    elif batch.status == BatchStatus.IMPORTING:
        to_import = batch.valid_rows or 1
        # Up to 98: 99 is the figures' rebuild after the commit, 100 done.
        percent = CHECK_SHARE + (98 - CHECK_SHARE) * min(done, to_import) // to_import
        text = _("正在导入：%(done)d / %(total)d 行") % {"done": done, "total": batch.valid_rows}
    else:
        percent, text = 100, str(batch.get_status_display())
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_display": str(batch.get_status_display()),
        "running": batch.status in RUNNING,
        "percent": percent,
        "text": text,
        "rows_done": done,
        "total_rows": total,
        "valid_rows": batch.valid_rows,
        "refused_rows": batch.refused_rows,
        "already_rows": batch.already_rows,
        "imported_rows": batch.imported_rows,
        "valid_only": batch.valid_only,
        "error": batch.error,
        "seconds": batch.seconds,
    }
