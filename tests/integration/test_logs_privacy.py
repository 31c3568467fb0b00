"""No phone number or name of a citizen in any log line or Celery task argument, from a submission
to the member's reply; and the request id follows the work into the Celery worker's lines."""

import logging
import re
import time

import pytest
from celery import signals
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from members.choices import DutyKind
from petitions.choices import Track
from petitions.models import Petition
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "13812345678"
NAME = "欧阳小明"


class _Raw(logging.Handler):
    """Every record as the code logged it, before any filter of ours masked it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        extras = {k: v for k, v in vars(record).items() if k not in ("msg", "args", "exc_info")}
        self.lines.append(f"{record.getMessage()} {extras} {record.exc_text or ''}")


@pytest.fixture
def raw_log():
    """Inserted before the configured handlers, so it sees records before their filters run."""
    root = logging.getLogger()
    handler = _Raw()
    root.handlers.insert(0, handler)
    yield handler
    root.handlers.remove(handler)


@pytest.fixture
def published():
    """Every Celery message published during the test: (task name, args, kwargs, headers)."""
    messages = []

    def record(sender=None, body=None, headers=None, **kwargs):
        args, task_kwargs, _embed = body
        messages.append((sender, args, task_kwargs, dict(headers or {})))

    signals.before_task_publish.connect(record, weak=False)
    yield messages
    signals.before_task_publish.disconnect(record)


@pytest.fixture
def member_on_duty(workstation):
    member = factories.MemberFactory(user__username="duty", sector__name="经济界", phone="13912345678")
    member.workstations.add(workstation)
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, kind=DutyKind.SLOT, date=timezone.localdate())
    return member


def test_a_submission_and_a_reply_log_and_queue_no_phone_and_no_name(
    client, settings, workstation, member_on_duty, caplog, raw_log, published
):
    # given: messages leave through the worker (so tasks are queued), every logger at DEBUG
    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    caplog.set_level(logging.DEBUG)
    category = factories.CategoryFactory(name="噪音扰民", code="noise")
    url = reverse("petitions:submit", kwargs={"code": workstation.code})
    key = re.search(r'name="idempotency_key" value="([^"]+)"', client.get(url).content.decode()).group(1)

    # when: a citizen submits with their name and phone (and the phone in the text too)
    submitted = client.post(
        url,
        {
            "category": category.pk,
            "content": f"河堤广场晚上音乐声太大，影响学生休息，请联系我 {PHONE}。",
            "citizen_name": NAME,
            "citizen_phone": PHONE,
            "consent_given": "on",
            "idempotency_key": key,
        },
    )
    petition = Petition.objects.get()
    # and the member on duty answers them
    client.force_login(member_on_duty.user)
    client.post(reverse("casework:case_triage", args=[petition.pk]), {"track": Track.ANSWER})
    replied = client.post(reverse("casework:case_reply", args=[petition.pk]), {"message": "已联系城管局调整音量。"})

    # then: both went through, and each queued a message to the citizen (and the submission one to
    # the member on duty), by row id only
    assert (submitted.status_code, replied.status_code) == (302, 302)
    petition.refresh_from_db()
    assert petition.status == "replied"
    sends = [m for m in published if m[0] == "common.notification_send"]
    assert len(sends) == 3
    assert all(len(args) == 1 and isinstance(args[0], int) and kwargs == {} for _n, args, kwargs, _h in sends)
    assert [headers["request_id"] for *_rest, headers in sends] == [
        submitted["X-Request-ID"],
        submitted["X-Request-ID"],
        replied["X-Request-ID"],
    ]
    everything_queued = repr(published)
    assert PHONE not in everything_queued
    assert NAME not in everything_queued
    # and nothing logged them: not as logged, nor in the lines written
    queued = [f"notification {args[0]} (sms) queued for the worker" for _n, args, _k, _h in sends]
    assert [r.getMessage() for r in caplog.records if r.name == "common.notifications"] == queued
    for text in ["\n".join(raw_log.lines), caplog.text]:
        assert PHONE not in text
        assert NAME not in text


# --- the request id in the worker's lines ---------------------------------------------------------


@pytest.fixture
def celery_worker_env(httpserver):
    httpserver.expect_request("/sms", method="POST").respond_with_handler(lambda request: Response("ok"))
    return {
        "NOTIFICATION_BACKEND": "common.notifications.GatewayBackend",
        "SMS_GATEWAY_URL": httpserver.url_for("/sms"),
        "LOG_LEVEL": "INFO",
    }


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_task_started_by_a_request_logs_with_its_request_id(
    client, settings, workstation, httpserver, celery_worker_process
):
    # given: a trusted proxy in front that names each request
    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    settings.REQUEST_ID_FROM_HEADER = True
    category = factories.CategoryFactory(name="噪音扰民", code="noise")

    # when: a partner's system submits a petition with a phone (so a tracking-code SMS is queued)
    response = client.post(
        "/api/v1/petitions/",
        {
            "workstation": workstation.code,
            "category": category.code,
            "content": "河堤广场晚上音乐声太大，影响学生休息。",
            "citizen_name": NAME,
            "citizen_phone": PHONE,
            "consent_given": True,
        },
        content_type="application/json",
        HTTP_X_REQUEST_ID="proxy-req-7f3a9c21",
    )

    # then: the answer names the request, and the worker's line about the SMS task carries that id
    assert response.status_code == 201
    assert response["X-Request-ID"] == "proxy-req-7f3a9c21"
    assert _wait_for(lambda: len(httpserver.log) == 1), "the SMS never reached the gateway"
    log = celery_worker_process.log_path

    def task_lines():
        return [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "common.notification_send[" in line and "succeeded" in line
        ]

    assert _wait_for(lambda: task_lines()), log.read_text(errors="replace")[-3000:]
    assert " [proxy-req-7f3a9c21] " in task_lines()[0]
    assert PHONE not in log.read_text(errors="replace")
    assert NAME not in log.read_text(errors="replace")
