import datetime

import pytest
from django.utils import timezone

from common import health
from common.models import Heartbeat
from common.tasks import beat_tick
from handoffs.models import Delivery
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_up(monkeypatch, time_machine):
    monkeypatch.setattr(health, "check_workers", lambda: (True, "1 worker(s)"))
    # The clock stands still: an age in a detail is exact however slow the machine is.
    time_machine.move_to(timezone.now(), tick=False)


def _tick(seconds_ago: float):
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"at": timezone.now() - datetime.timedelta(seconds=seconds_ago)}
    )


def test_ready_when_the_beat_ticks_and_the_outbox_moves(client, all_up):
    # given the beat's task ran just now (as a worker of the periodic queue runs it)
    beat_tick()

    # when
    response = client.get("/readyz")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["failing"] == []
    assert body["checks"]["beat"]["ok"] is True
    assert body["checks"]["outbox"] == {"ok": True, "detail": "0 waiting, oldest due 0 s ago (limit 600 s)"}


def test_not_ready_when_the_beat_stopped(client, all_up, settings):
    # given the last tick 4 minutes ago, the limit 3
    settings.READINESS_BEAT_MAX_AGE_SECONDS = 180
    _tick(240)

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["failing"] == ["beat"]
    assert body["checks"]["beat"]["detail"] == "last tick 240 s ago (limit 180 s)"


def test_not_ready_before_the_first_tick(client, all_up):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"] == {"ok": False, "detail": "no tick yet"}


def test_not_ready_when_a_due_hand_off_waits_for_a_worker(client, all_up, department, settings):
    # given a hand-off due 15 minutes ago that no worker took, the limit 10 minutes
    settings.READINESS_OUTBOX_MAX_AGE_SECONDS = 600
    _tick(5)
    consultation = factories.ConsultationFactory(department=department)
    Delivery.objects.create(
        kind="consultation", department=department, channel="email", consultation=consultation,
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=15),
    )  # fmt: skip

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["outbox"]
    assert response.json()["checks"]["outbox"]["detail"] == "1 waiting, oldest due 900 s ago (limit 600 s)"


def test_a_hand_off_waiting_for_its_next_retry_is_not_a_stuck_outbox(client, all_up, department):
    # given a department's receiver down: the row waits for a retry in an hour, created 2 hours ago
    _tick(5)
    consultation = factories.ConsultationFactory(department=department)
    row = Delivery.objects.create(
        kind="consultation", department=department, channel="webhook", consultation=consultation, attempts=4,
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    Delivery.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["outbox"]["detail"] == "1 waiting, oldest due 0 s ago (limit 600 s)"


def test_readiness_details_only_for_this_host_or_the_token(client, all_up, settings):
    settings.HEALTHZ_TOKEN = "monitor-secret"
    proxied = {"HTTP_X_FORWARDED_FOR": "10.0.0.9"}

    assert client.get("/readyz", **proxied).json() == {"status": "not ready"}
    detailed = client.get("/readyz", HTTP_AUTHORIZATION="Bearer monitor-secret", **proxied).json()
    assert detailed["failing"] == ["beat"]


def test_the_beat_schedules_its_tick_every_minute_on_the_periodic_queue(settings):
    assert settings.CELERY_BEAT_SCHEDULE["common-beat-tick"] == {"task": "common.beat_tick", "schedule": 60.0}
    assert settings.CELERY_TASK_ROUTES["common.beat_tick"] == {"queue": "periodic"}


def test_every_task_but_the_ping_has_a_queue_of_its_own(settings):
    # given every task the workers know
    from config.celery_app import app

    app.loader.import_default_modules()
    names = {name for name in app.tasks if not name.startswith("celery.")}

    # then each is routed to a declared queue (only the ping answers on the default one)
    assert names - set(settings.CELERY_TASK_ROUTES) == {"common.ping"}
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} <= set(settings.CELERY_TASK_QUEUES)
