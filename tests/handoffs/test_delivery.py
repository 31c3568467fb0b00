import json
import time

import pytest
from django.core import mail
from werkzeug import Response

from departments.services import portal_token_read
from handoffs.choices import DeliveryState
from handoffs.delivery import delivery_attempt, retry_delay
from handoffs.models import Delivery
from handoffs.signing import webhook_signature
from reminders.choices import NoticeKind, SubjectType
from reminders.models import Notice

pytestmark = pytest.mark.django_db


def test_webhook_delivery_is_signed_and_recorded(webhook_department, make_delivery, httpserver):
    # given: the department's system answers 200
    seen = []

    def handler(request):
        seen.append(request)
        return Response("ok", status=200)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handler)
    delivery = make_delivery(webhook_department)

    # when
    outcome = delivery_attempt(delivery_id=delivery.pk)

    # then: one signed request with the delivery's idempotency key, and one recorded attempt
    assert outcome.state == DeliveryState.DELIVERED
    (request,) = seen
    body = request.get_data()
    timestamp = request.headers["X-Workstation-Timestamp"]
    assert request.headers["X-Workstation-Signature"] == webhook_signature(
        secret="s3cret-of-the-bureau", timestamp=timestamp, body=body
    )
    assert request.headers["Idempotency-Key"] == str(delivery.idempotency_key)
    document = json.loads(body)
    assert document["kind"] == "consultation"
    assert document["data"]["question"] == "河堤广场夜间活动的音量有无规定的上限？"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempts == 1
    (attempt,) = delivery.attempt_log.all()
    assert (attempt.succeeded, attempt.status_code, attempt.error) == (True, 200, "")


