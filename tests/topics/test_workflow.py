"""The topic state machine: every transition writes exactly one event; every refusal (wrong state,
wrong person, bad input) changes nothing."""

import datetime

import pytest

from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.topics.conftest import STEPS, advance, report_file, topics_snapshot
from topics import services
from topics.choices import EventType, Status
from topics.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 20)
EVENT = {
    "adopted": EventType.ADOPTED,
    "researching": EventType.RESEARCH_STARTED,
    "report_submitted": EventType.REPORT_SUBMITTED,
    "consulted": EventType.CONSULTED,
    "outcomes_recorded": EventType.OUTCOMES_RECORDED,
    "closed": EventType.CLOSED,
}


@pytest.mark.parametrize("step", STEPS[1:])
def test_each_step_moves_the_topic_and_writes_one_event(topic_at, step, office_staff, lead, group_member):
    # given a topic one step before
    topic = topic_at(STEPS[STEPS.index(step) - 1])
    before = topic.events.count()

    # when the step is taken
    advance(topic, step, office_staff=office_staff, lead=lead, group_member=group_member)

    # then the topic is there, with exactly one new event saying so
    topic.refresh_from_db()
    assert topic.status == step
    new = list(topic.events.order_by("id"))[before:]
    assert [(e.type, e.from_status, e.to_status) for e in new] == [(EVENT[step], STEPS[STEPS.index(step) - 1], step)]


def test_the_whole_life_leaves_one_event_per_step(topic_at):
    topic = topic_at("closed")
    assert [e.type for e in topic.events.order_by("id")] == [
        EventType.PROPOSED,
        EventType.ADOPTED,
        EventType.RESEARCH_STARTED,
        EventType.REPORT_SUBMITTED,
        EventType.CONSULTED,
        EventType.OUTCOMES_RECORDED,
        EventType.CLOSED,
    ]
    assert topic.closed_at is not None
    assert topic.report_summary == "报告摘要"
    assert topic.meeting.participants.count() == 2
    assert topic.outcomes.get().document_ref == "益政发〔2026〕9号"


def test_adopting_sets_the_group_with_its_sectors_and_tells_them(topic_at, lead, group_member):
    from accounts.models import StaffNotification

    topic = topic_at("adopted")
    assert list(topic.group.values_list("member", "role")) == [(lead.pk, "lead"), (group_member.pk, "member")]
    assert set(topic.sectors.all()) == {lead.sector, group_member.sector}
    assert topic.events.get(type=EventType.ADOPTED).message == "确定为 2026 年度重点调研课题，牵头委员：李牵头。"
    assert StaffNotification.objects.filter(user=lead.user, body__contains="城区夜间噪音治理").count() == 1


def test_declining_keeps_the_reason_and_ends_the_topic(topic_at, office_staff):
    topic = topic_at("proposed")
    services.topic_decline(by=office_staff, topic_id=topic.pk, reason="与去年课题重复")
    topic.refresh_from_db()
    assert (topic.status, topic.decline_reason) == (Status.DECLINED, "与去年课题重复")
    assert [(e.type, e.message) for e in topic.events.filter(type=EventType.DECLINED)] == [
        (EventType.DECLINED, "与去年课题重复")
    ]
    assert TRANSITIONS[Status.DECLINED] == frozenset()


def _every_move(office_staff, lead, group_member):
    """Each move's service call, by the right person."""
    return {
        "adopted": lambda t: services.topic_adopt(by=office_staff, topic_id=t.pk, lead=lead),
        "declined": lambda t: services.topic_decline(by=office_staff, topic_id=t.pk, reason="不采纳"),
        "researching": lambda t: services.topic_research_start(by=office_staff, topic_id=t.pk),
        "report_submitted": lambda t: services.topic_report_submit(
            by=office_staff, topic_id=t.pk, summary="摘要", files=[report_file()]
        ),
        "consulted": lambda t: services.topic_consult(by=office_staff, topic_id=t.pk, title="专题协商会", date=DAY),
        "outcomes_recorded": lambda t: services.outcome_record(
            by=office_staff, topic_id=t.pk, kind="measure", title="措施", date=DAY
        ),
        "closed": lambda t: services.topic_close(by=office_staff, topic_id=t.pk),
    }


