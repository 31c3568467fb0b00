import json
import sys
import time
import types

import pytest

from handoffs import inbound
from handoffs.models import InboundMessage
from handoffs.signing import webhook_signature

pytestmark = pytest.mark.django_db

SECRET = "s3cret-of-the-bureau"


@pytest.fixture
def bureau(department):
    department.webhook_secret = SECRET
    department.save()
    return department


@pytest.fixture
def workflow(monkeypatch):
    """Stands in for the workflow's service until the lead wires the real one at merge."""
    calls = []
    module = types.ModuleType("tests_fake_workflow")

    def consultation_answer(*, department, data):
        calls.append((department.pk, data))
        return {"consultation_id": data["consultation_id"], "status": "answered"}

    module.consultation_answer = consultation_answer
    monkeypatch.setitem(sys.modules, "tests_fake_workflow", module)
    monkeypatch.setitem(inbound.DISPATCH, "consultation.answer", "tests_fake_workflow.consultation_answer")
    return calls


def post(client, department, document, *, key="answer-1", timestamp=None, secret=SECRET, signature=None, offset=0):
    body = json.dumps(document).encode()
    timestamp = str((int(time.time()) + offset) if timestamp is None else timestamp)
    signature = signature or webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return client.post(
        f"/api/v1/departments/{department.pk}/webhook/",
        data=body,
        content_type="application/json",
        headers={"X-Workstation-Timestamp": timestamp, "X-Workstation-Signature": signature, "Idempotency-Key": key},
    )


ANSWER = {"type": "consultation.answer", "data": {"consultation_id": 7, "answer": "夜间22时后禁止使用扩音设备。"}}


def test_a_signed_answer_is_recorded_and_dispatched(client, bureau, workflow):
    response = post(client, bureau, ANSWER)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted"
    assert body["result"] == {"consultation_id": 7, "status": "answered"}
    assert workflow == [(bureau.pk, ANSWER["data"])]
    message = InboundMessage.objects.get()
    assert (message.type, message.idempotency_key, message.payload) == ("consultation.answer", "answer-1", ANSWER)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"secret": "wrong-secret"}, 401, "bad_signature"),
        ({"signature": "0" * 64}, 401, "bad_signature"),
        ({"offset": -310}, 401, "stale_timestamp"),
        ({"offset": 310}, 401, "stale_timestamp"),  # 300 s allowed; a margin for the clock
        ({"key": ""}, 400, "idempotency_key_required"),
    ],
)
def test_refused_messages_change_nothing(client, bureau, workflow, kwargs, status, code):
    response = post(client, bureau, ANSWER, **kwargs)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert workflow == []
    assert not InboundMessage.objects.exists()


def test_a_replayed_idempotency_key_or_signature_is_refused(client, bureau, workflow):
    timestamp = int(time.time())
    assert post(client, bureau, ANSWER, timestamp=timestamp).status_code == 200

    same_key = post(client, bureau, {**ANSWER, "data": {**ANSWER["data"], "answer": "改"}}, key="answer-1")
    same_request = post(client, bureau, ANSWER, key="answer-2", timestamp=timestamp)
    # a byte-identical replay carries the same key too
    replay = post(client, bureau, ANSWER, timestamp=timestamp)

    assert [r.status_code for r in (same_key, same_request, replay)] == [409, 409, 409]
    assert {r.json()["code"] for r in (same_key, same_request, replay)} == {"replay"}
    assert len(workflow) == 1
    assert InboundMessage.objects.count() == 1


def test_another_departments_secret_does_not_open_this_receiver(client, bureau, workflow):
    from tests import factories

    other = factories.DepartmentFactory(name="住建局", webhook_secret="another-secret")

    response = post(client, other, ANSWER, secret=SECRET)

    assert response.status_code == 401
    assert not InboundMessage.objects.exists()


def test_a_handler_that_cannot_be_loaded_answers_503_and_keeps_nothing(client, bureau, monkeypatch):
    monkeypatch.setitem(inbound.DISPATCH, "consultation.answer", "departments.inbound.no_such_handler")

    response = post(client, bureau, ANSWER)

    assert response.status_code == 503
    assert response.json() == {
        "code": "handler_unavailable",
        "detail": "the handler for 'consultation.answer' (departments.inbound.no_such_handler) is not available yet",
        "fields": {},
    }
    # the department can send the same message again once it is back
    assert not InboundMessage.objects.exists()


def test_unknown_type_and_bad_json_are_400(client, bureau, workflow):
    unknown = post(client, bureau, {"type": "petition.delete", "data": {}})
    not_object = post(client, bureau, ["consultation.answer"], key="k2")

    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_type")
    assert (not_object.status_code, not_object.json()["code"]) == (400, "bad_document")
    assert not InboundMessage.objects.exists()


def test_a_refusal_by_the_workflow_rolls_back_the_key(client, bureau, monkeypatch):
    from django.core.exceptions import ValidationError

    module = types.ModuleType("tests_fake_refusing")

    def consultation_answer(*, department, data):
        raise ValidationError("该咨询已答复。")

    module.consultation_answer = consultation_answer
    monkeypatch.setitem(sys.modules, "tests_fake_refusing", module)
    monkeypatch.setitem(inbound.DISPATCH, "consultation.answer", "tests_fake_refusing.consultation_answer")

    response = post(client, bureau, ANSWER)

    assert response.status_code == 422
    assert response.json() == {"code": "refused", "detail": "该咨询已答复。", "fields": {}}
    assert not InboundMessage.objects.exists()


def test_dispatch_table_names_the_three_message_types():
    assert set(inbound.DISPATCH) == {"consultation.answer", "assignment.acknowledge", "assignment.report"}
