"""A topic at each step of its life, built through the services as a user would."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from topics import services
from topics.models import Activity, Meeting, Milestone, Outcome, Topic, TopicEvent, TopicFile, TopicMember

STEPS = ["proposed", "adopted", "researching", "report_submitted", "consulted", "outcomes_recorded", "closed"]


def report_file(name="调研报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% report\n", content_type="application/pdf")


@pytest.fixture
def lead(workstation):
    return factories.MemberFactory(user__username="lead", user__full_name="李牵头", workstations=[workstation])


@pytest.fixture
def group_member(workstation):
    return factories.MemberFactory(user__username="groupmember", user__full_name="王成员", workstations=[workstation])


@pytest.fixture
def cases(workstation):
    return [
        factories.PetitionFactory(workstation=workstation, citizen_name=f"群众{i}", citizen_phone=f"1380013800{i}")
        for i in range(3)
    ]


@pytest.fixture
def topic_at(office_staff, lead, group_member, cases):
    """topic_at("consulted") → a topic walked to that step by office staff and its lead."""

    def build(step: str) -> Topic:
        topic = services.topic_propose(
            by=office_staff, title="城区夜间噪音治理", year=2026, source="类别：城市管理 2026年", petitions=cases
        )
        for done in STEPS[1 : STEPS.index(step) + 1]:
            advance(topic, done, office_staff=office_staff, lead=lead, group_member=group_member)
        topic.refresh_from_db()
        return topic

    return build


def advance(topic, step, *, office_staff, lead, group_member):
    day = datetime.date(2026, 5, 20)
    if step == "adopted":
        services.topic_adopt(by=office_staff, topic_id=topic.pk, lead=lead, members=[group_member])
    elif step == "researching":
        services.topic_research_start(by=lead.user, topic_id=topic.pk)
    elif step == "report_submitted":
        services.topic_report_submit(by=lead.user, topic_id=topic.pk, summary="报告摘要", files=[report_file()])
    elif step == "consulted":
        services.topic_consult(
            by=office_staff,
            topic_id=topic.pk,
            title="议政性常委会议",
            date=day,
            participants=[lead, group_member],
            minutes="会议纪要",
        )
    elif step == "outcomes_recorded":
        services.outcome_record(
            by=office_staff,
            topic_id=topic.pk,
            kind="policy",
            title="夜间噪音管理办法",
            date=day,
            document_ref="益政发〔2026〕9号",
        )
    elif step == "closed":
        services.topic_close(by=office_staff, topic_id=topic.pk)


def topics_snapshot() -> dict:
    """What a refused action must leave exactly as it was."""
    return {
        "topics": list(
            Topic.objects.order_by("pk").values_list(
                "pk", "status", "year", "updated_at", "published_at", "citizens_told_at", "report_summary"
            )
        ),
        "events": TopicEvent.objects.count(),
        "group": list(TopicMember.objects.order_by("pk").values_list("member_id", "role")),
        "rows": [m.objects.count() for m in (Milestone, Activity, Meeting, Outcome, TopicFile)],
    }
