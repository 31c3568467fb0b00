"""Hand-offs delivered by a REAL Celery worker process over the real Redis broker to a local
webhook receiver started by the test: signed, retried, never lost and never doubled."""

import json
import os
import signal
import threading
import time

import pytest
from werkzeug import Response

from config.celery_app import app
from departments.choices import DeliveryChannel
from handoffs.choices import DeliveryState
from handoffs.models import Delivery
from handoffs.services import delivery_create_for_consultation, delivery_sweep
from handoffs.signing import webhook_signature
from tests import factories

SECRET = "s3cret-of-the-bureau"


@pytest.fixture
def handoff_worker(monkeypatch, transactional_db):
    """The worker process, with retries fast enough for a test (read from the environment by the
    worker's settings)."""
    monkeypatch.setenv("HANDOFF_RETRY_BASE_SECONDS", "0.2")
    monkeypatch.setenv("HANDOFF_RETRY_MAX_SECONDS", "2")


@pytest.fixture
def worker(handoff_worker, celery_worker_process):
    return celery_worker_process


@pytest.fixture
def bureau(transactional_db, httpserver):
    return factories.DepartmentFactory(
        name="城管局", channel=DeliveryChannel.WEBHOOK, webhook_url=httpserver.url_for("/hook"), webhook_secret=SECRET
    )


class Receiver:
    """The department's system: checks the signature, drops repeats by Idempotency-Key, answers
    with the status codes it is told to answer in turn."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.calls = []
        self.accepted = {}
        self.lock = threading.Lock()

    def __call__(self, request):
        body = request.get_data()
        timestamp = request.headers.get("X-Workstation-Timestamp", "")
        signed = webhook_signature(secret=SECRET, timestamp=timestamp, body=body)
        with self.lock:
            self.calls.append(request.headers.get("Idempotency-Key"))
            if request.headers.get("X-Workstation-Signature") != signed:
                return Response("bad signature", status=401)
            status = self.statuses.pop(0) if self.statuses else 200
            if status == 200:
                self.accepted.setdefault(request.headers["Idempotency-Key"], json.loads(body))
            return Response("", status=status)


def wait_until(condition, timeout=25.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def hand_off(department) -> Delivery:
    consultation = factories.ConsultationFactory(department=department)
    # Committed by the service's own transaction; its on_commit queues the task.
    return delivery_create_for_consultation(consultation=consultation)


def state_of(delivery):
    return Delivery.objects.values_list("state", flat=True).get(pk=delivery.pk)


def test_a_hand_off_reaches_the_departments_system_signed(worker, bureau, httpserver):
    # given
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)

    # when
    delivery = hand_off(bureau)

    # then: the worker delivered it once, with a signature the receiver verified
    assert wait_until(lambda: state_of(delivery) == DeliveryState.DELIVERED)
    assert receiver.calls == [str(delivery.idempotency_key)]
    assert receiver.accepted[str(delivery.idempotency_key)]["data"]["consultation_id"] == delivery.consultation_id
    (attempt,) = Delivery.objects.get(pk=delivery.pk).attempt_log.all()
    assert (attempt.succeeded, attempt.status_code) == (True, 200)


def test_a_receiver_failing_twice_gets_it_on_the_third_try_exactly_once(worker, bureau, httpserver):
    # given: the department's system answers 500, 500, then 200
    receiver = Receiver(statuses=[500, 500, 200])
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)

    # when
    delivery = hand_off(bureau)

    # then
    assert wait_until(lambda: state_of(delivery) == DeliveryState.DELIVERED)
    time.sleep(1)  # any stray duplicate would arrive now
    key = str(delivery.idempotency_key)
    assert receiver.calls == [key, key, key]
    assert list(receiver.accepted) == [key]
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert [(a.succeeded, a.status_code) for a in delivery.attempt_log.all()] == [
        (False, 500),
        (False, 500),
        (True, 200),
    ]


@pytest.fixture
def broker_down():
    """Point this process's Celery producer at a port where no broker listens; give it back after."""
    original = app.conf.broker_url

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {"visibility_timeout": 3600, "max_retries": 0}
    reset_pools()

    def restore():
        app.conf.broker_url = original
        app.conf.broker_transport_options = {"visibility_timeout": 3600}
        reset_pools()

    yield restore
    restore()


