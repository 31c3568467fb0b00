import time

import pytest
from django.utils import timezone

from common.calendar import add_working_days, subtract_working_days
from reminders.models import Notice
from reminders.services import deadline_scan
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_reminders_go_out_through_the_notifications_queue_of_a_real_worker(celery_worker_process, member):
    # given: a case due on the next working day
    member.user.email = "member@example.gov.cn"
    member.user.save()
    today = subtract_working_days(add_working_days(timezone.localdate(), 1), 1)  # a working day
    factories.PetitionFactory(status="assigned", assigned_member=member, due_date=add_working_days(today, 1))

    # when: the scan runs (as beat would); its notices are queued after commit
    result = deadline_scan(today=today)

    # then: the worker consumed the notifications queue and sent it once
    assert result["reminder"] == 1
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Notice.objects.filter(sent_at__isnull=True).exists():
        time.sleep(0.1)
    notice = Notice.objects.get()
    assert notice.sent_at is not None
    assert (notice.recipients, notice.attempts) == (1, 1)
