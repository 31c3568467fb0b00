import pytest
from werkzeug import Response

from common.models import PendingNotification
from common.notifications import GatewayBackend, HttpSmsGateway, Notification, SmsGatewayError


@pytest.fixture
def gateway(settings, httpserver):
    settings.SMS_GATEWAY_URL = httpserver.url_for("/sms")
    settings.SMS_GATEWAY_TOKEN = "token-1"
    settings.SMS_GATEWAY_SENDER = "委员工作室"
    settings.SMS_GATEWAY = "common.notifications.HttpSmsGateway"
    return httpserver


def test_sms_goes_to_the_http_gateway(gateway):
    gateway.expect_request(
        "/sms",
        method="POST",
        json={"to": "13900000001", "text": "提醒\n正文", "sender": "委员工作室"},
        headers={"Authorization": "Bearer token-1"},
    ).respond_with_data("ok")

    GatewayBackend().send(Notification(recipient="13900000001", subject="提醒", body="正文", channel="sms"))

    gateway.check_assertions()
    assert len(gateway.log) == 1


def test_a_gateway_error_or_time_out_raises(gateway, settings):
    import time

    gateway.expect_request("/sms").respond_with_data("no", status=500)
    with pytest.raises(SmsGatewayError, match="HTTP 500"):
        HttpSmsGateway().send_sms(phone="13900000001", text="x")

    settings.SMS_GATEWAY_TIMEOUT = (1, 0.2)
    gateway.clear()

    def slow(request):
        time.sleep(0.6)
        return Response("late")

    gateway.expect_request("/sms").respond_with_handler(slow)
    with pytest.raises(SmsGatewayError, match="unreachable: ReadTimeout"):
        HttpSmsGateway().send_sms(phone="13900000001", text="x")


def test_notify_later_sends_at_once_with_an_in_process_backend(notifications):
    from common.notifications import notify_later

    notify_later(recipient="13900000001", subject="提醒", body="正文")

    assert [(n.recipient, n.body) for n in notifications] == [("13900000001", "正文")]


@pytest.mark.django_db
def test_notify_later_sends_from_the_request_when_the_broker_is_unreachable(settings, monkeypatch):
    from kombu.exceptions import OperationalError

    from common import tasks
    from common.notifications import FakeSmsGateway, notify_later

    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    settings.SMS_GATEWAY = "common.notifications.FakeSmsGateway"
    FakeSmsGateway.sent.clear()

    def broker_down(*_args, **_kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.notification_send, "delay", broker_down)

    notify_later(recipient="13900000001", subject="提醒", body="正文")

    assert FakeSmsGateway.sent == [("13900000001", "提醒\n正文")]
    assert PendingNotification.objects.count() == 0


@pytest.mark.django_db
def test_notify_later_queues_the_row_id_only_and_the_worker_deletes_the_row(settings, monkeypatch):
    # given: a network backend, and a broker that records what it is given
    from common import tasks
    from common.notifications import FakeSmsGateway, notify_later

    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    settings.SMS_GATEWAY = "common.notifications.FakeSmsGateway"
    FakeSmsGateway.sent.clear()
    queued = []
    monkeypatch.setattr(tasks.notification_send, "delay", lambda *args, **kwargs: queued.append((args, kwargs)))

    # when
    notify_later(recipient="13900000001", subject="提醒", body="您的诉求已受理")

    # then: the task's arguments are the row's id and nothing else
    pending = PendingNotification.objects.get()
    assert queued == [((pending.pk,), {})]
    assert FakeSmsGateway.sent == []

    # when: the worker runs it (twice: a redelivered message)
    tasks.notification_send.run(pending.pk)
    tasks.notification_send.run(pending.pk)

    # then: sent once, and the row is gone
    assert FakeSmsGateway.sent == [("13900000001", "提醒\n您的诉求已受理")]
    assert PendingNotification.objects.count() == 0


