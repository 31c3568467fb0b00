"""A rotated webhook secret: outbound hand-offs sign with the new one at once; inbound messages
signed with the old one are accepted for WEBHOOK_SECRET_GRACE_HOURS, then refused."""

import datetime
import json
import sys
import types

import pytest
import time_machine
from django.utils import timezone
from werkzeug import Response

from departments.services import department_webhook_secret_rotate
from handoffs import inbound
from handoffs.choices import DeliveryState
from handoffs.delivery import delivery_attempt
from handoffs.models import InboundMessage
from handoffs.signing import webhook_signature
from tests.handoffs.test_inbound import ANSWER, SECRET, post

pytestmark = pytest.mark.django_db

# A fixed start, so that "23 hours later" is a point in time and not a race with the clock.
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def bureau(department):
    department.webhook_secret = SECRET
    department.save()
    return department


@pytest.fixture
def workflow(monkeypatch):
    """Records what the receiver dispatches instead of answering a real consultation."""
    calls = []
    module = types.ModuleType("tests_fake_rotation_workflow")

    def consultation_answer(*, department, data):
        calls.append((department.pk, data))
        return {"consultation_id": data["consultation_id"], "status": "answered"}

    module.consultation_answer = consultation_answer
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(inbound.DISPATCH, "consultation.answer", f"{module.__name__}.consultation_answer")
    return calls


def test_rotation_keeps_the_old_secret_for_the_grace_period(bureau, settings):
    settings.WEBHOOK_SECRET_GRACE_HOURS = 24
    with time_machine.travel(START, tick=False):
        new = department_webhook_secret_rotate(department_id=bureau.pk)

    bureau.refresh_from_db()
    assert bureau.webhook_secret == new
    assert new != SECRET
    assert len(new) == 43
    assert bureau.webhook_secret_previous == SECRET
    assert bureau.webhook_secret_previous_until == START + datetime.timedelta(hours=24)


@pytest.mark.parametrize(
    ("hours_later", "old_status", "new_status"),
    [(0, 200, 200), (23.9, 200, 200), (24, 401, 200), (72, 401, 200)],
)
def test_an_inbound_message_signed_with_the_old_secret_counts_only_during_the_grace_period(
    client, bureau, workflow, settings, hours_later, old_status, new_status
):
    # given: the secret rotated at START with the default 24 hours of grace
    with time_machine.travel(START, tick=False):
        new = department_webhook_secret_rotate(department_id=bureau.pk)

    # when: the department's system signs one message with the old secret and one with the new
    with time_machine.travel(START + datetime.timedelta(hours=hours_later), tick=False):
        old_signed = post(client, bureau, ANSWER, key="old", secret=SECRET)
        new_signed = post(client, bureau, ANSWER, key="new", secret=new)

    # then
    assert (old_signed.status_code, new_signed.status_code) == (old_status, new_status)
    if old_status == 401:
        assert old_signed.json()["code"] == "bad_signature"
    recorded = set(InboundMessage.objects.values_list("idempotency_key", flat=True))
    assert recorded == ({"old", "new"} if old_status == 200 else {"new"})
    assert len(workflow) == len(recorded)


def test_a_shorter_grace_period_is_a_setting(client, bureau, workflow, settings):
    settings.WEBHOOK_SECRET_GRACE_HOURS = 1
    with time_machine.travel(START, tick=False):
        department_webhook_secret_rotate(department_id=bureau.pk)

    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        response = post(client, bureau, ANSWER, secret=SECRET)

    assert response.status_code == 401
    assert not InboundMessage.objects.exists()


def test_a_second_rotation_ends_the_first_secrets_grace(client, bureau, workflow):
    with time_machine.travel(START, tick=False):
        second = department_webhook_secret_rotate(department_id=bureau.pk)
        third = department_webhook_secret_rotate(department_id=bureau.pk)
        first_signed = post(client, bureau, ANSWER, key="first", secret=SECRET)
        second_signed = post(client, bureau, ANSWER, key="second", secret=second)
        third_signed = post(client, bureau, ANSWER, key="third", secret=third)

    assert [r.status_code for r in (first_signed, second_signed, third_signed)] == [401, 200, 200]


def test_outbound_deliveries_sign_with_the_new_secret_at_once(webhook_department, make_delivery, httpserver):
    # given: the bureau's secret was just rotated
    seen = []

    def handler(request):
        seen.append(request)
        return Response("ok", status=200)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handler)
    old = webhook_department.webhook_secret
    new = department_webhook_secret_rotate(department_id=webhook_department.pk)
    delivery = make_delivery(webhook_department)

    # when
    outcome = delivery_attempt(delivery_id=delivery.pk)

    # then: the request carries the new secret's signature, not the old one's
    assert outcome.state == DeliveryState.DELIVERED
    (request,) = seen
    body, timestamp = request.get_data(), request.headers["X-Workstation-Timestamp"]
    assert request.headers["X-Workstation-Signature"] == webhook_signature(secret=new, timestamp=timestamp, body=body)
    assert request.headers["X-Workstation-Signature"] != webhook_signature(secret=old, timestamp=timestamp, body=body)
    assert json.loads(body)["department_id"] == webhook_department.pk


def test_the_previous_secret_is_stored_encrypted(bureau):
    from django.db import connection

    department_webhook_secret_rotate(department_id=bureau.pk)

    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_secret_previous FROM departments_department WHERE id = %s", [bureau.pk])
        (stored,) = cursor.fetchone()
    assert SECRET not in stored
    assert stored.startswith("gAAAAA")
    assert timezone.now() < bureau.__class__.objects.get(pk=bureau.pk).webhook_secret_previous_until