def test_a_delivered_hand_off_is_never_sent_again(webhook_department, make_delivery, httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    delivery = make_delivery(webhook_department)
    delivery_attempt(delivery_id=delivery.pk)

    # when: a stray copy of the task runs again (with and without the attempts it expected)
    again = delivery_attempt(delivery_id=delivery.pk)
    stale = delivery_attempt(delivery_id=delivery.pk, expected_attempts=0)

    # then
    assert (again.tried, stale.tried) == (False, False)
    assert len(httpserver.log) == 1
    assert Delivery.objects.get(pk=delivery.pk).attempt_log.count() == 1


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_retryable_answers_schedule_a_later_try(webhook_department, make_delivery, httpserver, status):
    httpserver.expect_request("/hook").respond_with_data("busy", status=status)
    delivery = make_delivery(webhook_department)

    outcome = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING
    assert outcome.retry_in is not None
    assert delivery.next_attempt_at > delivery.created_at
    assert delivery.last_error.startswith(f"HTTP {status}")
    assert delivery.attempt_log.get().status_code == status
    assert not Notice.objects.exists()


def test_a_4xx_is_not_retried_but_escalated_to_reviewers(
    webhook_department, make_delivery, httpserver, reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = "reviewer@example.gov.cn"
    reviewer.save()
    httpserver.expect_request("/hook").respond_with_data("bad field", status=400)
    delivery = make_delivery(webhook_department)

    outcome = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (outcome.retry_in, delivery.state, delivery.attempts) == (None, DeliveryState.FAILED, 1)
    notice = Notice.objects.get()
    assert (notice.subject_type, notice.subject_id, notice.kind) == (
        SubjectType.DELIVERY,
        delivery.pk,
        NoticeKind.DELIVERY_FAILED,
    )


def test_after_the_last_allowed_failure_it_fails_and_a_reviewer_is_told(
    webhook_department, make_delivery, httpserver, reviewer, settings, notifications
):
    # given: 3 attempts allowed, the receiver is down
    settings.HANDOFF_MAX_ATTEMPTS = 3
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reviewer.email = "reviewer@example.gov.cn"
    reviewer.save()
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    delivery = make_delivery(webhook_department)

    # when: three tries
    for expected in range(3):
        delivery_attempt(delivery_id=delivery.pk, expected_attempts=expected)

    # then
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)
    assert delivery.attempt_log.count() == 3
    assert Notice.objects.filter(kind=NoticeKind.DELIVERY_FAILED, subject_id=delivery.pk).count() == 1


def test_connection_refused_is_retried(webhook_department, make_delivery):
    webhook_department.webhook_url = "http://127.0.0.1:9/hook"  # discard port: nothing listens
    webhook_department.save()
    delivery = make_delivery(webhook_department)

    outcome = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome.retry_in is not None
    assert delivery.state == DeliveryState.PENDING
    assert delivery.last_error.startswith("connection:")


def test_read_timeout_is_enforced_and_retried(webhook_department, make_delivery, httpserver, settings):
    import time

    settings.HANDOFF_WEBHOOK_TIMEOUT = (1, 0.3)

    def slow(request):
        time.sleep(1)
        return Response("late")

    httpserver.expect_request("/hook").respond_with_handler(slow)
    delivery = make_delivery(webhook_department)

    outcome = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome.retry_in is not None
    assert delivery.last_error.startswith("timeout:")
    assert delivery.attempt_log.get().duration_ms < 1000


def test_email_delivery_carries_a_signed_expiring_portal_link(email_department, make_delivery, settings):
    settings.PUBLIC_BASE_URL = "https://ws.example.gov.cn"
    delivery = make_delivery(email_department)

    delivery_attempt(delivery_id=delivery.pk)

    (message,) = mail.outbox
    assert message.to == ["zjj@example.gov.cn"]
    assert message.subject == "【委员工作室】部门咨询：请住建局办理"
    assert "河堤广场夜间活动的音量有无规定的上限？" in message.body
    link = next(line for line in message.body.splitlines() if line.startswith("https://"))
    assert link.startswith("https://ws.example.gov.cn/dept/link/")
    token = link.removeprefix("https://ws.example.gov.cn/dept/link/").rstrip("/")
    # the link is the one the department portal verifies, and it names the consultation handed off
    assert portal_token_read(token) == ("consultation", delivery.consultation_id)
    settings.HANDOFF_PORTAL_LINK_MAX_AGE_DAYS = 0
    time.sleep(1.1)
    assert portal_token_read(token) is None
    assert Delivery.objects.get(pk=delivery.pk).state == DeliveryState.DELIVERED


def test_in_app_delivery_is_delivered_at_once(department, make_delivery):
    delivery = make_delivery(department)

    delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempt_log.get().succeeded is True


def test_backoff_grows_with_jitter_and_is_capped(settings):
    settings.HANDOFF_RETRY_BASE_SECONDS = 10
    settings.HANDOFF_RETRY_MAX_SECONDS = 100
    delays = {n: [retry_delay(n) for _ in range(200)] for n in (1, 2, 3, 10)}
    assert 5 <= min(delays[1])
    assert max(delays[1]) < 15
    assert 10 <= min(delays[2])
    assert max(delays[2]) < 30
    assert 20 <= min(delays[3])
    assert max(delays[3]) < 60
    assert 50 <= min(delays[10])
    assert max(delays[10]) < 150
    assert len(set(delays[3])) > 100  # jittered, not a fixed value
    assert retry_delay(1, retry_after=60) == 60


def test_smtp_server_down_is_retried(email_department, make_delivery, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    delivery = make_delivery(email_department)

    outcome = delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome.retry_in is not None
    assert delivery.state == DeliveryState.PENDING
    assert delivery.last_error.startswith("SMTP: ConnectionRefusedError")


def test_a_reviewer_can_send_a_failed_hand_off_again_from_the_admin(
    webhook_department, make_delivery, httpserver, admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    from handoffs.tasks import delivery_send

    httpserver.expect_request("/hook").respond_with_data("gone", status=410)
    delivery = make_delivery(webhook_department)
    delivery_attempt(delivery_id=delivery.pk)
    queued = []
    monkeypatch.setattr(delivery_send, "delay", lambda *args: queued.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/handoffs/delivery/", {"action": "retry_failed", "_selected_action": [delivery.pk]}
        )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)
    assert queued == [(delivery.pk, 0)]
    assert delivery.attempt_log.count() == 1  # the history stays


def test_the_delivery_admin_page_shows_the_attempts(webhook_department, make_delivery, httpserver, admin_client):
    httpserver.expect_request("/hook").respond_with_data("busy", status=503)
    delivery = make_delivery(webhook_department)
    delivery_attempt(delivery_id=delivery.pk)

    response = admin_client.get(f"/admin/handoffs/delivery/{delivery.pk}/change/")

    assert response.status_code == 200
    assert "HTTP 503: busy" in response.content.decode()


def test_a_409_for_a_key_the_receiver_already_has_counts_as_delivered(webhook_department, make_delivery, httpserver):
    # given: the receiver stored it before (a worker died before recording the success)
    httpserver.expect_request("/hook").respond_with_data("duplicate Idempotency-Key", status=409)
    delivery = make_delivery(webhook_department)

    delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 1)
    assert delivery.attempt_log.get().status_code == 409
    assert not Notice.objects.exists()
