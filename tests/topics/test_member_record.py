"""A member's record (履职档案) gains their research topics' roles, research activities and the
consultation meetings they attended (topics.selectors.member_topic_record)."""

import datetime

import pytest

from tests import factories
from tests.topics.conftest import report_file
from topics import services
from topics.selectors import member_topic_record

pytestmark = pytest.mark.django_db


def test_the_record_lists_roles_activities_and_meetings_of_the_year(topic_at, lead, group_member, office_staff):
    topic = topic_at("researching")
    services.activity_record(
        by=lead.user,
        topic_id=topic.pk,
        kind="visit",
        date=datetime.date(2026, 4, 2),
        place="市城管局",
        participants=[group_member],
    )
    services.topic_report_submit(by=lead.user, topic_id=topic.pk, summary="摘要", files=[report_file()])
    services.topic_consult(
        by=office_staff, topic_id=topic.pk, title="专题协商会", date=datetime.date(2026, 5, 20), participants=[lead]
    )

    assert member_topic_record(group_member, 2026) == {
        "roles": [{"topic_id": topic.pk, "topic": "城区夜间噪音治理", "year": 2026, "role": "成员"}],
        "activities": [
            {
                "topic_id": topic.pk,
                "topic": "城区夜间噪音治理",
                "date": datetime.date(2026, 4, 2),
                "kind": "走访",
                "place": "市城管局",
            }
        ],
        "meetings": [],
    }
    lead_record = member_topic_record(lead, 2026)
    assert [r["role"] for r in lead_record["roles"]] == ["牵头委员"]
    assert lead_record["meetings"] == [
        {"topic_id": topic.pk, "topic": "城区夜间噪音治理", "date": datetime.date(2026, 5, 20), "title": "专题协商会"}
    ]
    assert member_topic_record(lead, 2025) == {"roles": [], "activities": [], "meetings": []}


def test_the_member_record_page_shows_them(client, topic_at, lead, workstation):
    # (a member with no case at all this year trips stats' own figures: not this test's subject)
    factories.PetitionFactory(workstation=workstation, status="assigned", assigned_member=lead)
    topic = topic_at("adopted")
    client.force_login(lead.user)
    page = client.get("/dashboard/members/me/?year=2026").content.decode()
    assert f'<a href="/research/{topic.pk}/">城区夜间噪音治理</a> · 牵头委员' in page


def test_office_staff_see_the_topics_link_and_members_do_not(client, office_staff, member):
    client.force_login(office_staff)
    assert 'href="/research/"' in client.get("/").content.decode()
    client.force_login(member.user)
    assert 'href="/research/"' not in client.get("/").content.decode()
