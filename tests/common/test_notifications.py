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
