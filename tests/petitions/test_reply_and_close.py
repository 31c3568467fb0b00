"""答复并办结: the member replies and closes a track 1–3 case in one action; the two-step path
stays; a refused close takes the reply back with it."""

import re

import pytest
from django.urls import reverse

from petitions.choices import EventType, Outcome, Status, Track
from petitions.services.handling import petition_reply_and_close
from petitions.workflow import TransitionError
from tests import factories
from tests.workflow_helpers import snapshot, triaged_petition

pytestmark = pytest.mark.django_db


def test_the_case_page_offers_reply_and_close_in_the_reply_form(client, member, workstation):
    # given a case on track 2 (direct answer)
    petition = triaged_petition(member, workstation, Track.ANSWER)
    client.force_login(member.user)
    # when the member opens it
    html = client.get(reverse("casework:case_detail", args=[petition.pk])).content.decode()
    # then the reply form asks the outcome and households and has both buttons
    form = re.search(r'<form[^>]*id="reply-form".*?</form>', html, re.S).group(0)
    assert 'name="outcome"' in form
    assert 'name="households_helped"' in form
    assert reverse("casework:case_reply_close", args=[petition.pk]) in form
    assert "答复并办结" in form
    assert "只发送答复" in form
    outcomes = re.findall(
        r"<option[^>]*>([^<]*)</option>", re.search(r'<select name="outcome".*?</select>', form, re.S).group(0)
    )
    assert outcomes == ["请选择办理结果", "已答复", "已解决"]


def test_reply_and_close_in_one_post(client, member, workstation, notifications, django_capture_on_commit_callbacks):
    # given a case on track 2 with a phone on file
    petition = triaged_petition(member, workstation, Track.ANSWER, citizen_phone="13800000001")
    client.force_login(member.user)
    # when the member replies and closes at once
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casework:case_reply_close", args=[petition.pk]),
            {"message": "已协调物业本周内修好路灯。", "outcome": Outcome.SOLVED, "households_helped": "2"},
            follow=True,
        )
    # then the case is closed with its outcome, the reply is on the timeline, and the citizen was told
    assert "答复已发送给群众，诉求已办结。" in response.content.decode()
    petition.refresh_from_db()
    assert (petition.status, petition.outcome, petition.households_helped) == (Status.CLOSED, Outcome.SOLVED, 2)
    assert list(
        petition.events.filter(type__in=[EventType.REPLIED, EventType.CLOSED])
        .values_list("type", flat=True)
        .order_by("pk")
    ) == [EventType.REPLIED, EventType.CLOSED]
    assert any("已协调物业本周内修好路灯。" in n.body for n in notifications)


def test_the_two_step_path_is_kept(client, member, workstation):
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    entry = factories.KnowledgeEntryFactory(category=petition.category)
    client.force_login(member.user)
    # the reply button alone replies, even with an outcome left empty
    client.post(
        reverse("casework:case_reply", args=[petition.pk]),
        {"message": "依据政策，暂不能办理。", "knowledge_entry": entry.pk, "outcome": ""},
    )
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED
    client.post(
        reverse("casework:case_close", args=[petition.pk]), {"outcome": Outcome.EXPLAINED, "households_helped": "0"}
    )
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == (Status.CLOSED, Outcome.EXPLAINED)


def test_reply_and_close_without_an_outcome_is_refused_and_nothing_is_saved(client, member, workstation, notifications):
    petition = triaged_petition(member, workstation, Track.ANSWER)
    client.force_login(member.user)
    before = snapshot()
    response = client.post(
        reverse("casework:case_reply_close", args=[petition.pk]), {"message": "答复", "outcome": ""}, follow=True
    )
    assert "请选择办理结果，再答复并办结。" in response.content.decode()
    assert snapshot() == before
    assert notifications == []


def test_a_refused_close_takes_the_reply_back(member, workstation, notifications, django_capture_on_commit_callbacks):
    # given a track-1 case (explain), whose reply rests on a policy text
    petition = triaged_petition(member, workstation, Track.EXPLAIN)
    before = snapshot()
    # when the member replies and closes with an outcome track 1 does not allow
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError) as refused:
        petition_reply_and_close(
            user=member.user,
            petition_id=petition.pk,
            message="依据政策答复",
            policy="《条例》第三条",
            outcome=Outcome.SOLVED,
        )
    # then the refusal says why, and the reply was not saved nor sent
    assert refused.value.message == "“解释说明”的诉求不能以“已解决”办结。"
    assert snapshot() == before
    assert notifications == []


def test_reply_and_close_on_a_consulted_case(member, workstation, department, django_capture_on_commit_callbacks):
    from petitions.services.handling import consultation_answer, petition_consult

    petition = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    consultation_answer(consultation_id=consultation.pk, answer="本月修复", via_link=True)
    petition_reply_and_close(
        user=member.user, petition_id=petition.pk, message="部门答复本月修复。", outcome=Outcome.NOT_SOLVED
    )
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == (Status.CLOSED, Outcome.NOT_SOLVED)
