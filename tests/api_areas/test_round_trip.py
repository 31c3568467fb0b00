"""A department system's round trip through the API alone: the assignment is in its queue, it is
acknowledged and its result reported with the handler's token, the member confirms with theirs,
and the citizen's GET /api/v1/track/<code>/ shows the case solved. (Delivery of the hand-off by a
real worker is the handoffs integration tests' business; here the queue is the way in.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from departments.api.views import department_queue_url
from petitions.choices import Track
from tests.workflow_helpers import triaged_petition

pytestmark = pytest.mark.django_db


def test_a_department_round_trip_through_the_api(call, client, cast):
    member = cast.users["member"].member
    petition = triaged_petition(member, cast.workstation, Track.PROPOSE)
    # the member drafts and submits, the reviewer accepts and assigns: all through the API
    draft = {
        "petitions": [petition.pk],
        "kind": "micro",
        "title": "河堤广场夜间噪音",
        "facts": "夜间走访确认音量过大。",
        "suggestion": "建议划定活动区域。",
    }
    proposal = call("member", "post", reverse("api:proposal-list"), draft).json()["id"]
    assert call("member", "post", reverse("api:proposal-submit", kwargs={"pk": proposal})).status_code == 200
    assert call("reviewer", "post", reverse("api:proposal-accept", kwargs={"pk": proposal}), {}).status_code == 200
    assign = {"lead_department": cast.department.pk}
    assert call("reviewer", "post", reverse("api:proposal-assign", kwargs={"pk": proposal}), assign).status_code == 200

    # the department's system finds it in its queue, acknowledges it and reports the result
    queue = call("handler", "get", department_queue_url(status="pending")).json()["results"]
    assert [row["proposal"]["id"] for row in queue] == [proposal]
    assignment = queue[0]["id"]
    ack = call("handler", "post", reverse("api:department-assignment-acknowledge", kwargs={"pk": assignment}))
    report = call(
        "handler",
        "post",
        reverse("api:department-assignment-report", kwargs={"pk": assignment}),
        {"result": "已划定广场活动区域。", "files": [SimpleUploadedFile("r.pdf", b"%PDF-1.4", "application/pdf")]},
        fmt="multipart",
    )
    assert ack.status_code == 200
    assert report.status_code == 200

    # the member confirms and replies to the citizen
    confirm = {
        "grade": "A",
        "handling_rating": "satisfied",
        "outcome": "solved",
        "reply": "城管局已划定广场活动区域，问题已解决。",
    }
    confirmed = call("member", "post", reverse("api:proposal-confirm", kwargs={"pk": proposal}), confirm)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "closed"

    # the citizen sees it solved
    track = client.get(reverse("api:track", kwargs={"code": petition.tracking_code})).json()
    assert (track["status"], track["outcome"]) == ("closed", "solved")
    assert track["can_rate"] is True
