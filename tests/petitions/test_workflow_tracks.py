"""Tracks 1–3 of the four-step reply method, each step and each refusal."""

import pytest

from accounts.roles import Role
from handoffs.models import Delivery
from petitions.choices import ConsultationStatus, EventType, Outcome, Status, Track, Visibility
from petitions.models import Consultation, PetitionEvent
from petitions.services.handling import (
    consultation_answer,
    petition_close,
    petition_consult,
    petition_reply,
    petition_triage,
)
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import assigned_petition, snapshot, triaged_petition

pytestmark = pytest.mark.django_db


def test_triage_sets_the_track_and_the_first_response_as_a_public_event(member, workstation):
    # given a case assigned to the member
    petition = assigned_petition(member, workstation)
    # when the member triages it into track 2
    petition = petition_triage(user=member.user, petition_id=petition.pk, track=Track.ANSWER)
    # then the track is set, the first response is recorded and the citizen sees it
    assert petition.status == Status.ASSIGNED
    assert petition.track == Track.ANSWER
    assert petition.first_responded_at is not None
    assert petition.due_date is not None
    event = petition.events.get()
    assert (event.type, event.visibility, event.message) == (
        EventType.TRIAGED,
        Visibility.PUBLIC,
        "委员已确定办理方式：直接答复。",
    )


def test_track_1_explain_cites_a_knowledge_entry_then_replies_and_closes_explained(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    # given a case triaged into track 1 and an entry of the knowledge base
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    entry = factories.KnowledgeEntryFactory()
    # when the member replies citing the entry, then closes
    with django_capture_on_commit_callbacks(execute=True):
        petition = petition_reply(
            user=member.user, petition_id=petition.pk, message="该诉求不符合现行政策，解释如下……", knowledge_entry=entry
        )
    petition = petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.EXPLAINED)
    # then the reply is public, cites the entry, reached the citizen, and the case is closed explained
    assert petition.status == Status.CLOSED
    assert petition.outcome == Outcome.EXPLAINED
    reply = petition.events.get(type=EventType.REPLIED)
    assert reply.visibility == Visibility.PUBLIC
    assert reply.data["knowledge_entry_id"] == entry.pk
    assert [(n.recipient, n.body) for n in notifications] == [
        ("13800138000", f"【委员工作室】您的诉求（查询码 {petition.tracking_code}）：该诉求不符合现行政策，解释如下……")
    ]


def test_track_1_explain_without_a_policy_or_entry_is_refused(member, workstation):
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    before = snapshot()
    with pytest.raises(TransitionError, match="解释说明须引用知识库条目或政策依据。"):
        petition_reply(user=member.user, petition_id=petition.pk, message="不符合政策。")
    assert snapshot() == before


def test_track_1_explain_may_cite_a_policy_text_instead(member, workstation):
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    petition = petition_reply(
        user=member.user, petition_id=petition.pk, message="解释如下。", policy="《益阳市城市管理条例》第十条"
    )
    assert petition.events.get(type=EventType.REPLIED).data["policy"] == "《益阳市城市管理条例》第十条"


@pytest.mark.parametrize("outcome", [Outcome.ANSWERED, Outcome.SOLVED])
def test_track_2_answer_replies_and_closes_answered_or_solved(member, workstation, outcome):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="办理社保卡请到街道便民服务中心。")
    petition = petition_close(user=member.user, petition_id=petition.pk, outcome=outcome)
    assert (petition.status, petition.outcome) == (Status.CLOSED, outcome)
    assert list(petition.events.values_list("type", flat=True)) == [
        EventType.TRIAGED,
        EventType.REPLIED,
        EventType.CLOSED,
    ]


def test_track_2_cannot_close_as_explained(member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="答复。")
    before = snapshot()
    with pytest.raises(TransitionError, match="“直接答复”的诉求不能以“已解释说明”办结。"):
        petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.EXPLAINED)
    assert snapshot() == before


def test_track_3_consult_answer_reply_close(member, workstation, department, department_handler):
    # given a case in track 3
    petition = triaged_petition(member, workstation, Track.CONSULT)
    # when the member consults 城管局
    consultation = petition_consult(
        user=member.user, petition_id=petition.pk, department=department, question="广场噪音由哪个部门执法？"
    )
    # then a consultation and exactly one hand-off are written, and the case waits on the department
    petition.refresh_from_db()
    assert petition.status == Status.CONSULTING
    assert petition.due_date == consultation.due_date
    delivery = Delivery.objects.get()
    assert (delivery.consultation_id, delivery.department_id) == (consultation.pk, department.pk)
    # when the department answers, then the member replies and closes
    consultation_answer(consultation_id=consultation.pk, user=department_handler, answer="由城管局负责。")
    petition.refresh_from_db()
    assert petition.status == Status.CONSULTED
    petition_reply(user=member.user, petition_id=petition.pk, message="经咨询城管局，已由其负责处理。")
    petition = petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED)
    # then
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED
    assert petition.status == Status.CLOSED
    assert list(petition.events.values_list("type", "visibility")) == [
        (EventType.TRIAGED, Visibility.PUBLIC),
        (EventType.CONSULTATION_SENT, Visibility.PUBLIC),
        (EventType.CONSULTATION_ANSWERED, Visibility.PUBLIC),
        (EventType.REPLIED, Visibility.PUBLIC),
        (EventType.CLOSED, Visibility.PUBLIC),
    ]
    # the department's answer itself stays internal (in the event's data, not its public message)
    assert "由城管局负责" not in petition.events.get(type=EventType.CONSULTATION_ANSWERED).message


