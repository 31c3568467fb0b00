"""Who in the office is told of a case's events (by their own channel, with the case's link), the
liaison officer's urgent mark, and the citizen's rating SMS when a case closes."""

import datetime
import zoneinfo

import pytest
import time_machine

from accounts.models import QUIET_END_DEFAULT, QUIET_START_DEFAULT, StaffNotification
from petitions.choices import EventType, Outcome, Status, Track, Visibility
from petitions.services.handling import (
    consultation_answer,
    petition_assign,
    petition_close,
    petition_consult,
    petition_mark_urgent,
    petition_reply,
)
from petitions.workflow import ActionNotAllowed, TransitionError
from tests import factories
from tests.workflow_helpers import snapshot, triaged_petition

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_a_liaison_officers_assignment_tells_the_member_by_their_channel(
    workstation, liaison_officer, member, notifications, django_capture_on_commit_callbacks
):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED, citizen_phone="13800138000")
    with django_capture_on_commit_callbacks(execute=True):
        petition_assign(user=liaison_officer, petition_id=petition.pk, member=member)
    row = StaffNotification.objects.get()
    assert (row.user, row.subject, row.link, row.channel) == (
        member.user,
        "新诉求待办理",
        f"/cases/{petition.pk}/",
        "sms",
    )
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", member.phone)]
    assert notifications[0].body.endswith(f"http://127.0.0.1:8000/cases/{petition.pk}/")
    assert petition.display_code in notifications[0].body
    assert "13800138000" not in notifications[0].body


def test_a_refused_assignment_tells_nobody(workstation, member, notifications, django_capture_on_commit_callbacks):
    stranger = factories.UserFactory()
    petition = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionNotAllowed):
        petition_assign(user=stranger, petition_id=petition.pk, member=member)
    assert StaffNotification.objects.count() == 0
    assert notifications == []


def test_the_departments_answer_tells_the_member(
    member, workstation, department, department_handler, notifications, django_capture_on_commit_callbacks
):
    petition = triaged_petition(member, workstation, Track.CONSULT)
    consultation = petition_consult(user=member.user, petition_id=petition.pk, department=department, question="问")
    notifications.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consultation_answer(consultation_id=consultation.pk, user=department_handler, answer="由城管局负责。")
    row = StaffNotification.objects.get()
    assert (row.user, row.subject, row.link) == (member.user, "部门已答复咨询", f"/cases/{petition.pk}/")
    assert "城管局已答复您就诉求" in row.body
    assert [n.recipient for n in notifications] == [member.phone]


def test_closing_asks_the_citizen_to_rate_with_the_tracking_link(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    petition = triaged_petition(member, workstation, Track.ANSWER, citizen_phone="13800138000")
    petition_reply(user=member.user, petition_id=petition.pk, message="办理社保卡请到街道便民服务中心。")
    notifications.clear()
    with django_capture_on_commit_callbacks(execute=True):
        petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)
    (sms,) = notifications
    assert (sms.recipient, sms.channel, sms.subject) == ("13800138000", "sms", "请评价诉求办理情况")
    assert sms.body == (
        f"【委员工作室】您的诉求（查询码 {petition.display_code}）已办结，请对办理过程和办理结果评价："
        f"http://127.0.0.1:8000/track/{petition.tracking_code}/"
    )


def test_closing_an_anonymous_case_sends_nothing(
    member, workstation, notifications, django_capture_on_commit_callbacks
):
    petition = triaged_petition(
        member, workstation, Track.ANSWER, citizen_phone="", citizen_name="", citizen_address="", is_anonymous=True
    )
    petition_reply(user=member.user, petition_id=petition.pk, message="答复。")
    notifications.clear()
    with django_capture_on_commit_callbacks(execute=True):
        petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.ANSWERED)
    assert notifications == []


def test_a_refused_close_asks_nobody(member, workstation, notifications, django_capture_on_commit_callbacks):
    petition = triaged_petition(member, workstation, Track.ANSWER, citizen_phone="13800138000")
    petition_reply(user=member.user, petition_id=petition.pk, message="答复。")
    notifications.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        petition_close(user=member.user, petition_id=petition.pk, outcome=Outcome.EXPLAINED)
    assert notifications == []


def test_the_liaison_officer_marks_a_case_urgent_on_the_timeline(workstation, liaison_officer, member):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.ASSIGNED, assigned_member=member)
    petition = petition_mark_urgent(user=liaison_officer, petition_id=petition.pk, urgent=True)
    assert petition.is_urgent is True
    event = petition.events.get()
    assert (event.type, event.visibility, event.actor) == (
        EventType.MARKED_URGENT,
        Visibility.INTERNAL,
        liaison_officer,
    )
    petition = petition_mark_urgent(user=liaison_officer, petition_id=petition.pk, urgent=False)
    assert petition.is_urgent is False
    assert petition.events.order_by("id").last().type == EventType.UNMARKED_URGENT


def test_only_the_liaison_officer_marks_urgent(workstation, member):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.ASSIGNED, assigned_member=member)
    before = snapshot()
    with pytest.raises(ActionNotAllowed, match="只有本工作室联络员可以标记紧急。"):
        petition_mark_urgent(user=member.user, petition_id=petition.pk, urgent=True)
    assert snapshot() == before
    petition.refresh_from_db()
    assert petition.is_urgent is False


def test_an_urgent_case_reaches_the_member_in_quiet_hours(
    workstation, liaison_officer, member, notifications, django_capture_on_commit_callbacks
):
    member.user.quiet_start, member.user.quiet_end = QUIET_START_DEFAULT, QUIET_END_DEFAULT
    member.user.save()
    calm = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    urgent = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    petition_mark_urgent(user=liaison_officer, petition_id=urgent.pk, urgent=True)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 23, 0, tzinfo=SHANGHAI), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            petition_assign(user=liaison_officer, petition_id=calm.pk, member=member)
            petition_assign(user=liaison_officer, petition_id=urgent.pk, member=member)
    # the urgent case's SMS went at 23:00; the other waits for 07:30
    assert len(notifications) == 1
    assert notifications[0].body.endswith(f"/cases/{urgent.pk}/")
    held = StaffNotification.objects.get(link=f"/cases/{calm.pk}/")
    assert held.held_until == datetime.datetime(2026, 12, 3, 7, 30, tzinfo=SHANGHAI)


def test_the_case_page_offers_the_urgent_mark_to_the_liaison_officer_only(client, workstation, liaison_officer, member):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.ASSIGNED, assigned_member=member)
    client.force_login(member.user)
    assert 'id="urgent-form"' not in client.get(f"/cases/{petition.pk}/").content.decode()
    client.force_login(liaison_officer)
    assert 'id="urgent-form"' in client.get(f"/cases/{petition.pk}/").content.decode()
    response = client.post(f"/cases/{petition.pk}/urgent/", {"urgent": "1"}, follow=True)
    assert 'id="case-urgent"' in response.content.decode()
    petition.refresh_from_db()
    assert petition.is_urgent is True
