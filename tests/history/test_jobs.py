"""The import task's rules: one task per batch, a dead worker's batch taken over and re-queued,
a failure that saves nothing and says why."""

import datetime

import pytest
from django.utils import timezone

from history.choices import BatchStatus
from history.models import ImportBatch, ImportedRow, ImportUpload
from history.services import batch_cancel, batch_run, batch_upload, batches_requeue, jobs
from petitions.models import Petition, PetitionEvent
from stats.models import MonthlyFigure
from tests.history.conftest import row, xlsx

pytestmark = pytest.mark.django_db


def _queued(office_staff, data=None, **kwargs) -> ImportBatch:
    data = data or xlsx([row(original_number="1"), row(original_number="2")])
    return batch_upload(data=data, file_name="h.xlsx", user=office_staff, valid_only=False, **kwargs)


def test_a_second_delivery_while_the_batch_runs_does_nothing(lookups, office_staff):
    batch = _queued(office_staff)
    # given a task working on the batch (its progress fresh)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.CHECKING, progress_at=timezone.now())
    # when the message is delivered again, then that run does nothing
    assert batch_run(batch_id=batch.pk) == ""
    assert Petition.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.CHECKING


def test_a_batch_a_dead_worker_left_is_taken_over_and_finished(lookups, office_staff, monkeypatch):
    batch = _queued(office_staff)
    # given a batch left "importing" longer ago than the task may live (its transaction rolled back)
    stale = timezone.now() - datetime.timedelta(seconds=jobs.TASK_TIME_LIMIT + 120)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, progress_at=stale)
    # when beat re-queues it and the task runs
    queued = []
    monkeypatch.setattr(jobs, "enqueue_after_commit", lambda name, *args: queued.append((name, *args)))
    assert batches_requeue() == 1
    assert queued == [("history.batch_run", batch.pk)]
    assert batch_run(batch_id=batch.pk) == BatchStatus.DONE
    # then the batch is imported, once
    assert ImportBatch.objects.get(pk=batch.pk).imported_rows == Petition.objects.count() == 2


def test_a_cancelled_or_finished_batch_is_not_run(lookups, office_staff):
    batch = _queued(office_staff)
    batch_cancel(batch=batch)
    assert batch_run(batch_id=batch.pk) == ""
    assert Petition.objects.count() == 0
    assert batches_requeue() == 0


def test_an_upload_gone_missing_fails_the_batch_with_a_reason(lookups, office_staff, settings):
    batch = _queued(office_staff)
    ImportUpload.objects.filter(batch=batch).delete()
    assert batch_run(batch_id=batch.pk) == BatchStatus.FAILED
    batch.refresh_from_db()
    assert (batch.status, batch.error) == (BatchStatus.FAILED, "上传的文件已不在，请重新上传。")


def test_an_error_half_way_saves_nothing_and_says_so(lookups, office_staff, settings, monkeypatch, caplog):
    from history.services import importing

    monkeypatch.setattr(importing, "CHUNK", 1)
    batch = _queued(
        office_staff, xlsx([row(original_number="1", citizen_phone="13800138000"), row(original_number="2")])
    )
    original = ImportedRow.objects.bulk_create
    calls = []

    def failing(rows, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("13800138000 disk full")
        return original(rows, **kwargs)

    monkeypatch.setattr(ImportedRow.objects, "bulk_create", failing)
    assert batch_run(batch_id=batch.pk) == BatchStatus.FAILED
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.error == "导入时出错，未导入任何数据。请稍后重新上传；仍不成功请联系管理员。"
    assert Petition.objects.count() == PetitionEvent.objects.count() == ImportedRow.objects.count() == 0
    assert ImportUpload.objects.count() == 0
    # the log names the error's kind, never its text (which may quote a row)
    assert "RuntimeError" in caplog.text
    assert "13800138000" not in caplog.text


def test_a_file_over_the_row_limit_is_refused_at_upload(lookups, office_staff, monkeypatch, settings):
    from history.spreadsheet import SpreadsheetError

    monkeypatch.setattr(jobs, "UPLOAD_MAX_ROWS", 1)
    with pytest.raises(SpreadsheetError, match="一次最多导入 1 行（本文件 2 行）。"):
        _queued(office_staff)
    assert ImportBatch.objects.count() == 0
    assert ImportUpload.objects.count() == 0


def test_a_batch_whose_rows_were_committed_before_its_worker_died_is_only_finished(lookups, office_staff):
    # given a batch imported (rows committed) whose worker died before the figures and "done"
    batch = _queued(office_staff)
    assert batch_run(batch_id=batch.pk) == BatchStatus.DONE
    MonthlyFigure.objects.all().delete()
    stale = timezone.now() - datetime.timedelta(seconds=jobs.TASK_TIME_LIMIT + 120)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.IMPORTING, progress_at=stale, finished_at=None)
    # when the task runs again
    assert batch_run(batch_id=batch.pk) == BatchStatus.DONE
    # then nothing is imported twice, the month's figures are rebuilt, and the counts stand
    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows, Petition.objects.count()) == (BatchStatus.DONE, 2, 2)
    assert MonthlyFigure.objects.filter(month=datetime.date(2015, 3, 1)).exists()
