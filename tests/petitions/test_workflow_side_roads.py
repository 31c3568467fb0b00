"""Claim, assign, reassign, merge, spam, withdraw, reopen and internal notes."""

import pytest

from accounts.roles import Role
from petitions.choices import ConsultationStatus, EventType, Outcome, Satisfaction, Status, Track, Visibility
from petitions.models import Consultation
from petitions.services.handling import (
    petition_assign,
    petition_claim,
    petition_close,
    petition_consult,
    petition_mark_spam,
    petition_merge,
    petition_note_add,
    petition_reopen,
    petition_reply,
    petition_withdraw,
)
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import assigned_petition, snapshot, triaged_petition

pytestmark = pytest.mark.django_db


def test_member_serving_the_workstation_claims_from_the_queue(member, workstation):
    petition = factories.PetitionFactory(workstation=workstation)
    petition = petition_claim(user=member.user, petition_id=petition.pk)
    assert (petition.status, petition.assigned_member_id) == (Status.ASSIGNED, member.pk)


def test_member_of_another_workstation_cannot_claim(workstation, other_workstation):
    petition = factories.PetitionFactory(workstation=workstation)
    outsider = factories.MemberFactory(workstations=[other_workstation])
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有在本工作室服务的委员可以认领诉求。"):
        petition_claim(user=outsider.user, petition_id=petition.pk)
    assert snapshot() == before


def test_liaison_officer_assigns_and_the_member_reassigns(member, workstation, liaison_officer):
    petition = factories.PetitionFactory(workstation=workstation)
    other = factories.MemberFactory(workstations=[workstation])
    petition = petition_assign(user=liaison_officer, petition_id=petition.pk, member=member)
    assert petition.assigned_member_id == member.pk
    petition = petition_assign(user=member.user, petition_id=petition.pk, member=other, reason="本人出差")
    assert petition.assigned_member_id == other.pk
    assert list(petition.events.values_list("type", "message")) == [
        (EventType.ASSIGNED, "已分派委员办理。"),
        (EventType.ASSIGNED, "已转交其他委员办理。"),
    ]


def test_assign_to_a_member_of_another_workstation_is_refused(workstation, other_workstation, liaison_officer):
    petition = factories.PetitionFactory(workstation=workstation)
    outsider = factories.MemberFactory(workstations=[other_workstation])
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="所选委员不在本工作室服务，不能分派。"):
        petition_assign(user=liaison_officer, petition_id=petition.pk, member=outsider)
    assert snapshot() == before


def test_liaison_officer_of_another_workstation_cannot_assign(member, workstation, other_workstation):
    petition = factories.PetitionFactory(workstation=workstation)
    stranger = factories.UserFactory(roles=[Role.LIAISON_OFFICER])
    other_workstation.liaison_officers.add(stranger)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有本工作室联络员或承办委员可以分派诉求。"):
        petition_assign(user=stranger, petition_id=petition.pk, member=member)
    assert snapshot() == before