@pytest.fixture
def gateway_backend(settings, monkeypatch):
    """A network backend (messages go through PendingNotification rows) and a broker that records
    what it is given instead of delivering it: a message "lost" is one nobody runs."""
    from common import tasks
    from common.notifications import FakeSmsGateway

    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    settings.SMS_GATEWAY = "common.notifications.FakeSmsGateway"
    FakeSmsGateway.sent.clear()
    FakeSmsGateway.fail_next = 0
    queued = []
    monkeypatch.setattr(tasks.notification_send, "delay", lambda *args, **kwargs: queued.append(args))
    return queued


@pytest.mark.django_db
def test_a_message_whose_task_was_lost_is_queued_again_by_the_sweep_and_sent_once(
    gateway_backend, settings, django_capture_on_commit_callbacks
):
    # given: a message whose task was lost (Redis restarted empty; found by bench/load.py --fault redis)
    import datetime

    from django.utils import timezone

    from common import tasks
    from common.notifications import FakeSmsGateway, notification_sweep, notify_later

    notify_later(recipient="13900000001", subject="诉求已受理", body="查询码 AAAA-BBBB-CCCC")
    pending = PendingNotification.objects.get()
    assert gateway_backend == [(pending.pk,)]
    grace = datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)

    # when: beat sweeps before the grace period is over, then after it
    assert notification_sweep(now=timezone.now()) == []
    with django_capture_on_commit_callbacks(execute=True):
        swept = notification_sweep(now=pending.created_at + grace + datetime.timedelta(seconds=1))

    # then: it is queued again, once, and leased: the next sweep leaves it to that task
    assert swept == [pending.pk]
    assert gateway_backend == [(pending.pk,), (pending.pk,)]
    assert notification_sweep(now=pending.created_at + grace + datetime.timedelta(seconds=2)) == []

    # when: the sweeper's copy runs, and the lost original comes back after all
    tasks.notification_send.run(pending.pk)
    tasks.notification_send.run(pending.pk)

    # then: the citizen has the message once, and nothing is left to sweep
    assert FakeSmsGateway.sent == [("13900000001", "诉求已受理\n查询码 AAAA-BBBB-CCCC")]
    assert PendingNotification.objects.count() == 0
    assert notification_sweep(now=timezone.now() + datetime.timedelta(days=1)) == []


@pytest.mark.django_db
def test_a_send_that_fails_keeps_the_row_for_the_retry_and_the_sweep(gateway_backend):
    # given: a gateway that refuses the next message
    from common import tasks
    from common.notifications import FakeSmsGateway, notify_later

    notify_later(recipient="13900000001", subject="提醒", body="正文")
    pending = PendingNotification.objects.get()
    FakeSmsGateway.fail_next = 1

    # when: the worker tries it
    with pytest.raises(SmsGatewayError):
        tasks.notification_send.run(pending.pk)

    # then: nothing sent, the row kept; the next try sends it
    assert FakeSmsGateway.sent == []
    assert PendingNotification.objects.filter(pk=pending.pk).exists()
    tasks.notification_send.run(pending.pk)
    assert FakeSmsGateway.sent == [("13900000001", "提醒\n正文")]
    assert PendingNotification.objects.count() == 0


@pytest.mark.django_db
def test_the_sweep_leaves_messages_past_the_maximum_age(gateway_backend, settings):
    # given: a message written two days ago and never sent
    import datetime

    from django.utils import timezone

    from common.notifications import notification_sweep, notify_later

    notify_later(recipient="13900000001", subject="提醒", body="正文")
    pending = PendingNotification.objects.get()
    old = timezone.now() - datetime.timedelta(hours=settings.NOTIFICATION_SWEEP_MAX_AGE_HOURS + 24)
    PendingNotification.objects.filter(pk=pending.pk).update(created_at=old, sweep_after=old)

    # when / then: too late to be worth sending; the row stays for the operator
    assert notification_sweep() == []
    assert gateway_backend == [(pending.pk,)]
    assert PendingNotification.objects.filter(pk=pending.pk).exists()
