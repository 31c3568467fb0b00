"""Two worker processes share only PostgreSQL and Redis, as on two hosts: every hand-off is sent to
the department once, whichever worker takes it, even when each task is in the queue twice (a
sweep re-queued it while the first message was still waiting)."""

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from config.celery_app import app
from departments.choices import DeliveryChannel
from handoffs.choices import DeliveryState
from handoffs.models import Delivery
from handoffs.services import delivery_create_for_consultation
from tests import factories
from tests.integration.test_handoff_delivery import SECRET, Receiver, wait_until


@pytest.fixture
def fast_retries(monkeypatch, transactional_db):
    monkeypatch.setenv("HANDOFF_RETRY_BASE_SECONDS", "0.2")
    monkeypatch.setenv("HANDOFF_RETRY_MAX_SECONDS", "2")


@pytest.fixture
def bureau(transactional_db, httpserver):
    return factories.DepartmentFactory(
        name="城管局", channel=DeliveryChannel.WEBHOOK, webhook_url=httpserver.url_for("/hook"), webhook_secret=SECRET
    )


@pytest.fixture
def second_worker(fast_retries, celery_worker_process, settings, tmp_path):
    """A second worker process (another node name, as on another host) beside the first."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    log = (tmp_path / "second-worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
         "--without-mingle", "--without-gossip", "--loglevel=warning", "--hostname=second@%h"],
        env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    assert wait_until(lambda: len(app.control.ping(timeout=1)) >= 2, timeout=40), "the second worker did not answer"
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def test_two_workers_deliver_each_hand_off_exactly_once(second_worker, bureau, httpserver):
    # given a receiver that counts every call, and 20 hand-offs whose task is queued twice
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    deliveries = [
        delivery_create_for_consultation(consultation=factories.ConsultationFactory(department=bureau))
        for _ in range(20)
    ]
    for delivery in deliveries:
        app.send_task("handoffs.delivery_send", args=[delivery.pk, 0], queue="handoffs", routing_key="handoffs")

    # when both workers have worked the queue
    assert wait_until(lambda: Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 20, timeout=90), (
        f"delivered: {Delivery.objects.filter(state=DeliveryState.DELIVERED).count()}"
    )

    # then each was sent once: one call, one attempt row, whichever worker took it
    assert sorted(receiver.calls) == sorted(str(d.idempotency_key) for d in deliveries)
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [1] * 20
