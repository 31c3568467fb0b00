"""Told at once, with a real Celery worker on Redis and the SMS gateway's test server: a citizen
submits, the member on duty receives the SMS with the case's link, opens it, replies and closes;
the citizen receives the SMS asking for a rating with the tracking page's address."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from accounts.models import StaffNotification
from members.choices import DutyKind
from petitions.choices import Outcome, Track
from petitions.models import Petition
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sms_gateway(httpserver):
    calls = []

    def handler(request):
        calls.append(request.get_json())
        return Response("ok")

    httpserver.expect_request("/sms", method="POST").respond_with_handler(handler)
    return calls


@pytest.fixture
def celery_worker_env(httpserver):
    return {
        "NOTIFICATION_BACKEND": "common.notifications.GatewayBackend",
        "SMS_GATEWAY_URL": httpserver.url_for("/sms"),
    }


def _wait_for(calls, n, seconds=30):
    deadline = time.monotonic() + seconds
    while len(calls) < n and time.monotonic() < deadline:
        time.sleep(0.2)
    return calls


def test_the_member_on_duty_gets_the_case_link_by_sms_and_the_citizen_the_rating_link(
    client, settings, workstation, sms_gateway, celery_worker_process
):
    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    member = factories.MemberFactory(user__username="duty", phone="13912345678", workstations=[workstation])
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, kind=DutyKind.SLOT, date=timezone.localdate())
    category = factories.CategoryFactory(name="噪音扰民", code="noise")
    page = client.get(f"/w/{workstation.code}/submit/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)

    # when: a citizen submits
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
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.assigned_member == member

    # then: the worker sends the citizen's tracking code and the member's SMS with the case link
    _wait_for(sms_gateway, 2)
    by_phone = {call["to"]: call["text"] for call in sms_gateway}
    assert set(by_phone) == {"13800138000", "13912345678"}
    link = f"{settings.PUBLIC_BASE_URL}/cases/{petition.pk}/"
    assert by_phone["13912345678"].endswith(link)
    assert petition.display_code in by_phone["13912345678"]
    assert "13800138000" not in by_phone["13912345678"]
    assert StaffNotification.objects.get(user=member.user).link == f"/cases/{petition.pk}/"

    # when: the member opens the link (signed in), chooses the track and replies and closes in one step
    # (the same forms at a phone's width: tests/e2e/test_fewer_steps.py and tests/e2e/test_notifications.py)
    client.force_login(member.user)
    page = client.get(link.removeprefix(settings.PUBLIC_BASE_URL))
    assert page.status_code == 200
    html = page.content.decode()
    assert petition.display_code in html
    case_url = link.removeprefix(settings.PUBLIC_BASE_URL)
    triaged = client.post(reverse("casework:case_triage", args=[petition.pk]), {"track": Track.ANSWER})
    assert triaged.status_code == 302
    assert 'id="reply-close-submit"' in client.get(case_url).content.decode()
    closed = client.post(
        reverse("casework:case_reply_close", args=[petition.pk]),
        {"message": "已联系城管部门，晚十点后停止使用音响。", "outcome": Outcome.SOLVED, "households_helped": 0},
    )
    assert closed.status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == ("closed", Outcome.SOLVED)

    # then: the citizen gets the reply and then the request for a rating, with the tracking link
    _wait_for(sms_gateway, 4)
    to_citizen = [call["text"] for call in sms_gateway if call["to"] == "13800138000"]
    assert len(to_citizen) == 3
    (rating,) = [text for text in to_citizen if "请对办理过程和办理结果评价" in text]
    track_url = f"{settings.PUBLIC_BASE_URL}/track/{petition.tracking_code}/"
    assert rating.endswith(track_url)

    # and rates from that link
    client.logout()
    assert client.get(track_url.removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200
    rated = client.post(
        reverse("petitions:track_rate", args=[petition.tracking_code]),
        {"satisfaction": "satisfied", "result_satisfaction": "satisfied", "comment": ""},
    )
    assert rated.status_code == 302
    petition.refresh_from_db()
    assert petition.satisfaction == "satisfied"
