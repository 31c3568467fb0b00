import time

import pytest

from common.tasks import ping


@pytest.mark.django_db(transaction=True)
def test_healthz_is_200_and_a_task_sent_from_web_runs_on_a_real_worker(client, celery_worker_process):
    # given: PostgreSQL, Redis and a real worker process
    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["workers"]["detail"] == "1 worker(s)"

    # and a task sent from this (web) process reaches the worker: the worker's answer to a
    # broadcast shows the task it ran in its "total" statistics.
    ping.delay()
    from config.celery_app import app

    deadline = time.monotonic() + 20
    total = 0
    while time.monotonic() < deadline:
        stats = app.control.inspect(timeout=1).stats() or {}
        total = sum(worker["total"].get("common.ping", 0) for worker in stats.values())
        if total:
            break
        time.sleep(0.2)
    assert total == 1
