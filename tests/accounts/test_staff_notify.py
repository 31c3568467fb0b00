"""Telling a staff member at once: their channel (chosen or automatic), the in-app row, and quiet
hours that hold an SMS until the morning, with a frozen clock (Asia/Shanghai)."""

import datetime
import zoneinfo

import pytest
import time_machine

from accounts.choices import ContactChannel
from accounts.models import QUIET_END_DEFAULT, QUIET_START_DEFAULT, StaffNotification
from accounts.selectors import quiet_hours_end
from accounts.services import staff_notify
from common.models import PendingNotification
from common.notifications import notifications_release
from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, day=2):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


def _tell(user, **kwargs):
    values = {"subject": "新诉求待办理", "body": "有一件新诉求分派给您", "link": "/cases/7/"}
    values.update(kwargs)
    return staff_notify(user=user, **values)


@pytest.fixture
def night_owl(db):
    """A member with the default quiet hours (22:00–07:30) and a phone on their account."""
    return factories.UserFactory(
        username="owl", phone="13912345678", quiet_start=QUIET_START_DEFAULT, quiet_end=QUIET_END_DEFAULT
    )


@pytest.mark.django_db
def test_default_channel_is_sms_when_a_phone_is_known(notifications, django_capture_on_commit_callbacks):
    user = factories.UserFactory(phone="13912345678", email="m@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        row = _tell(user)
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", "13912345678")]
    assert notifications[0].body == "有一件新诉求分派给您\nhttp://127.0.0.1:8000/cases/7/"
    assert (row.channel, row.link, row.read_at) == ("sms", "/cases/7/", None)


@pytest.mark.django_db
def test_default_channel_falls_back_to_email_then_in_app(notifications, django_capture_on_commit_callbacks):
    by_mail = factories.UserFactory(email="m@example.org")
    nowhere = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _tell(by_mail)
        row = _tell(nowhere)
    assert [(n.channel, n.recipient) for n in notifications] == [("email", "m@example.org")]
    assert row.channel == "inapp"
    assert StaffNotification.objects.filter(user=nowhere).count() == 1


@pytest.mark.django_db
def test_the_phone_of_the_member_record_counts_as_known(notifications, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="m@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _tell(user, phone="13700001111")
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", "13700001111")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (ContactChannel.EMAIL, [("email", "m@example.org")]),
        (ContactChannel.INAPP, []),
        (ContactChannel.SMS, [("sms", "13912345678")]),
    ],
)
def test_the_chosen_channel_wins(choice, expected, notifications, django_capture_on_commit_callbacks):
    user = factories.UserFactory(phone="13912345678", email="m@example.org", contact_channel=choice)
    with django_capture_on_commit_callbacks(execute=True):
        row = _tell(user)
    assert [(n.channel, n.recipient) for n in notifications] == expected
    assert row.channel == choice


@pytest.mark.django_db
def test_an_inactive_user_is_told_nothing(notifications, django_capture_on_commit_callbacks):
    user = factories.UserFactory(phone="13912345678", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert _tell(user) is None
    assert notifications == []
    assert StaffNotification.objects.count() == 0


@pytest.mark.django_db
def test_an_sms_at_23_is_held_until_0730_and_sent_then(night_owl, notifications, django_capture_on_commit_callbacks):
    # given: 23:00 in Shanghai
    with time_machine.travel(at(23), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            row = _tell(night_owl)
        # then: nothing is sent tonight; the in-app row is there at once, saying when the SMS goes
        assert notifications == []
        assert row.held_until == at(7, 30, day=3)
        assert StaffNotification.objects.unread().filter(user=night_owl).count() == 1
        assert PendingNotification.objects.get().hold_until == at(7, 30, day=3)
        # a sweep in the night sends nothing
        assert notifications_release() == 0
    with time_machine.travel(at(7, 29, day=3), tick=False):
        assert notifications_release() == 0
    # when: the beat's release sweep runs at 07:30
    with time_machine.travel(at(7, 30, day=3), tick=False):
        assert notifications_release() == 1
    # then: the SMS goes out, with the case link, once
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", "13912345678")]
    assert notifications[0].body.endswith("/cases/7/")
    assert PendingNotification.objects.count() == 0
    with time_machine.travel(at(7, 31, day=3), tick=False):
        assert notifications_release() == 0
    assert len(notifications) == 1


@pytest.mark.django_db
def test_an_urgent_case_is_not_held(night_owl, notifications, django_capture_on_commit_callbacks):
    with time_machine.travel(at(23), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            row = _tell(night_owl, urgent=True)
    assert [(n.channel, n.recipient) for n in notifications] == [("sms", "13912345678")]
    assert row.held_until is None
    assert row.urgent is True


@pytest.mark.django_db
def test_email_and_in_app_are_never_held(night_owl, notifications, django_capture_on_commit_callbacks):
    night_owl.contact_channel = ContactChannel.EMAIL
    night_owl.email = "owl@example.org"
    night_owl.save()
    in_app = factories.UserFactory(
        contact_channel=ContactChannel.INAPP, quiet_start=QUIET_START_DEFAULT, quiet_end=QUIET_END_DEFAULT
    )
    with time_machine.travel(at(2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            by_mail = _tell(night_owl)
            inbox = _tell(in_app)
    assert [(n.channel, n.recipient) for n in notifications] == [("email", "owl@example.org")]
    assert by_mail.held_until is None
    assert inbox.held_until is None
    assert inbox.created_at == at(2)


@pytest.mark.django_db
def test_an_sms_outside_quiet_hours_goes_at_once(night_owl, notifications, django_capture_on_commit_callbacks):
    with time_machine.travel(at(21, 59), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _tell(night_owl)
    assert len(notifications) == 1


@pytest.mark.parametrize(
    ("start", "end", "now", "expected"),
    [
        ((22, 0), (7, 30), at(22), at(7, 30, day=3)),
        ((22, 0), (7, 30), at(0, 5), at(7, 30)),
        ((22, 0), (7, 30), at(7, 30), None),
        ((22, 0), (7, 30), at(12), None),
        ((13, 0), (14, 0), at(13, 30), at(14)),  # a nap, not across midnight
        ((13, 0), (14, 0), at(14), None),
        ((0, 0), (0, 0), at(3), None),  # equal: no quiet hours
    ],
)
def test_quiet_hours_end(start, end, now, expected):
    user = factories.UserFactory.build(quiet_start=datetime.time(*start), quiet_end=datetime.time(*end))
    assert quiet_hours_end(user, now=now) == expected
