"""The history import through a real Celery worker on Redis and PostgreSQL: the page's upload is
queued, the worker checks and imports it, and the page's poll sees the progress move from a
connection of its own while the import's one transaction is still open."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history.choices import BatchStatus
from history.models import ImportBatch, ImportUpload
from petitions.models import Petition
from stats import selectors
from stats.filters import StatsFilter
from tests import factories
from tests.history.conftest import row, xlsx

ROWS = 10_000


@pytest.mark.django_db(transaction=True)
def test_a_10000_row_file_imports_on_a_real_worker_with_its_progress_seen_by_the_page(
    client, office_staff, celery_worker_process
):
    # given office staff, the workstation and category the rows name, and a file of 10,000 rows
    factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室")
    factories.CategoryFactory(code="road", name="道路")
    data = xlsx([row(original_number=f"N{n}", content=f"第 {n} 件历史诉求。") for n in range(ROWS)])
    client.force_login(office_staff)

    # when it is uploaded on the page
    started = time.monotonic()
    response = client.post(
        reverse("history:import"),
        {"file": SimpleUploadedFile("history.xlsx", data)},
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("history:batch", args=[batch.pk])

    # then the page's poll sees the bar move through both stages, and the batch finish
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(reverse("history:status", args=[batch.pk])).json()
        seen.append((status["status"], status["rows_done"], status["percent"]))
        if not status["running"]:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    assert status["status"] == "done", (status, celery_worker_process.log_path.read_text()[-3000:])
    assert (status["imported_rows"], status["percent"]) == (ROWS, 100)
    stages = {s for s, _done, _percent in seen}
    assert {"checking", "importing"} <= stages, seen[:50]
    assert any(s == "importing" and 0 < done < ROWS for s, done, _p in seen), "no count seen mid-import"
    percents = [p for _s, _d, p in seen]
    assert percents == sorted(percents)
    assert elapsed < 60, f"{ROWS} rows took {elapsed:.1f} s through the worker"

    # and the cases are there, counted in their month, and the kept upload is gone
    assert Petition.objects.count() == ROWS
    march = selectors.summary(StatsFilter(start=datetime.date(2015, 3, 1), end=datetime.date(2015, 3, 31)))
    assert (march["collected"], march["solved"], march["households"]) == (ROWS, ROWS, 2 * ROWS)
    assert ImportUpload.objects.count() == 0
    assert ImportBatch.objects.get().status == BatchStatus.DONE
