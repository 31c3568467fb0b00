import datetime
from zoneinfo import ZoneInfo

import pytest

from common.notifications import LocmemBackend
from reminders.choices import NoticeKind, SubjectType
from reminders.models import Notice
from reminders.services import deadline_scan, digest_daily, notice_send, notice_sweep
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def send_pending():
    """What the notifications queue does with the notices the scan queued after commit."""
    for pk in Notice.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        notice_send(notice_id=pk)


def sent_to():
    return [(n.recipient, n.subject) for n in LocmemBackend.sent]


@pytest.fixture
def people(workstation, liaison_officer, member, reviewer):
    liaison_officer.email = "liaison@example.gov.cn"
    liaison_officer.save()
    reviewer.email = "reviewer@example.gov.cn"
    reviewer.save()
    member.user.email = "member@example.gov.cn"
    member.user.save()
    return {"liaison": liaison_officer, "member": member, "reviewer": reviewer}


def test_escalation_sequence_across_national_day_with_the_clock_frozen(people, workstation, time_machine):
    # given: a case due on Friday 9 October 2026, right after the National Day holiday
    petition = factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 10, 9),
    )
    code = petition.display_code

    def day(d, hour=9):
        time_machine.move_to(at(d, hour), tick=False)
        LocmemBackend.sent.clear()
        result = deadline_scan()
        send_pending()
        return result, sent_to()

    # during the holiday nothing is sent (people are off)
    assert day(datetime.date(2026, 10, 7)) == ({"reminder": 0, "escalation_liaison": 0, "escalation_reviewer": 0}, [])

    # Thursday 8 October, one working day before: the member is reminded, once
    result, sent = day(datetime.date(2026, 10, 8))
    assert result["reminder"] == 1
    # (by SMS: a member who left the channel automatic is told by phone when one is known)
    assert sent == [(people["member"].phone, f"【委员工作室】到期提醒：群众诉求 {code}")]
    assert day(datetime.date(2026, 10, 8), hour=15)[1] == []  # a later scan (or a second beat) the same day

    # Friday 9 October, the due day: nothing new
    assert day(datetime.date(2026, 10, 9))[1] == []

    # Saturday 10 October, a make-up working day: overdue, the liaison officer is told
    result, sent = day(datetime.date(2026, 10, 10))
    assert result == {"reminder": 0, "escalation_liaison": 1, "escalation_reviewer": 0}
    assert sent == [("liaison@example.gov.cn", f"【委员工作室】逾期督办：群众诉求 {code}")]

    # Sunday: off
    assert day(datetime.date(2026, 10, 11))[1] == []

    # Monday 12 October, two working days past: the reviewer is told
    result, sent = day(datetime.date(2026, 10, 12))
    assert result == {"reminder": 0, "escalation_liaison": 0, "escalation_reviewer": 1}
    assert sent == [("reviewer@example.gov.cn", f"【委员工作室】逾期督办（已逾期 2 个工作日）：群众诉求 {code}")]

    # and never again
    assert day(datetime.date(2026, 10, 13))[1] == []
    assert day(datetime.date(2026, 10, 14))[1] == []
    assert sorted(Notice.objects.values_list("kind", flat=True)) == [
        NoticeKind.ESCALATION_LIAISON,
        NoticeKind.ESCALATION_REVIEWER,
        NoticeKind.REMINDER,
    ]


def test_a_second_beat_doubles_nothing(people, workstation, time_machine):
    factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)

    first = deadline_scan()
    second = deadline_scan()
    send_pending()
    send_pending()

    assert first["reminder"] == 1
    assert second["reminder"] == 0
    assert len(LocmemBackend.sent) == 1
    assert Notice.objects.count() == 1


def test_a_case_closed_before_the_scan_is_not_reminded(people, workstation, time_machine):
    factories.PetitionFactory(
        workstation=workstation,
        status="replied",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)

    assert deadline_scan()["reminder"] == 0
    assert not Notice.objects.exists()


def test_a_case_answered_between_scan_and_send_sends_nothing(people, workstation, time_machine):
    from petitions.models import Petition

    petition = factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)
    deadline_scan()
    Petition.objects.filter(pk=petition.pk).update(status="replied")

    send_pending()

    assert LocmemBackend.sent == []
    assert Notice.objects.get().recipients == 0


def test_department_deadlines_remind_the_department_and_escalate(people, workstation, time_machine):
    # given: a consultation and an assignment with deadlines on Monday 30 November 2026
    department = factories.DepartmentFactory(name="城管局", email="cgj@example.gov.cn")
    petition = factories.PetitionFactory(workstation=workstation, status="consulting")
    factories.ConsultationFactory(
        petition=petition, department=department, asked_by=people["member"], due_date=datetime.date(2026, 11, 30)
    )
    proposal = factories.ProposalFactory(workstation=workstation, author=people["member"], status="assigned")
    factories.ProposalAssignmentFactory(
        proposal=proposal,
        department=department,
        acknowledge_due=datetime.date(2026, 11, 30),
        due_date=datetime.date(2026, 12, 21),
    )

    # when: Friday 27 November, the working day before
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)
    deadline_scan()
    send_pending()

    # then: the department is reminded of both, once each
    assert sorted(subject for _r, subject in sent_to()) == [
        "【委员工作室】到期提醒：建议交办待签收：关于整治河堤广场夜间噪音的建议",
        f"【委员工作室】到期提醒：部门咨询（诉求 {petition.display_code}）",
    ]
    assert {r for r, _s in sent_to()} == {"cgj@example.gov.cn"}
    assert set(Notice.objects.values_list("subject_type", flat=True)) == {
        SubjectType.CONSULTATION,
        SubjectType.ASSIGNMENT_ACKNOWLEDGE,
    }

    # and on Tuesday 1 December both are overdue: the workstation's liaison officer is told
    LocmemBackend.sent.clear()
    time_machine.move_to(at(datetime.date(2026, 12, 1)), tick=False)
    deadline_scan()
    send_pending()
    assert [r for r, _s in sent_to()] == ["liaison@example.gov.cn", "liaison@example.gov.cn"]