def test_with_the_broker_down_at_commit_the_hand_offs_arrive_after_the_sweep(
    worker, bureau, httpserver, broker_down, settings
):
    # given: the broker is unreachable while 20 hand-offs commit
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    started = time.monotonic()
    deliveries = [hand_off(bureau) for _ in range(20)]
    elapsed = time.monotonic() - started

    # then: every one is saved, pending, nothing was sent, and committing did not hang
    assert elapsed < 5
    assert [state_of(d) for d in deliveries] == [DeliveryState.PENDING] * 20
    time.sleep(1)
    assert receiver.calls == []

    # when: the broker is back and the sweeper runs (as beat would)
    broker_down()
    settings.HANDOFF_SWEEP_GRACE_SECONDS = 0
    swept = delivery_sweep()

    # then: each delivered exactly once
    assert sorted(swept) == sorted(d.pk for d in deliveries)
    assert wait_until(lambda: all(state_of(d) == DeliveryState.DELIVERED for d in deliveries))
    time.sleep(1)
    assert sorted(receiver.calls) == sorted(str(d.idempotency_key) for d in deliveries)
    assert len(receiver.accepted) == 20
    assert delivery_sweep() == []


def _pool_children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(p) for p in handle.read().split()]


def test_a_worker_killed_mid_delivery_does_not_lose_it(worker, bureau, httpserver):
    # given: the receiver holds the first request until the test has killed the worker's child
    release = threading.Event()
    arrived = threading.Event()
    receiver = Receiver()

    def handler(request):
        if not arrived.is_set():
            arrived.set()
            release.wait(timeout=10)
        return receiver(request)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handler)
    delivery = hand_off(bureau)
    assert arrived.wait(timeout=20)

    # when: SIGKILL the pool process that is sending it
    (child,) = _pool_children(worker.pid)
    os.kill(child, signal.SIGKILL)
    release.set()

    # then: the task is put back, run again, and the department has it with one key
    assert wait_until(lambda: state_of(delivery) == DeliveryState.DELIVERED)
    key = str(delivery.idempotency_key)
    assert set(receiver.calls) == {key}
    assert 1 <= len(receiver.calls) <= 2
    assert list(receiver.accepted) == [key]
    delivery.refresh_from_db()
    assert delivery.attempt_log.filter(succeeded=True).count() == 1


def _start_second_worker(settings):
    """Another worker like the `celery_worker_process` fixture's, for after the first one died."""
    import subprocess
    import sys

    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
               "--without-mingle", "--without-gossip", "--loglevel=warning"]  # fmt: skip
    return subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603 - our own interpreter


def test_a_whole_worker_killed_mid_delivery_is_made_good_by_the_sweeper(worker, bureau, httpserver, settings):
    # given: the receiver holds the first request; the worker (main process and pool) is killed
    # outright, so its unacknowledged message stays with Redis until the visibility time-out
    release = threading.Event()
    arrived = threading.Event()
    receiver = Receiver()

    def handler(request):
        if not arrived.is_set():
            arrived.set()
            release.wait(timeout=10)
        return receiver(request)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handler)
    delivery = hand_off(bureau)
    assert arrived.wait(timeout=20)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    release.set()
    assert wait_until(lambda: state_of(delivery) == DeliveryState.PENDING and not Delivery.objects.get(
        pk=delivery.pk).attempt_log.exists(), timeout=5)  # fmt: skip

    # when: a new worker starts and beat's sweeper runs
    second = _start_second_worker(settings)
    try:
        settings.HANDOFF_SWEEP_GRACE_SECONDS = 0
        # (the dead worker's row lock lasts until PostgreSQL notices its connection is gone; the
        # sweeper skips locked rows and finds it on a later run)
        swept = []
        assert wait_until(lambda: swept.extend(delivery_sweep()) or swept, timeout=10)
        assert swept == [delivery.pk]

        # then: delivered, the department saw one key (at most twice), one successful attempt
        assert wait_until(lambda: state_of(delivery) == DeliveryState.DELIVERED, timeout=40)
        key = str(delivery.idempotency_key)
        assert set(receiver.calls) == {key}
        assert len(receiver.calls) <= 2
        assert Delivery.objects.get(pk=delivery.pk).attempt_log.filter(succeeded=True).count() == 1
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)
