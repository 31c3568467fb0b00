import datetime

import pytest
from django.utils import timezone

from config.beat import BEAT_SCHEDULE
from config.celery_app import app
from handoffs.choices import DeliveryState
from handoffs.delivery import delivery_attempt
from handoffs.models import Delivery
from handoffs.selectors import deliveries_for_petition
from handoffs.services import delivery_create_for_assignment, delivery_sweep
from handoffs.tasks import delivery_send
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_sweeper_queues_only_due_pending_rows_and_leases_them(
    make_delivery, department, settings, django_capture_on_commit_callbacks, monkeypatch
):
    # given: one due, one not yet due, one delivered
    settings.HANDOFF_SWEEP_GRACE_SECONDS = 60
    now = timezone.now()
    due = make_delivery(department)
    later = make_delivery(factories.DepartmentFactory(name="住建局"))
    done = make_delivery(factories.DepartmentFactory(name="水务局"))
    Delivery.objects.filter(pk=due.pk).update(next_attempt_at=now - datetime.timedelta(minutes=5), attempts=2)
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=now + datetime.timedelta(minutes=5))
    Delivery.objects.filter(pk=done.pk).update(
        state=DeliveryState.DELIVERED, delivered_at=now, next_attempt_at=now - datetime.timedelta(minutes=5)
    )
    queued = []
    monkeypatch.setattr(delivery_send, "delay", lambda *args: queued.append(args))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        swept = delivery_sweep(now=now)

    # then: the due row is queued with the attempt count it had, and not swept again while leased
    assert swept == [due.pk]
    assert queued == [(due.pk, 2)]
    assert Delivery.objects.get(pk=due.pk).next_attempt_at > now
    assert delivery_sweep(now=now + datetime.timedelta(minutes=1)) == []


def test_a_fresh_row_is_left_to_its_own_task_for_the_grace_period(make_delivery, department, settings):
    settings.HANDOFF_SWEEP_GRACE_SECONDS = 60
    delivery = make_delivery(department)

    assert delivery_sweep(now=delivery.next_attempt_at + datetime.timedelta(seconds=30)) == []
    assert delivery_sweep(now=delivery.next_attempt_at + datetime.timedelta(seconds=61)) == [delivery.pk]


def test_the_outbox_row_commits_with_the_change_and_the_task_is_queued_only_on_commit(
    department, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(delivery_send, "delay", lambda *args: queued.append(args))
    assignment = factories.ProposalAssignmentFactory(department=department)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delivery = delivery_create_for_assignment(assignment=assignment)
    assert queued == []
    for callback in callbacks:
        callback()

    assert queued == [(delivery.pk, 0)]
    assert delivery.payload["proposal"]["title"] == "关于整治河堤广场夜间噪音的建议"


def test_deliveries_of_a_case_with_their_attempts_in_three_queries(
    department, django_assert_num_queries, make_delivery
):
    def case_with(n):
        petition = factories.PetitionFactory(status="consulting")
        for i in range(n):
            consultation = factories.ConsultationFactory(
                petition=petition, department=factories.DepartmentFactory(name=f"部门-{n}-{i}"), status="answered",
                answer="已答复", answered_at=timezone.now(),
            )  # fmt: skip
            from handoffs.services import delivery_create_for_consultation

            delivery = delivery_create_for_consultation(consultation=consultation)
            delivery_attempt(delivery_id=delivery.pk)
        return petition

    for n in (2, 20):
        petition = case_with(n)
        with django_assert_num_queries(2):
            rows = [
                (d.department.name, d.get_state_display(), [a.succeeded for a in d.attempt_log.all()])
                for d in deliveries_for_petition(petition=petition)
            ]
        assert len(rows) == n
        assert rows[-1] == (f"部门-{n}-0", "已送达", [True])


def test_every_task_has_time_limits_and_its_own_queue():
    app.loader.import_default_modules()
    expected_queues = {
        "handoffs.delivery_send": "handoffs",
        "handoffs.delivery_sweep": "periodic",
        "common.notification_release": "periodic",
        "reminders.notice_send": "notifications",
        "reminders.notice_sweep": "periodic",
        "reminders.deadline_scan": "periodic",
        "reminders.digest_daily": "periodic",
        "members.remind_duties": "periodic",
        "members.remind_uncovered_slots": "periodic",
        "stats.monthly_figures_sweep": "periodic",
        "stats.candidates_sweep": "periodic",
        "topics.milestone_reminders": "periodic",
        "history.batches_requeue": "periodic",
        "petitions.photos_held_sweep": "periodic",
        "petitions.contact_retention_sweep": "periodic",
        "audit.access_log_purge": "periodic",
        "common.idempotent_requests_purge": "periodic",
        "common.beat_tick": "periodic",
        "common.notification_send": "notifications",
        "common.notification_sweep": "periodic",
    }
    for name, queue in expected_queues.items():
        task = app.tasks[name]
        assert 0 < task.soft_time_limit < task.time_limit, name
        assert app.amqp.router.route({}, name)["queue"].name == queue
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= set(expected_queues)
    # a worker started without -Q (tests, `make run`) consumes all five
    assert set(app.amqp.queues) == {
        "celery",
        "handoffs",
        "imports",
        "notifications",
        "periodic",
    }
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


def test_the_case_page_include_lists_each_attempt(webhook_department, make_delivery, httpserver):
    from django.template.loader import render_to_string

    httpserver.expect_ordered_request("/hook").respond_with_data("<b>down</b>", status=503)
    httpserver.expect_ordered_request("/hook").respond_with_data("ok")
    delivery = make_delivery(webhook_department)
    delivery_attempt(delivery_id=delivery.pk)
    delivery_attempt(delivery_id=delivery.pk, expected_attempts=1)

    html = render_to_string(
        "handoffs/includes/deliveries.html",
        {"deliveries": deliveries_for_petition(petition=delivery.consultation.petition)},
    )

    assert "咨询 → 城管局（系统对接（Webhook））" in html
    assert "已送达" in html
    assert html.count("<tr>") == 1 + 2  # the header and two attempts
    assert "HTTP 503: &lt;b&gt;down&lt;/b&gt;" in html  # the receiver's text is escaped
    assert "本诉求没有部门交接。" in render_to_string("handoffs/includes/deliveries.html", {"deliveries": []})