@pytest.mark.parametrize("step", [*STEPS, "declined"])
def test_every_move_the_table_does_not_allow_is_refused_and_changes_nothing(
    topic_at, step, office_staff, lead, group_member
):
    # given a topic at `step` (declined: from proposed)
    topic = topic_at("proposed" if step == "declined" else step)
    if step == "declined":
        services.topic_decline(by=office_staff, topic_id=topic.pk, reason="不采纳")
        topic.refresh_from_db()
    moves = _every_move(office_staff, lead, group_member)
    allowed = TRANSITIONS[topic.status]
    # (recording an outcome on a topic that has outcomes adds one: tested below)
    refused = [t for t in moves if t not in allowed and not (t == topic.status == "outcomes_recorded")]
    assert refused  # every state refuses something

    for target in refused:
        before = topics_snapshot()
        # when a move the table does not allow is tried
        with pytest.raises(TransitionError) as raised:
            moves[target](topic)
        # then it says why and nothing changed
        assert str(raised.value.message).startswith("该课题当前状态为“"), target
        assert topics_snapshot() == before, target


@pytest.mark.parametrize(
    ("step", "call", "message"),
    [
        ("proposed", lambda s, t, u, lead: s.topic_adopt(by=u, topic_id=t.pk, lead=lead), "只有办公室工作人员"),
        ("proposed", lambda s, t, u, lead: s.topic_decline(by=u, topic_id=t.pk, reason="x"), "只有办公室工作人员"),
        ("adopted", lambda s, t, u, lead: s.topic_research_start(by=u, topic_id=t.pk), "本课题的牵头委员"),
        (
            "researching",
            lambda s, t, u, lead: s.topic_report_submit(by=u, topic_id=t.pk, summary="x", files=[report_file()]),
            "本课题的牵头委员",
        ),
        (
            "report_submitted",
            lambda s, t, u, lead: s.topic_consult(by=u, topic_id=t.pk, title="会", date=DAY),
            "只有办公室工作人员",
        ),
        (
            "consulted",
            lambda s, t, u, lead: s.outcome_record(by=u, topic_id=t.pk, kind="policy", title="x", date=DAY),
            "只有办公室工作人员",
        ),
        ("outcomes_recorded", lambda s, t, u, lead: s.topic_close(by=u, topic_id=t.pk), "只有办公室工作人员"),
        ("adopted", lambda s, t, u, lead: s.topic_publish(by=u, topic_id=t.pk), "只有办公室工作人员"),
    ],
)
@pytest.mark.parametrize("who", ["group_member", "other_member", "reviewer"])
def test_the_wrong_person_is_refused_and_nothing_changes(
    topic_at, step, call, message, who, group_member, lead, reviewer, workstation
):
    topic = topic_at(step)
    user = {
        "group_member": group_member.user,
        "other_member": factories.MemberFactory(workstations=[workstation]).user,
        "reviewer": reviewer,
    }[who]
    before = topics_snapshot()
    with pytest.raises(ActionNotAllowed, match=message):
        call(services, topic, user, lead)
    assert topics_snapshot() == before


def test_the_lead_may_start_and_report_but_not_close(topic_at, lead):
    topic = topic_at("outcomes_recorded")
    before = topics_snapshot()
    with pytest.raises(ActionNotAllowed, match="只有办公室工作人员可以进行此操作。"):
        services.topic_close(by=lead.user, topic_id=topic.pk)
    assert topics_snapshot() == before


