"""A department system's round trip, end to end, through the API alone: a citizen submits, the member
on duty triages and files a proposal, the reviewer accepts and assigns it, a REAL Celery worker on the
Redis broker delivers the signed hand-off to the department's system (a local receiver), which
acknowledges it and reports the result with its own token; the member confirms, and the citizen's
GET /api/v1/track/<code>/ shows the case solved.

Every step is an HTTP call with a Bearer token of the system acting (the citizen's app needs none);
no service is called directly."""

import json
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from accounts.roles import Role
from accounts.services import api_token_issue
from departments.choices import DeliveryChannel
from handoffs.signing import webhook_signature
from tests import factories
from tests.petitions.conftest import CONTENT

SECRET = "bureau-secret-for-the-round-trip"


class DepartmentSystem:
    """The department's own system: checks the signature of what arrives, keeps each hand-off once."""

    def __init__(self):
        self.received = {}
        self.lock = threading.Lock()

    def __call__(self, request):
        body = request.get_data()
        signed = webhook_signature(secret=SECRET, timestamp=request.headers["X-Workstation-Timestamp"], body=body)
        if request.headers.get("X-Workstation-Signature") != signed:
            return Response("bad signature", status=401)
        with self.lock:
            self.received.setdefault(request.headers["Idempotency-Key"], json.loads(body))
        return Response("", status=200)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := condition()) is not None:
            return value
        time.sleep(0.1)
    pytest.fail("timed out waiting for the hand-off")


@pytest.fixture
def office(transactional_db, httpserver):
    workstation = factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室")
    category = factories.CategoryFactory(name="噪音扰民")
    member = factories.MemberFactory(user__username="member", workstations=[workstation])
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, date=timezone.localdate())
    bureau = factories.DepartmentFactory(
        name="城管局", channel=DeliveryChannel.WEBHOOK, webhook_url=httpserver.url_for("/hook"), webhook_secret=SECRET
    )
    handler = factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER])
    bureau.handlers.add(handler)
    staff = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])
    reviewer = factories.UserFactory(username="reviewer", roles=[Role.REVIEWER])
    tokens = {
        name: api_token_issue(actor=staff, user=user, client_name=f"{name} system", days=30).token
        for name, user in {"member": member.user, "reviewer": reviewer, "bureau": handler}.items()
    }
    return workstation, category, bureau, tokens


def test_a_department_system_round_trip_through_the_api_with_a_real_worker(
    client, office, httpserver, celery_worker_process
):
    workstation, category, bureau, tokens = office
    system = DepartmentSystem()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(system)

    def call(who, method, url, data=None, fmt="json"):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"}
        if method == "get":
            return client.get(url, **headers)
        if fmt == "multipart":
            return client.post(url, data or {}, **headers)
        return client.post(url, json.dumps(data or {}), content_type="application/json", **headers)

    # a citizen's app submits; the case goes to the member on duty
    submitted = client.post(
        reverse("api:petition-submit"),
        json.dumps({"workstation": workstation.code, "category": category.code, "content": CONTENT}),
        content_type="application/json",
    )
    assert submitted.status_code == 201, submitted.content
    code = submitted.json()["tracking_code"]

    # the member triages it onto track 4 and files a micro-proposal; the reviewer accepts and assigns it
    triage = call("member", "post", reverse("api:staff-petition-triage", kwargs={"ref": code}), {"track": 4})
    assert triage.status_code == 200, triage.content
    petition_id = call("member", "get", reverse("api:staff-petition-detail", kwargs={"ref": code})).json()["id"]
    draft = {
        "petitions": [petition_id],
        "kind": "micro",
        "title": "关于整治河堤广场夜间噪音的建议",
        "facts": "次日实地走访，确认晚九点后广场音响音量过大，影响一中高三学生晚自习。",
        "suggestion": "建议城管局规范广场活动时间和音量。",
    }
    proposal = call("member", "post", reverse("api:proposal-list"), draft)
    assert proposal.status_code == 201, proposal.content
    proposal_id = proposal.json()["id"]
    assert call("member", "post", reverse("api:proposal-submit", kwargs={"pk": proposal_id})).status_code == 200
    assert call("reviewer", "post", reverse("api:proposal-accept", kwargs={"pk": proposal_id})).status_code == 200
    assigned = call(
        "reviewer", "post", reverse("api:proposal-assign", kwargs={"pk": proposal_id}), {"lead_department": bureau.pk}
    )
    assert assigned.status_code == 200, assigned.content

    # the worker delivers the signed hand-off to the department's system
    handoff = wait_for(lambda: next(iter(system.received.values()), None))
    assert (handoff["kind"], handoff["department_id"]) == ("assignment", bureau.pk)
    assignment_id = handoff["data"]["assignment_id"]
    assert handoff["data"]["proposal"]["title"] == draft["title"]

    # which acknowledges it and reports the result with its own token
    ack = call("bureau", "post", reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment_id}))
    assert ack.status_code == 200, ack.content
    report = call(
        "bureau",
        "post",
        reverse("api:department-assignment-report", kwargs={"pk": assignment_id}),
        {
            "result": "已划定广场活动区域，晚九点后禁止使用音响。",
            "files": [SimpleUploadedFile("result.pdf", b"%PDF-1.4 result", "application/pdf")],
        },
        fmt="multipart",
    )
    assert report.status_code == 200, report.content

    # the member confirms the result and answers the citizen
    confirm = {
        "grade": "A",
        "handling_rating": "satisfied",
        "outcome": "solved",
        "reply": "城管局已划定广场活动区域，晚九点后禁止使用音响，问题已解决。",
    }
    confirmed = call("member", "post", reverse("api:proposal-confirm", kwargs={"pk": proposal_id}), confirm)
    assert confirmed.status_code == 200, confirmed.content

    # and the citizen's app sees it solved, with nothing personal
    track = client.get(reverse("api:track", kwargs={"code": code}))
    assert track.status_code == 200
    body = track.json()
    assert (body["status"], body["outcome"], body["can_rate"]) == ("closed", "solved", True)
    assert [event["type"] for event in body["timeline"]][-1] in {"replied", "closed"}
    # the hand-off reached the department exactly once
    time.sleep(0.5)
    assert len(system.received) == 1
