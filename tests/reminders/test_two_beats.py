import datetime
import threading

import pytest
from django.db import connection

from reminders.models import Notice
from reminders.services import deadline_scan
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_beats_scanning_at_the_same_moment_create_each_notice_once(workstation):
    # given: 30 cases due on Monday 30 November, and two scans started together on the Friday
    factories.PetitionFactory.create_batch(
        30, workstation=workstation, status="received", due_date=datetime.date(2026, 11, 30)
    )
    barrier = threading.Barrier(2)
    results = []

    def beat():
        try:
            barrier.wait()
            results.append(deadline_scan(today=datetime.date(2026, 11, 27)))
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: 30 reminders between them, none doubled
    assert sum(r["reminder"] for r in results) == 30
    assert Notice.objects.count() == 30
