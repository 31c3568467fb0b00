"""Reminder tasks: sent once, whatever the number of beats or retries."""

import datetime
import threading
import time

import pytest
from django.db import connection

from config.beat import BEAT_SCHEDULE
from config.celery_app import app as celery_app
from members import services, tasks
from members.choices import DutyKind, Slot
from members.models import DutyReminder, UncoveredSlotsReminder
from tests import factories
from tests.members.conftest import MARCH, make_member

MONDAY = datetime.date(2027, 3, 1)


def test_both_reminders_are_on_the_beat_schedule():
    assert BEAT_SCHEDULE["members.remind_duties"]["task"] == "members.remind_duties"
    assert BEAT_SCHEDULE["members.remind_uncovered_slots"]["task"] == "members.remind_uncovered_slots"
    assert BEAT_SCHEDULE["members.remind_uncovered_slots"]["schedule"].day_of_month == {20}


@pytest.fixture
def published_march(liaison_officer, workstation, member):
    duty = services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=member, date=MONDAY, slot=Slot.MORNING
    )
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    services.roster_publish(actor=liaison_officer, workstation=workstation, month=MARCH, confirm_uncovered=True)
    return duty


@pytest.mark.django_db
def test_a_member_is_reminded_two_days_before_and_only_once(published_march, member, notifications, settings):
    settings.ROSTER_REMINDER_DAYS_BEFORE = 2

    # when: beat runs on 27 February (the duty and the month start on 1 March), then again
    first = tasks.remind_duties("2027-02-27")
    second = tasks.remind_duties("2027-02-27")

    # then: one message for the slot and one for the month, no more
    assert first == {"sent": 2, "already_sent": 0}
    assert second == {"sent": 0, "already_sent": 2}
    assert [(n.recipient, n.subject) for n in notifications] == [(member.phone, "值班提醒")] * 2
    assert sorted(n.body for n in notifications) == sorted(
        [
            f"{member.name}委员您好：2027年03月由您负责西流湾社区委员工作室的值班，地址：益阳市赫山区某社区居委会二楼。",
            f"{member.name}委员您好：03月01日上午请到西流湾社区委员工作室值班接待群众，地址：益阳市赫山区某社区居委会二楼。",
        ]
    )
    assert DutyReminder.objects.count() == 2


@pytest.mark.django_db
def test_no_reminder_for_a_draft_roster_or_another_day(liaison_officer, workstation, member, notifications):
    services.duty_add(
        actor=liaison_officer, workstation=workstation, month=MARCH, member=member, date=MONDAY, slot=Slot.MORNING
    )

    assert tasks.remind_duties("2027-02-27") == {"sent": 0, "already_sent": 0}
    assert notifications == []


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_send_one_reminder(published_march, notifications):
    # given: two workers running the same reminder sweep at the same moment
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(services.duty_reminders_send(today=datetime.date(2027, 2, 27)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: each reminder went out exactly once between them
    assert sum(r["sent"] for r in results) == 2
    assert sum(r["already_sent"] for r in results) == 2
    assert len(notifications) == 2
    assert DutyReminder.objects.count() == 2


@pytest.mark.django_db
def test_officers_hear_on_the_20th_about_next_months_gaps_once(
    liaison_officer, workstation, member, notifications, first_monday_rule
):
    # given: March at Xiliuwan has a month lead but its first-Monday reception is uncovered
    liaison_officer.phone = "13900001111"
    liaison_officer.save()
    services.duty_add(actor=liaison_officer, workstation=workstation, month=MARCH, member=member, kind=DutyKind.MONTH)
    covered = factories.WorkstationFactory(code="covered", name="已排满工作室", liaison_officers=[liaison_officer])
    zhang = make_member(covered, "zhang")
    services.duty_add(actor=liaison_officer, workstation=covered, month=MARCH, member=zhang, kind=DutyKind.MONTH)
    services.roster_publish(actor=liaison_officer, workstation=covered, month=MARCH)

    # when: beat runs on 20 February, twice
    first = tasks.remind_uncovered_slots("2027-02-20")
    second = tasks.remind_uncovered_slots("2027-02-20")

    # then: one message naming the gap and the unpublished roster; the covered workstation is not in it
    assert (first, second) == ({"sent": 1, "already_sent": 0}, {"sent": 0, "already_sent": 1})
    assert [(n.recipient, n.subject, n.body) for n in notifications] == [
        (
            "13900001111",
            "下月值班表缺岗提醒",
            "2027年03月值班表待完善：\n西流湾社区委员工作室：1 处未安排（03-01 上午），尚未发布",
        )
    ]
    assert UncoveredSlotsReminder.objects.get().uncovered == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_beat_task_by_its_name(published_march, celery_worker_process):
    # given: a worker process on the test broker
    # when: beat's entry is sent by name, as beat does
    celery_app.send_task(BEAT_SCHEDULE["members.remind_duties"]["task"], args=["2027-02-27"])

    # then: the worker sends the two reminders of 1 March
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and DutyReminder.objects.count() < 2:
        time.sleep(0.2)
    assert sorted(DutyReminder.objects.values_list("duty__kind", flat=True)) == [DutyKind.MONTH, DutyKind.SLOT]
