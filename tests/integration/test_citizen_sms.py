"""Citizens' SMS leave the request: a broken SMS gateway neither fails nor slows a submission, and a
real Celery worker retries until the gateway takes the message."""

import re
import time

import pytest
from werkzeug import Response

from petitions.models import Petition
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sms_gateway(httpserver):
    """The operator's gateway: refuses the first message with 500, then accepts."""
    calls = []

    def handler(request):
        calls.append(request.get_json())
        return Response("busy", status=500) if len(calls) == 1 else Response("ok")

    httpserver.expect_request("/sms", method="POST").respond_with_handler(handler)
    return calls


@pytest.fixture
def celery_worker_env(httpserver):
    return {
        "NOTIFICATION_BACKEND": "common.notifications.GatewayBackend",
        "SMS_GATEWAY_URL": httpserver.url_for("/sms"),
    }


def test_the_tracking_code_sms_is_retried_by_the_worker_until_the_gateway_takes_it(
    client, settings, workstation, sms_gateway, celery_worker_process
):
    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    category = factories.CategoryFactory(name="噪音扰民", code="noise")
    page = client.get(f"/w/{workstation.code}/submit/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)

    # when: a citizen submits while the gateway is refusing messages
    started = time.monotonic()
    response = client.post(
        f"/w/{workstation.code}/submit/",
        {
            "idempotency_key": key,
            "category": category.pk,
            "content": "河堤广场晚上九点半以后音乐声太大，影响学生休息。",
            "citizen_phone": "13800138000",
            "consent_given": "on",
            "website": "",
        },
    )

    # then: the submission went through at once, without waiting on the gateway
    assert response.status_code == 302
    assert time.monotonic() - started < 2
    petition = Petition.objects.get()

    # and the worker's retry delivered the tracking code
    deadline = time.monotonic() + 30
    while len(sms_gateway) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(sms_gateway) == 2
    assert sms_gateway[1]["to"] == "13800138000"
    assert petition.display_code in sms_gateway[1]["text"]
