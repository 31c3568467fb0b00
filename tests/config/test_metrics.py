import datetime

import pytest
from django.utils import timezone

from common.models import Heartbeat, PendingNotification
from config import metrics
from handoffs.models import Delivery
from reminders.models import Notice
from tests import factories

pytestmark = pytest.mark.django_db


def _samples(text: str) -> dict[str, float]:
    """The exposition's sample lines as {'name{labels}': value}."""
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def _scrape(client, **extra):
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return _samples(response.content.decode())


def test_metrics_are_refused_through_a_proxy_and_without_the_token(client, settings):
    # given a scraper token, and requests that came through the proxy (X-Forwarded-For)
    settings.METRICS_TOKEN = "scrape-secret"
    proxied = {"HTTP_X_FORWARDED_FOR": "10.0.0.9"}

    # then: no token or a wrong one is refused, the right one (either header) is let in
    assert client.get("/metrics", **proxied).status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **proxied).status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret", **proxied).status_code == 200
    assert client.get("/metrics", HTTP_X_METRICS_TOKEN="scrape-secret", **proxied).status_code == 200


def test_metrics_without_a_token_configured_answer_only_this_host(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", REMOTE_ADDR="10.0.0.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200


def test_requests_are_counted_and_timed_by_view(client):
    # given two requests of the tracking page and one of a page that does not exist
    before = _scrape(client)
    client.get("/track/")
    client.get("/track/")
    client.get("/no-such-page/")

    # when
    after = _scrape(client)

    # then
    key = 'gzs_http_requests_total{method="GET",status="2xx",view="petitions:track"}'
    assert after[key] - before.get(key, 0) == 2
    missing = 'gzs_http_requests_total{method="GET",status="4xx",view="<unresolved>"}'
    assert after[missing] - before.get(missing, 0) == 1
    count = 'gzs_http_request_duration_seconds_count{method="GET",view="petitions:track"}'
    assert after[count] - before.get(count, 0) == 2


def test_the_system_gauges(client, workstation, other_workstation, department):
    from config.celery_app import app

    # given: this test process's broker emptied of what earlier tests here left queued (hand-offs
    # and notices sent on commit with no worker running), so the queue gauges read 0
    app.control.purge()
    # two overdue open cases at 西流湾, one at 罗溪, one closed one that does not count
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.PetitionFactory.create_batch(2, workstation=workstation, status="received", due_date=yesterday)
    factories.PetitionFactory(workstation=other_workstation, status="assigned", due_date=yesterday)
    factories.PetitionFactory(workstation=other_workstation, status="closed", due_date=yesterday)
    # a hand-off waiting for 5 minutes, one delivered; a beat tick 42 s ago
    consultation = factories.ConsultationFactory(department=department)
    now = timezone.now()
    waiting = Delivery.objects.create(
        kind="consultation", department=department, channel="email", consultation=consultation
    )
    Delivery.objects.filter(pk=waiting.pk).update(created_at=now - datetime.timedelta(minutes=5))
    Delivery.objects.create(
        kind="consultation", department=department, channel="email", consultation=consultation,
        state="delivered", delivered_at=now,
    )  # fmt: skip
    Heartbeat.objects.create(name="beat", at=now - datetime.timedelta(seconds=42))
    # a reminder tried once and not sent; a message unsent for 20 minutes, one queued just now
    Notice.objects.create(
        subject_type="petition", subject_id=1, kind="deadline_reminder", due_date=yesterday, attempts=1
    )
    old = PendingNotification.objects.create(recipient="13800138000", subject="s", body="b")
    PendingNotification.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(minutes=20))
    PendingNotification.objects.create(recipient="13800138001", subject="s", body="b")

    # when
    samples = _scrape(client)

    # then
    assert samples['gzs_overdue_cases{workstation="xiliuwan"}'] == 2
    assert samples['gzs_overdue_cases{workstation="luoxi"}'] == 1
    assert samples["gzs_outbox_waiting"] == 1
    assert 299 <= samples["gzs_outbox_oldest_age_seconds"] < 330
    assert 40 <= samples["gzs_beat_last_tick_age_seconds"] < 70
    assert samples['gzs_notification_failures{kind="notice"}'] == 1
    assert samples['gzs_notification_failures{kind="message"}'] == 1
    # every declared queue is reported, empty
    assert {key: value for key, value in samples.items() if key.startswith("gzs_celery_queue_length")} == {
        f'gzs_celery_queue_length{{queue="{queue}"}}': 0.0
        for queue in ("celery", "handoffs", "notifications", "periodic", "imports")
    }
    assert not any(key.startswith("gzs_metrics_errors{") for key in samples)


def test_queue_lengths_count_what_waits_in_redis(client):
    # given three messages waiting on the hand-offs queue (no worker consumes in this test)
    from config.celery_app import app

    app.control.purge()
    try:
        for pk in (1, 2, 3):
            app.send_task("handoffs.delivery_send", args=[pk], queue="handoffs", routing_key="handoffs")
        # then
        assert metrics.celery_queue_lengths()["handoffs"] == 3
        assert _scrape(client)['gzs_celery_queue_length{queue="handoffs"}'] == 3
    finally:
        app.control.purge()


def test_an_unreadable_broker_leaves_the_other_gauges(client, monkeypatch):
    # given a broker that cannot be reached
    def broken():
        raise ConnectionError("refused")

    monkeypatch.setattr(metrics, "celery_queue_lengths", broken)

    # when
    samples = _scrape(client)

    # then: the failure is counted, the database's gauges are still there
    assert samples['gzs_metrics_errors{part="queues"}'] == 1
    assert samples["gzs_outbox_waiting"] == 0
    assert samples["gzs_beat_last_tick_age_seconds"] == -1