def test_english_templates_are_used_when_configured(people, workstation, time_machine, settings):
    settings.NOTIFICATION_LANGUAGE = "en"
    petition = factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)

    deadline_scan()
    send_pending()

    (message,) = LocmemBackend.sent
    assert message.subject == f"[Workstation] Due soon: case {petition.display_code}"
    assert message.body.startswith(f"Your case {petition.display_code} is due on 2026-11-30.")


def test_daily_digest_once_per_member_and_department(people, workstation, time_machine):
    department = factories.DepartmentFactory(name="住建局", email="zjj@example.gov.cn")
    factories.PetitionFactory.create_batch(
        2,
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 12, 1),
    )
    factories.ConsultationFactory(department=department, due_date=datetime.date(2026, 11, 20))
    time_machine.move_to(at(datetime.date(2026, 11, 27), hour=8), tick=False)

    assert digest_daily() == 2
    assert digest_daily() == 0
    send_pending()

    by_recipient = {n.recipient: n for n in LocmemBackend.sent}
    assert set(by_recipient) == {"member@example.gov.cn", "zjj@example.gov.cn"}
    assert by_recipient["member@example.gov.cn"].subject == "【委员工作室】11月27日待办摘要：2 件在办"
    assert "待答复咨询 1 件（逾期 1 件）" in by_recipient["zjj@example.gov.cn"].body


def test_sms_gateway_failure_leaves_the_notice_for_the_sweeper(people, workstation, time_machine, settings):
    from common.notifications import FakeSmsGateway

    settings.NOTIFICATION_BACKEND = "common.notifications.GatewayBackend"
    settings.SMS_GATEWAY = "common.notifications.FakeSmsGateway"
    settings.NOTICE_SWEEP_GRACE_SECONDS = 0
    FakeSmsGateway.sent.clear()
    FakeSmsGateway.fail_next = 1
    people["member"].user.email = ""
    people["member"].user.save()
    factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )
    time_machine.move_to(at(datetime.date(2026, 11, 27)), tick=False)
    deadline_scan()

    send_pending()  # the gateway fails
    notice = Notice.objects.get()
    assert (notice.sent_at, notice.attempts, notice.last_error) == (None, 1, "SmsGatewayError: fake gateway failure")

    time_machine.move_to(at(datetime.date(2026, 11, 27), hour=11), tick=False)
    assert notice_sweep() == [notice.pk]
    send_pending()

    assert FakeSmsGateway.sent == [
        (people["member"].phone, FakeSmsGateway.sent[0][1]),
    ]
    assert FakeSmsGateway.sent[0][1].startswith("【委员工作室】到期提醒：群众诉求")
    assert Notice.objects.get().sent_at is not None


def test_the_scan_counts_days_in_beijing_time_not_utc(people, workstation, time_machine):
    # given: a case due on Monday 30 November 2026
    factories.PetitionFactory(
        workstation=workstation,
        status="assigned",
        assigned_member=people["member"],
        due_date=datetime.date(2026, 11, 30),
    )

    # 15:59 UTC on Thursday 26 November is 23:59 on Thursday in Beijing: Friday is the next
    # working day, nothing is due yet
    time_machine.move_to(datetime.datetime(2026, 11, 26, 15, 59, tzinfo=datetime.UTC), tick=False)
    assert deadline_scan()["reminder"] == 0

    # 16:01 UTC is already Friday 00:01 in Beijing: the Monday deadline is one working day away
    time_machine.move_to(datetime.datetime(2026, 11, 26, 16, 1, tzinfo=datetime.UTC), tick=False)
    assert deadline_scan()["reminder"] == 1


def test_the_deadline_reminder_reaches_the_member_by_their_channel_and_in_app(people, workstation, time_machine):
    from django.test import TestCase

    from accounts.models import StaffNotification

    # given: a case due tomorrow; the member chose e-mail on the profile page
    member = people["member"]
    member.user.contact_channel = "email"
    member.user.save()
    petition = factories.PetitionFactory(
        workstation=workstation, status="assigned", assigned_member=member, due_date=datetime.date(2026, 10, 9)
    )
    time_machine.move_to(at(datetime.date(2026, 10, 8)), tick=False)
    # when: the scan runs and the notice is sent
    with TestCase.captureOnCommitCallbacks(execute=True):
        deadline_scan()
        send_pending()
    # then: an e-mail with the case's link, and the row of the in-app list
    assert sent_to() == [("member@example.gov.cn", f"【委员工作室】到期提醒：群众诉求 {petition.display_code}")]
    assert LocmemBackend.sent[0].body.endswith(f"http://127.0.0.1:8000/cases/{petition.pk}/")
    row = StaffNotification.objects.get()
    assert (row.user, row.link, row.channel) == (member.user, f"/cases/{petition.pk}/", "email")