def test_merge_moves_the_duplicate_and_its_citizen_follows_the_survivor(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    survivor = triaged_petition(member, workstation, Track.ANSWER)
    duplicate = assigned_petition(member, workstation, citizen_phone="13900139000")
    duplicate = petition_merge(user=member.user, petition_id=duplicate.pk, into_id=survivor.pk)
    assert (duplicate.status, duplicate.merged_into_id) == (Status.MERGED, survivor.pk)
    assert survivor.events.filter(type=EventType.JOINED, visibility=Visibility.INTERNAL).count() == 1
    # when the survivor is answered, both citizens are told
    with django_capture_on_commit_callbacks(execute=True):
        petition_reply(user=member.user, petition_id=survivor.pk, message="已答复")
    assert sorted(n.recipient for n in notifications) == ["13800138000", "13900139000"]


def test_merge_into_itself_or_a_closed_case_or_another_workstation_is_refused(member, workstation, other_workstation):
    petition = assigned_petition(member, workstation)
    closed = assigned_petition(member, workstation, status=Status.CLOSED, outcome=Outcome.ANSWERED)
    elsewhere = factories.PetitionFactory(workstation=other_workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="不能把诉求合并到它自己。"):
        petition_merge(user=member.user, petition_id=petition.pk, into_id=petition.pk)
    with pytest.raises(TransitionError, match="目标诉求已办结或已关闭，不能合并。"):
        petition_merge(user=member.user, petition_id=petition.pk, into_id=closed.pk)
    with pytest.raises(ActionNotAllowed, match="只能合并到本工作室的诉求。"):
        petition_merge(user=member.user, petition_id=petition.pk, into_id=elsewhere.pk)
    assert snapshot() == before


def test_liaison_officer_marks_spam_internally(workstation, liaison_officer):
    petition = factories.PetitionFactory(workstation=workstation)
    petition = petition_mark_spam(user=liaison_officer, petition_id=petition.pk, reason="广告")
    assert petition.status == Status.SPAM
    assert petition.events.get().visibility == Visibility.INTERNAL


def test_member_cannot_mark_spam(member, workstation):
    petition = assigned_petition(member, workstation)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有本工作室联络员可以标记无效信息。"):
        petition_mark_spam(user=member.user, petition_id=petition.pk, reason="广告")
    assert snapshot() == before


def test_withdraw_cancels_a_pending_consultation(member, workstation, department):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    petition = petition_withdraw(user=member.user, petition_id=petition.pk, reason="群众电话要求撤回")
    assert petition.status == Status.WITHDRAWN
    assert Consultation.objects.get().status == ConsultationStatus.CANCELLED


def test_withdraw_a_closed_case_is_refused(member, workstation):
    petition = assigned_petition(member, workstation, status=Status.CLOSED, outcome=Outcome.ANSWERED)
    before = snapshot()
    with pytest.raises(TransitionError, match="不能转为“已撤回”"):
        petition_withdraw(user=member.user, petition_id=petition.pk)
    assert snapshot() == before


def _closed_and_rated(member, workstation, satisfaction):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="答复")
    petition = petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)
    # The rating is the citizen's (the tracking page); here it is set as that page would leave it.
    type(petition).objects.filter(pk=petition.pk).update(satisfaction=satisfaction)
    return petition


def test_reopen_once_after_unsatisfied(member, workstation):
    petition = _closed_and_rated(member, workstation, Satisfaction.UNSATISFIED)
    petition = petition_reopen(user=member.user, petition_id=petition.pk, reason="群众不满意")
    assert (petition.status, petition.reopen_count, petition.outcome) == (Status.ASSIGNED, 1, "")
    # it can be answered and closed again, but not reopened a second time
    petition_reply(user=member.user, petition_id=petition.pk, message="再次答复")
    petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED)
    before = snapshot()
    with pytest.raises(TransitionError, match="这件诉求已经重新办理过一次，不能再次重办。"):
        petition_reopen(user=member.user, petition_id=petition.pk)
    assert snapshot() == before


def test_reopen_after_satisfied_is_refused(member, workstation):
    petition = _closed_and_rated(member, workstation, Satisfaction.SATISFIED)
    before = snapshot()
    with pytest.raises(TransitionError, match="只有群众评价或回访为“不满意”的诉求可以重新办理。"):
        petition_reopen(user=member.user, petition_id=petition.pk)
    assert snapshot() == before


def test_internal_note_is_never_public_nor_notified(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    petition = assigned_petition(member, workstation)
    with django_capture_on_commit_callbacks(execute=True):
        event = petition_note_add(user=member.user, petition_id=petition.pk, text="群众情绪激动，注意沟通方式")
    assert event.visibility == Visibility.INTERNAL
    assert notifications == []


def test_note_by_a_stranger_is_refused(member, workstation, other_workstation):
    petition = assigned_petition(member, workstation)
    outsider = factories.MemberFactory(workstations=[other_workstation])
    before = snapshot()
    with pytest.raises(ActionNotAllowed):
        petition_note_add(user=outsider.user, petition_id=petition.pk, text="备注")
    assert snapshot() == before
