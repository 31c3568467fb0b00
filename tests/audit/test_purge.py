"""The access log keeps AUDIT_RETENTION_MONTHS (at least six) and the beat job purges what is older."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from audit.checks import retention_at_least_six_months
from audit.choices import AccessKind
from audit.models import AccessLog
from audit.services import access_log_purge
from audit.tasks import access_log_purge as access_log_purge_task

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 9, 15, 3, 11, tzinfo=TZ)


def _at(when, label):
    return AccessLog.objects.create(kind=AccessKind.CONTACT_VIEW, actor_label=label, created_at=when)


@pytest.fixture
def rows():
    return {
        "seven months": _at(datetime.datetime(2026, 2, 15, 3, 11, tzinfo=TZ), "a"),
        "just past six months": _at(datetime.datetime(2026, 3, 15, 3, 10, tzinfo=TZ), "b"),
        "exactly six months": _at(datetime.datetime(2026, 3, 15, 3, 11, tzinfo=TZ), "c"),
        "five months": _at(datetime.datetime(2026, 4, 15, 12, 0, tzinfo=TZ), "d"),
    }


def _labels():
    return sorted(AccessLog.objects.exclude(kind=AccessKind.PURGED).values_list("actor_label", flat=True))


@time_machine.travel(NOW, tick=False)
def test_rows_older_than_six_months_go_and_the_purge_is_recorded(rows):
    # when beat runs the purge on 2026-09-15
    deleted = access_log_purge_task()
    # then the two rows older than 2026-03-15 03:11 are gone, the rest stay
    assert deleted == 2
    assert _labels() == ["c", "d"]
    purged = AccessLog.objects.get(kind=AccessKind.PURGED)
    assert (purged.row_count, purged.created_at, purged.detail) == (2, NOW, "before 2026-03-14 19:11")


@time_machine.travel(NOW, tick=False)
def test_the_purge_is_idempotent(rows):
    access_log_purge()
    # when it runs again
    assert access_log_purge() == 0
    # then nothing more goes, and no second purge row is written
    assert _labels() == ["c", "d"]
    assert AccessLog.objects.filter(kind=AccessKind.PURGED).count() == 1


@time_machine.travel(NOW, tick=False)
def test_batches_take_everything(rows):
    assert access_log_purge(batch_size=1) == 2
    assert _labels() == ["c", "d"]


@time_machine.travel(NOW, tick=False)
def test_a_longer_retention_keeps_more(rows, settings):
    settings.AUDIT_RETENTION_MONTHS = 7
    assert access_log_purge() == 0
    assert _labels() == ["a", "b", "c", "d"]


@time_machine.travel(NOW, tick=False)
def test_less_than_six_months_is_refused_and_nothing_is_deleted(rows, settings):
    settings.AUDIT_RETENTION_MONTHS = 5
    with pytest.raises(ImproperlyConfigured, match="at least 6"):
        access_log_purge()
    assert _labels() == ["a", "b", "c", "d"]
    assert not AccessLog.objects.filter(kind=AccessKind.PURGED).exists()


def test_the_system_check_refuses_less_than_six_months(settings):
    settings.AUDIT_RETENTION_MONTHS = 3
    errors = retention_at_least_six_months(None)
    assert [error.id for error in errors] == ["audit.E001"]
    with pytest.raises(SystemCheckError, match=r"audit\.E001"):
        call_command("check")


def test_the_system_check_accepts_six_months(settings):
    settings.AUDIT_RETENTION_MONTHS = 6
    assert retention_at_least_six_months(None) == []


def test_the_purge_is_on_the_beat_schedule():
    from config.beat import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["audit.access_log_purge"]["task"] == "audit.access_log_purge"