@pytest.mark.parametrize(
    ("step", "call", "message"),
    [
        ("proposed", lambda s, t, u, m: s.topic_adopt(by=u, topic_id=t.pk, lead=None), "请选择牵头委员。"),
        ("proposed", lambda s, t, u, m: s.topic_decline(by=u, topic_id=t.pk, reason=" "), "请说明不予采纳的理由。"),
        (
            "researching",
            lambda s, t, u, m: s.topic_report_submit(by=u, topic_id=t.pk, summary="摘要"),
            "请上传调研报告。",
        ),
        (
            "researching",
            lambda s, t, u, m: s.topic_report_submit(by=u, topic_id=t.pk, summary="", files=[report_file()]),
            "请填写调研报告摘要。",
        ),
        (
            "researching",
            lambda s, t, u, m: s.topic_report_submit(
                by=u, topic_id=t.pk, summary="摘要", files=[report_file("报告.exe")]
            ),
            "类型不支持",
        ),
        (
            "report_submitted",
            lambda s, t, u, m: s.topic_consult(by=u, topic_id=t.pk, title="", date=DAY),
            "请填写会议名称。",
        ),
        (
            "consulted",
            lambda s, t, u, m: s.outcome_record(by=u, topic_id=t.pk, kind="wish", title="x", date=DAY),
            "请选择成果类型。",
        ),
        (
            "researching",
            lambda s, t, u, m: s.activity_record(by=u, topic_id=t.pk, kind="visit", date=DAY, place=""),
            "请填写活动地点。",
        ),
        (
            "researching",
            lambda s, t, u, m: s.milestone_add(by=u, topic_id=t.pk, title="", due_date=DAY),
            "请填写工作节点。",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(topic_at, step, call, message, office_staff, lead):
    topic = topic_at(step)
    before = topics_snapshot()
    with pytest.raises(TransitionError, match=message):
        call(services, topic, office_staff, lead)
    assert topics_snapshot() == before


def test_an_inactive_member_cannot_lead(topic_at, office_staff, lead):
    topic = topic_at("proposed")
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    before = topics_snapshot()
    with pytest.raises(TransitionError, match="调研组只能由在职委员组成。"):
        services.topic_adopt(by=office_staff, topic_id=topic.pk, lead=lead)
    assert topics_snapshot() == before


def test_the_lead_records_activities_and_milestones_one_event_each(topic_at, lead, group_member):
    topic = topic_at("researching")
    before = topic.events.count()
    activity = services.activity_record(
        by=lead.user,
        topic_id=topic.pk,
        kind="seminar",
        date=DAY,
        place="赫山区政协会议室",
        participants=[lead, group_member],
        notes="座谈记录",
        files=[report_file("签到表.pdf")],
    )
    milestone = services.milestone_add(by=lead.user, topic_id=topic.pk, title="完成走访", due_date=DAY)
    services.milestone_done(by=lead.user, milestone_id=milestone.pk)
    assert [(e.type, e.message) for e in topic.events.order_by("id")[before:]] == [
        (EventType.ACTIVITY_RECORDED, "座谈会：2026-05-20，赫山区政协会议室。"),
        (EventType.MILESTONE_ADDED, "工作节点“完成走访”，期限 2026-05-20。"),
        (EventType.MILESTONE_DONE, "工作节点“完成走访”已完成。"),
    ]
    assert activity.files.get().original_name == "签到表.pdf"
    with pytest.raises(TransitionError, match="该工作节点已经完成。"):
        services.milestone_done(by=lead.user, milestone_id=milestone.pk)


def test_a_group_member_who_is_not_lead_cannot_record_an_activity(topic_at, group_member):
    topic = topic_at("researching")
    before = topics_snapshot()
    with pytest.raises(ActionNotAllowed):
        services.activity_record(by=group_member.user, topic_id=topic.pk, kind="visit", date=DAY, place="某局")
    assert topics_snapshot() == before


def test_no_activity_on_a_closed_topic(topic_at, lead):
    topic = topic_at("closed")
    before = topics_snapshot()
    with pytest.raises(TransitionError, match="不能再记录调研工作"):
        services.activity_record(by=lead.user, topic_id=topic.pk, kind="visit", date=DAY, place="某局")
    assert topics_snapshot() == before


def test_a_second_outcome_adds_to_the_first_with_its_own_event(topic_at, office_staff):
    topic = topic_at("outcomes_recorded")
    services.outcome_record(by=office_staff, topic_id=topic.pk, kind="measure", title="增设夜间巡查", date=DAY)
    topic.refresh_from_db()
    assert topic.status == Status.OUTCOMES_RECORDED
    assert topic.outcomes.count() == 2
    assert topic.events.filter(type=EventType.OUTCOME_ADDED).get().message == "落实措施：增设夜间巡查。"


def test_group_change_writes_one_event(topic_at, office_staff, lead, group_member):
    topic = topic_at("researching")
    services.topic_group_set(by=office_staff, topic_id=topic.pk, lead=group_member, members=[lead])
    assert list(topic.group.values_list("member", "role")) == [(group_member.pk, "lead"), (lead.pk, "member")]
    assert topic.events.filter(type=EventType.GROUP_CHANGED).count() == 1
