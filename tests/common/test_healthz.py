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
    assert body["status"] == "down"
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


DETAILED_DOWN = {
    "status": "down",
    "failing": ["workers"],
    "checks": {
        "database": {"ok": True, "detail": "ok"},
        "broker": {"ok": True, "detail": "ok"},
        "workers": {"ok": False, "detail": "no worker answered"},
    },
}


@pytest.fixture
def no_worker(monkeypatch):
    monkeypatch.setattr(health, "check_workers", lambda: (False, "no worker answered"))


@pytest.fixture
def all_up(monkeypatch):
    monkeypatch.setattr(health, "check_workers", lambda: (True, "1 worker(s)"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"REMOTE_ADDR": "10.1.2.3"}, id="another host"),
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.1.2.3"}, id="through a local proxy"),
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}, id="forged loopback hop"),
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=10.1.2.3"}, id="RFC 7239 Forwarded"),
        pytest.param({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "10.1.2.3"}, id="X-Real-IP"),
        pytest.param({"REMOTE_ADDR": "10.1.2.3", "HTTP_X_HEALTHZ_TOKEN": "wrong"}, id="wrong token"),
        pytest.param({"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer wrong"}, id="wrong bearer"),
        pytest.param({"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Basic s3cret-monitor"}, id="not bearer"),
    ],
)
def test_the_public_learns_only_that_it_is_down(client, settings, no_worker, extra):
    # given a token configured, and a request that is neither from this host nor holds the token
    settings.HEALTHZ_TOKEN = "s3cret-monitor"
    settings.TRUSTED_PROXY_COUNT = 1

    # when
    response = client.get("/healthz", **extra)

    # then
    assert response.status_code == 503
    assert response.json() == {"status": "down"}


@pytest.mark.django_db
def test_the_public_learns_only_that_it_is_up(client, all_up):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_empty_token_setting_opens_nothing(client, settings, no_worker):
    # given no token configured: an empty presented token must not match it
    settings.HEALTHZ_TOKEN = ""

    response = client.get("/healthz", REMOTE_ADDR="10.1.2.3", HTTP_X_HEALTHZ_TOKEN="", HTTP_AUTHORIZATION="Bearer ")

    assert response.json() == {"status": "down"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"REMOTE_ADDR": "127.0.0.1"}, id="loopback v4"),
        pytest.param({"REMOTE_ADDR": "::1"}, id="loopback v6"),
        pytest.param({"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer s3cret-monitor"}, id="bearer token"),
        pytest.param({"REMOTE_ADDR": "10.1.2.3", "HTTP_X_HEALTHZ_TOKEN": "s3cret-monitor"}, id="X-Healthz-Token"),
        pytest.param(
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.1.2.3", "HTTP_X_HEALTHZ_TOKEN": "s3cret-monitor"},
            id="token through the proxy",
        ),
    ],
)
def test_this_host_and_the_token_holder_see_which_component_failed(client, settings, no_worker, extra):
    settings.HEALTHZ_TOKEN = "s3cret-monitor"

    response = client.get("/healthz", **extra)

    assert response.status_code == 503
    assert response.json() == DETAILED_DOWN
