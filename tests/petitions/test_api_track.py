"""GET /api/v1/track/<code>/: what /track/<code>/ shows, as JSON, under the page's throttle."""

import pytest
from django.urls import reverse

from petitions.choices import EventType
from petitions.services import IntakeData, petition_submit
from tests.petitions.conftest import CONTENT

pytestmark = pytest.mark.django_db

SECRETS = ["王小明", "13800138000", "138****8000", "西流湾小区", "内部备注", "当事人情绪激动", "李值班", "13912345678"]


def _url(code):
    return reverse("api:track", kwargs={"code": code})


@pytest.fixture
def tracked(workstation, category, on_duty):
    """A case with personal data and an internal note on its timeline."""
    from petitions.events import event_write

    petition = petition_submit(
        workstation=workstation,
        data=IntakeData(
            content=CONTENT,
            category=category,
            location="河堤广场",
            citizen_name="王小明",
            citizen_phone="13800138000",
            citizen_address="西流湾小区 5 栋 302",
            consent_given=True,
        ),
    ).petition
    event_write(petition=petition, type=EventType.NOTE, message="内部备注：当事人情绪激动", public=False)
    return petition


def test_the_api_answers_what_the_page_shows_and_nothing_personal(client, tracked, workstation):
    # when a system asks for the case, and a citizen opens its page
    response = client.get(_url(tracked.tracking_code))
    page = client.get(reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code}))

    # then the API answers the page's case, field by field
    body = response.json()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    timeline = body.pop("timeline")
    assert body == {
        "display_code": tracked.display_code,
        "merged": False,
        "workstation": workstation.name,
        "category": "噪音扰民",
        "status": "assigned",
        "status_display": "已分派",
        "sector": "经济界",
        "member_label": "经济界委员",
        "track": None,
        "track_display": "",
        "outcome": "",
        "outcome_display": "",
        "can_rate": False,
        "satisfaction": "",
        "satisfaction_display": "",
        "result_satisfaction": "",
        "result_satisfaction_display": "",
    }
    shown = page.context["public_case"]
    assert [(event["type_display"], event["message"]) for event in timeline] == [
        (event.get_type_display(), event.message) for event in shown.timeline
    ]
    html = page.content.decode()
    for event in timeline:
        assert event["type_display"] in html
        assert event["message"] in html
    assert f'id="case-status">{body["status_display"]}</dd>' in html
    assert f'id="case-member">{body["member_label"]}</dd>' in html
    # and no personal data, internal note or content
    text = response.content.decode()
    for secret in [*SECRETS, CONTENT]:
        assert secret not in text


def test_a_joiner_follows_the_surviving_case_as_on_the_page(client, tracked, workstation, category):
    joiner = petition_submit(
        workstation=workstation, data=IntakeData(content=CONTENT, category=category), join_case=tracked
    ).petition

    body = client.get(_url(joiner.tracking_code)).json()

    assert (body["display_code"], body["merged"], body["status_display"]) == (joiner.display_code, True, "已分派")
    assert tracked.display_code not in str(body)


def test_the_code_is_read_however_typed(client, tracked):
    typed = tracked.display_code.lower()

    assert client.get(_url(typed)).json()["display_code"] == tracked.display_code


def test_unknown_and_malformed_codes_get_one_404(client, tracked):
    unknown = client.get(_url("ABCDEFGHJKMN"))
    malformed = client.get(_url("0OIL"))

    expected = {"code": "not_found", "detail": "没有找到这个查询码对应的诉求，请核对后重新输入。", "fields": {}}
    assert (unknown.status_code, unknown.json()) == (404, expected)
    assert (malformed.status_code, malformed.content) == (404, unknown.content)


def test_the_api_and_the_page_share_one_budget(client, tracked, settings):
    # given an address allowed three lookups a minute, which spends two on the page
    settings.TRACKING_RATE_PER_IP = "3/m"
    for _ in range(2):
        assert client.get(reverse("petitions:track_detail", kwargs={"code": "ABCDEFGHJKMN"})).status_code == 404

    # when it asks the API twice
    allowed = client.get(_url(tracked.tracking_code))
    refused = client.get(_url(tracked.tracking_code))

    # then the third lookup is answered and the fourth is 429 with Retry-After
    assert allowed.status_code == 200
    assert (refused.status_code, refused.json(), refused["Retry-After"]) == (
        429,
        {"code": "throttled", "detail": "查询过于频繁，请一分钟后再试。 预计 60 秒后可用。", "fields": {}},
        "60",
    )
    assert tracked.display_code not in refused.content.decode()
    # and the page is refused as well
    assert client.get(reverse("petitions:track_detail", kwargs={"code": tracked.tracking_code})).status_code == 429


def test_the_english_answer(client, tracked):
    response = client.get(_url("ABCDEFGHJKMN"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["code"] == "not_found"
    assert response.json()["detail"] != "没有找到这个查询码对应的诉求，请核对后重新输入。"


@pytest.mark.parametrize("events", [2, 20])
def test_the_query_count_does_not_grow_with_the_timeline(client, tracked, events, django_assert_num_queries):
    from petitions.events import event_write

    for i in range(events):
        event_write(petition=tracked, type=EventType.REPLIED, message=f"答复{i}", public=True)

    # the petition with its relations, then its public events
    with django_assert_num_queries(2):
        response = client.get(_url(tracked.tracking_code))
    assert [event["message"] for event in response.json()["timeline"]][-events:] == [f"答复{i}" for i in range(events)]


def test_the_endpoint_is_in_the_openapi_schema_with_its_errors(client, office_staff):
    client.force_login(office_staff)

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/track/{code}/"]["get"]
    assert set(operation["responses"]) == {"200", "404", "429"}
    assert "security" not in operation  # no credentials needed
    assert "A case" in str(operation["responses"]["200"])
