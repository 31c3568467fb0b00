import pytest

from common import health


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_missing_worker(client, monkeypatch):
    # given: database and broker reachable (the real PostgreSQL and Redis), no worker running
    monkeypatch.setattr(health, "check_workers", lambda: (False, "no worker answered"))

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["workers"]
    assert body["checks"]["database"] == {"ok": True, "detail": "ok"}
    assert body["checks"]["broker"] == {"ok": True, "detail": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    # given: a broker address where nothing listens
    from config.celery_app import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker", "workers"]
    assert body["checks"]["workers"]["detail"] == "broker unreachable"
