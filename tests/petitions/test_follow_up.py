"""Issue 16: the follow-up call (回访) after a case closed — who may record it, what it writes, and the
one reopen it shares with the citizen's rating."""

import pytest
from django.urls import reverse

from petitions.choices import EventType, Outcome, Satisfaction, Status, Track, Visibility
from petitions.models import FollowUp
from petitions.services.follow_up import petition_follow_up
from petitions.services.handling import petition_close, petition_reopen, petition_reply
from petitions.services.intake import petition_rate
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import snapshot, triaged_petition

pytestmark = pytest.mark.django_db


def _closed(member, workstation):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    petition_reply(user=member.user, petition_id=petition.pk, message="路灯已报修")
    return petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)


def _state(petition):
    petition.refresh_from_db()
    return petition.status, petition.reopen_count


@pytest.mark.parametrize("who", ["member", "liaison", "office"])
def test_the_member_the_liaison_officer_and_office_staff_record_a_follow_up(
    who, member, workstation, liaison_officer, office_staff
):
    user = {"member": member.user, "liaison": liaison_officer, "office": office_staff}[who]
    petition = _closed(member, workstation)
    result = petition_follow_up(user=user, petition_id=petition.pk, reached=True, satisfied=True, note="路灯已亮")
    assert (result.reopened, result.follow_up.called_by, result.follow_up.note) == (False, user, "路灯已亮")
    event = petition.events.last()
    assert (event.type, event.visibility, event.message) == (
        EventType.FOLLOWED_UP,
        Visibility.INTERNAL,
        "回访：已联系上群众，群众满意。路灯已亮",
    )
    assert _state(petition) == (Status.CLOSED, 0)


@pytest.mark.parametrize("who", ["colleague", "other_member", "reviewer", "handler"])
def test_others_may_not_record_a_follow_up(who, member, workstation, other_workstation, reviewer, department_handler):
    others = {
        "colleague": factories.MemberFactory(workstations=[workstation]).user,
        "other_member": factories.MemberFactory(workstations=[other_workstation]).user,
        "reviewer": reviewer,
        "handler": department_handler,
    }
    petition = _closed(member, workstation)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有承办委员、本工作室联络员或办公室工作人员可以记录回访。"):
        petition_follow_up(user=others[who], petition_id=petition.pk, reached=True, satisfied=False)
    assert snapshot() == before
    assert FollowUp.objects.count() == 0


def test_an_open_case_or_an_answer_without_reaching_the_citizen_is_refused(member, workstation):
    open_case = triaged_petition(member, workstation, Track.ANSWER)
    before = snapshot()
    with pytest.raises(TransitionError, match="诉求办结后才能回访。"):
        petition_follow_up(user=member.user, petition_id=open_case.pk, reached=True, satisfied=True)
    closed = _closed(member, workstation)
    before = snapshot()
    with pytest.raises(TransitionError, match="没有联系上群众，不能记录群众是否满意。"):
        petition_follow_up(user=member.user, petition_id=closed.pk, reached=False, satisfied=False)
    assert snapshot() == before
    assert FollowUp.objects.count() == 0


def test_not_reached_or_not_asked_records_without_reopening(member, workstation):
    petition = _closed(member, workstation)
    petition_follow_up(user=member.user, petition_id=petition.pk, reached=False)
    petition_follow_up(user=member.user, petition_id=petition.pk, reached=True, satisfied=None)
    assert [e.message for e in petition.events.filter(type=EventType.FOLLOWED_UP)] == [
        "回访：未联系上群众。",
        "回访：已联系上群众。",
    ]
    assert _state(petition) == (Status.CLOSED, 0)


def test_an_unsatisfied_follow_up_reopens_once_and_not_again(member, workstation, liaison_officer):
    petition = _closed(member, workstation)
    result = petition_follow_up(
        user=liaison_officer, petition_id=petition.pk, reached=True, satisfied=False, note="路灯又坏了"
    )
    assert result.reopened is True
    assert _state(petition) == (Status.ASSIGNED, 1)
    reopened = petition.events.last()
    assert (reopened.type, reopened.visibility, reopened.message) == (
        EventType.REOPENED,
        Visibility.PUBLIC,
        "根据回访情况，诉求已重新办理。",
    )
    # answered and closed again, the next unsatisfied follow-up is recorded but does not reopen
    petition_reply(user=member.user, petition_id=petition.pk, message="已更换灯具")
    petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED)
    result = petition_follow_up(user=liaison_officer, petition_id=petition.pk, reached=True, satisfied=False)
    assert (result.reopened, result.not_reopened_because) == (False, "这件诉求已经重新办理过一次，不能再次重办。")
    assert _state(petition) == (Status.CLOSED, 1)
    assert FollowUp.objects.filter(petition=petition).count() == 2


def test_a_case_reopened_after_its_rating_is_not_reopened_by_a_follow_up(member, workstation):
    petition = _closed(member, workstation)
    petition_rate(petition_id=petition.pk, satisfaction=Satisfaction.SATISFIED, result_satisfaction="unsatisfied")
    petition_reopen(user=member.user, petition_id=petition.pk)
    petition_reply(user=member.user, petition_id=petition.pk, message="再次答复")
    petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)
    result = petition_follow_up(user=member.user, petition_id=petition.pk, reached=True, satisfied=False)
    assert result.reopened is False
    assert _state(petition) == (Status.CLOSED, 1)


def test_the_case_page_form_records_it_and_says_when_the_one_reopen_is_spent(client, member, workstation):
    petition = _closed(member, workstation)
    url = reverse("casework:case_detail", args=[petition.pk])
    client.force_login(member.user)
    html = client.get(url).content.decode()
    assert 'id="follow-up-form"' in html
    assert "联系上群众且群众不满意的，诉求将重新办理（限一次）。" in html
    response = client.post(
        reverse("casework:case_follow_up", args=[petition.pk]),
        {"reached": "1", "satisfied": "0", "note": "群众说路灯还是不亮"},
        follow=True,
    )
    html = response.content.decode()
    assert "回访已记录。" in html
    assert "群众不满意：诉求已重新办理，回到承办委员手中。" in html
    assert "回访：已联系上群众，群众不满意。群众说路灯还是不亮" in html
    assert _state(petition) == (Status.ASSIGNED, 1)
    # closed again: the form says an unsatisfied follow-up will not reopen it
    petition_reply(user=member.user, petition_id=petition.pk, message="已修复")
    petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.SOLVED)
    html = client.get(url).content.decode()
    assert "本件已重新办理过一次：回访群众不满意的，不再重新办理。" in html
    # not reached, yet "satisfied": the form refuses and nothing is saved
    before = snapshot()
    response = client.post(
        reverse("casework:case_follow_up", args=[petition.pk]), {"reached": "0", "satisfied": "1"}, follow=True
    )
    assert "没有联系上群众，不能记录群众是否满意。" in response.content.decode()
    assert snapshot() == before


def test_the_form_is_not_offered_to_a_colleague_nor_on_an_open_case(client, member, workstation):
    petition = _closed(member, workstation)
    colleague = factories.MemberFactory(workstations=[workstation])
    client.force_login(colleague.user)
    assert 'id="follow-up-form"' not in client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    open_case = triaged_petition(member, workstation, Track.ANSWER)
    client.force_login(member.user)
    assert (
        'id="follow-up-form"' not in client.get(reverse("casework:case_detail", args=[open_case.pk])).content.decode()
    )
