"""topic_propose: the entry the candidates view (what citizens raised most) turns a row into a
proposed research topic with; its cases are linked as the topic's evidence."""

import pytest

from petitions.models import Petition
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from topics.choices import EventType, Status
from topics.models import Topic, TopicEvent
from topics.services import topic_propose

pytestmark = pytest.mark.django_db


def test_office_staff_propose_a_topic_from_a_candidate_with_its_cases(office_staff, workstation):
    # given three cases of one category, one of them spam
    category = factories.CategoryFactory(name="城市管理")
    cases = [factories.PetitionFactory(workstation=workstation, category=category) for _ in range(3)]
    cases[2].status = "spam"
    cases[2].save(update_fields=["status"])

    # when office staff propose a topic from them (a queryset, as the candidates view has it)
    topic = topic_propose(
        by=office_staff,
        title="城区夜间噪音治理",
        year=2026,
        summary="群众反映最多的问题。",
        source="类别：城市管理 2026年",
        petitions=Petition.objects.filter(category=category),
    )

    # then it is proposed, with the two real cases as evidence and one PROPOSED event
    topic.refresh_from_db()
    assert (topic.status, topic.year, topic.title, topic.source) == (
        Status.PROPOSED,
        2026,
        "城区夜间噪音治理",
        "类别：城市管理 2026年",
    )
    assert topic.proposed_by == office_staff
    assert set(topic.petitions.values_list("pk", flat=True)) == {cases[0].pk, cases[1].pk}
    events = list(topic.events.all())
    assert [(e.type, e.from_status, e.to_status, e.actor) for e in events] == [
        (EventType.PROPOSED, "", Status.PROPOSED, office_staff)
    ]
    assert events[0].message == "提出课题（类别：城市管理 2026年），关联诉求 2 件。"


def test_propose_takes_a_plain_list_of_rows_and_no_rows(office_staff, workstation):
    petition = factories.PetitionFactory(workstation=workstation)
    with_list = topic_propose(by=office_staff, title="A", year=2026, petitions=[petition])
    without = topic_propose(by=office_staff, title="B", year=2026)
    assert list(with_list.petitions.values_list("pk", flat=True)) == [petition.pk]
    assert without.petitions.count() == 0
    assert without.events.get().message == "提出课题（办公室），关联诉求 0 件。"


@pytest.mark.parametrize(
    ("title", "year", "message"),
    [
        ("  ", 2026, "请填写课题名称。"),
        ("噪音", 1999, "课题年度应在 2000 至 2100 年之间。"),
        ("噪音", "明年", "请填写课题年度。"),
    ],
)
def test_bad_input_saves_nothing(office_staff, title, year, message):
    with pytest.raises(TransitionError, match=message):
        topic_propose(by=office_staff, title=title, year=year)
    assert (Topic.objects.count(), TopicEvent.objects.count()) == (0, 0)


def test_a_member_may_not_propose(member, workstation):
    petition = factories.PetitionFactory(workstation=workstation)
    with pytest.raises(ActionNotAllowed, match="只有办公室工作人员可以进行此操作。"):
        topic_propose(by=member.user, title="噪音", year=2026, petitions=[petition])
    assert (Topic.objects.count(), TopicEvent.objects.count()) == (0, 0)