def test_track_3_reply_before_the_department_answered_is_refused(member, workstation, department):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问题")
    before = snapshot()
    with pytest.raises(TransitionError, match="该诉求当前状态为“咨询部门中”，不能进行此操作。"):
        petition_reply(user=member.user, petition_id=petition.pk, message="答复")
    assert snapshot() == before


def test_consult_in_another_track_is_refused(member, workstation, department):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    before = snapshot()
    with pytest.raises(TransitionError, match="只有“咨询后答复”的诉求可以咨询部门"):
        petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问题")
    assert snapshot() == before


def test_handler_of_another_department_cannot_answer(member, workstation, department):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    stranger = factories.UserFactory(roles=[Role.DEPARTMENT_HANDLER])
    factories.DepartmentFactory(name="住建局").handlers.add(stranger)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有城管局的办理人员可以进行此操作。"):
        consultation_answer(consultation_id=consultation.pk, user=stranger, answer="答")
    assert snapshot() == before


def test_answer_twice_is_refused(member, workstation, department, department_handler):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    consultation_answer(consultation_id=consultation.pk, user=department_handler, answer="答")
    before = snapshot()
    with pytest.raises(TransitionError, match="该咨询已经答复或已撤销，不能重复答复。"):
        consultation_answer(consultation_id=consultation.pk, user=department_handler, answer="再答")
    assert snapshot() == before
    assert Consultation.objects.get().answer == "答"


@pytest.mark.parametrize("who", ["other_member", "liaison", "reviewer", "handler", "anonymous"])
def test_only_the_assigned_member_may_triage_reply_or_close(
    who, member, workstation, liaison_officer, reviewer, department_handler
):
    from django.contrib.auth.models import AnonymousUser

    petition = triaged_petition(member, workstation, Track.ANSWER)
    users = {
        "other_member": factories.MemberFactory(workstations=[workstation]).user,
        "liaison": liaison_officer,
        "reviewer": reviewer,
        "handler": department_handler,
        "anonymous": AnonymousUser(),
    }
    user = users[who]
    before = snapshot()
    with pytest.raises(ActionNotAllowed):
        petition_triage(user=user, petition_id=petition.pk, track=Track.EXPLAIN)
    with pytest.raises(ActionNotAllowed):
        petition_reply(user=user, petition_id=petition.pk, message="答复")
    assert snapshot() == before
    assert PetitionEvent.objects.filter(petition=petition).count() == 1


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.CLOSED, Status.SPAM, Status.MERGED, Status.WITHDRAWN])
def test_triage_in_a_wrong_state_is_refused(member, workstation, status):
    extra = {"merged_into": factories.PetitionFactory(workstation=workstation)} if status == Status.MERGED else {}
    petition = assigned_petition(member, workstation, status=status, **extra)
    before = snapshot()
    with pytest.raises(TransitionError, match="不能进行此操作"):
        petition_triage(user=member.user, petition_id=petition.pk, track=Track.ANSWER)
    assert snapshot() == before


def test_reply_before_triage_and_empty_reply_are_refused(member, workstation):
    petition = assigned_petition(member, workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="请先确定办理方式，再答复群众。"):
        petition_reply(user=member.user, petition_id=petition.pk, message="答复")
    petition = petition_triage(user=member.user, petition_id=petition.pk, track=Track.ANSWER)
    before = snapshot()
    with pytest.raises(TransitionError, match="请填写答复内容。"):
        petition_reply(user=member.user, petition_id=petition.pk, message="   ")
    assert snapshot() == before


def test_close_before_reply_is_refused(member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    before = snapshot()
    with pytest.raises(TransitionError, match="不能进行此操作"):
        petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)
    assert snapshot() == before


def test_anonymous_petitions_reply_notifies_nobody(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    petition = triaged_petition(
        member, workstation, Track.ANSWER, is_anonymous=True, citizen_name="", citizen_phone="", consent_given=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        petition_reply(user=member.user, petition_id=petition.pk, message="答复")
    assert notifications == []
