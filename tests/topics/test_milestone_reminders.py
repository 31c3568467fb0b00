"""Plan steps are reminded like deadlines: one working day before to the lead, once past to the
lead and office staff; each once per due date; only on working days."""

import datetime

import pytest

from accounts.models import StaffNotification
from tests.topics.conftest import report_file
from topics import services
from topics.tasks import milestone_reminders

pytestmark = pytest.mark.django_db

# Friday 2026-05-15; the next working day is Monday the 18th.
FRIDAY = datetime.date(2026, 5, 15)


def test_a_step_due_next_working_day_is_reminded_once_to_the_lead(topic_at, lead, office_staff):
    topic = topic_at("researching")
    services.milestone_add(by=lead.user, topic_id=topic.pk, title="完成走访", due_date=datetime.date(2026, 5, 18))
    services.milestone_add(by=lead.user, topic_id=topic.pk, title="报告初稿", due_date=datetime.date(2026, 6, 30))
    before = StaffNotification.objects.filter(user=lead.user).count()

    assert services.milestone_reminders_send(today=FRIDAY) == {"reminded": 1, "overdue": 0}
    assert services.milestone_reminders_send(today=FRIDAY) == {"reminded": 0, "overdue": 0}

    rows = StaffNotification.objects.filter(user=lead.user).order_by("pk")[before:]
    assert [n.body for n in rows] == ["课题“城区夜间噪音治理”的工作节点“完成走访”将于 2026-05-18 到期。"]
    assert not StaffNotification.objects.filter(user=office_staff).exists()


def test_an_overdue_step_is_told_to_the_lead_and_office_staff_once(topic_at, lead, office_staff):
    topic = topic_at("researching")
    services.milestone_add(by=lead.user, topic_id=topic.pk, title="完成走访", due_date=datetime.date(2026, 5, 14))

    assert milestone_reminders(today=FRIDAY.isoformat()) == {"reminded": 0, "overdue": 1}
    assert milestone_reminders(today="2026-05-18") == {"reminded": 0, "overdue": 0}
    assert StaffNotification.objects.filter(user=office_staff, subject="课题工作节点已逾期").count() == 1
    assert StaffNotification.objects.filter(user=lead.user, subject="课题工作节点已逾期").count() == 1


def test_no_reminder_on_a_day_off_for_a_done_step_or_a_topic_past_its_research(topic_at, lead, office_staff):
    topic = topic_at("researching")
    done = services.milestone_add(by=lead.user, topic_id=topic.pk, title="已完成", due_date=FRIDAY)
    services.milestone_done(by=lead.user, milestone_id=done.pk)
    other = topic_at("researching")
    services.milestone_add(by=lead.user, topic_id=other.pk, title="走访", due_date=FRIDAY)
    services.topic_report_submit(by=lead.user, topic_id=other.pk, summary="摘要", files=[report_file()])
    services.topic_consult(by=office_staff, topic_id=other.pk, title="会", date=FRIDAY)
    services.outcome_record(by=office_staff, topic_id=other.pk, kind="policy", title="办法", date=FRIDAY)

    assert services.milestone_reminders_send(today=datetime.date(2026, 5, 16)) == {"reminded": 0, "overdue": 0}
    assert services.milestone_reminders_send(today=FRIDAY) == {"reminded": 0, "overdue": 0}
