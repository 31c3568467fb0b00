"""The topics API: staff read their topics as the pages show them; anyone reads a published topic's
public figures, with no personal data."""

import json

import pytest

from tests import factories
from topics import services

pytestmark = pytest.mark.django_db


def test_office_staff_list_and_read_a_topic(client, topic_at, office_staff, lead, django_assert_max_num_queries):
    topic = topic_at("consulted")
    client.force_login(office_staff)
    with django_assert_max_num_queries(12):
        listing = client.get("/api/v1/topics/").json()
    assert [(r["id"], r["status"], r["lead"], r["petition_count"]) for r in listing["results"]] == [
        (topic.pk, "consulted", "李牵头", 3)
    ]
    detail = client.get(f"/api/v1/topics/{topic.pk}/").json()
    assert detail["meeting"]["title"] == "议政性常委会议"
    assert [g["role"] for g in detail["group"]] == ["lead", "member"]
    assert [e["type"] for e in detail["events"]] == [
        "proposed",
        "adopted",
        "research_started",
        "report_submitted",
        "consulted",
    ]


def test_a_member_outside_the_group_gets_404_and_a_reviewer_403(client, topic_at, reviewer):
    topic = topic_at("adopted")
    client.force_login(factories.MemberFactory().user)
    assert client.get("/api/v1/topics/").json()["results"] == []
    assert client.get(f"/api/v1/topics/{topic.pk}/").status_code == 404
    client.force_login(reviewer)
    assert client.get("/api/v1/topics/").status_code == 403


def test_the_public_api_shows_a_published_topic_without_personal_data(client, topic_at, office_staff, cases):
    topic = topic_at("closed")
    assert client.get(f"/api/v1/public/topics/{topic.pk}/").status_code == 404
    services.topic_publish(by=office_staff, topic_id=topic.pk)

    response = client.get(f"/api/v1/public/topics/{topic.pk}/")

    body = response.json()
    assert body["raised"]["total"] == 3
    assert body["outcomes"][0]["document_ref"] == "益政发〔2026〕9号"
    assert body["url"] == f"http://127.0.0.1:8000/topics/{topic.pk}/"
    text = json.dumps(body, ensure_ascii=False)
    for case in cases:
        for value in (case.citizen_name, case.citizen_phone, case.tracking_code):
            assert value not in text
    assert "李牵头" not in text
    assert [r["id"] for r in client.get("/api/v1/public/topics/").json()["results"]] == [topic.pk]
