"""The access log is written once: the ORM refuses to rewrite or delete a row, and on PostgreSQL
the database refuses raw UPDATE and DELETE too, except the retention purge's own DELETE."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.choices import AccessKind
from audit.models import AccessLog
from audit.services import PURGE_SETTING

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


@pytest.fixture
def row():
    return AccessLog.objects.create(kind=AccessKind.CONTACT_VIEW, actor_label="liaison", tracking_code="AAAABBBBCCCC")


def test_the_orm_refuses_to_rewrite_or_delete(row):
    row.detail = "changed"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=row.pk).update(detail="changed")
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.values_list("detail", flat=True).get(pk=row.pk) == ""


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accesslog SET tracking_code = 'ZZZZ' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_update_and_delete(row, sql):
    with pytest.raises(DatabaseError, match="audit_accesslog is append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert AccessLog.objects.values_list("tracking_code", flat=True).get(pk=row.pk) == "AAAABBBBCCCC"


def _with_purge_setting(sql, pk):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        cursor.execute(sql, [pk])


@postgres_only
def test_the_purge_setting_lets_a_delete_through_but_never_an_update(row):
    with pytest.raises(DatabaseError, match="append-only"):
        _with_purge_setting("UPDATE audit_accesslog SET detail = 'x' WHERE id = %s", row.pk)
    assert AccessLog.objects.values_list("detail", flat=True).get(pk=row.pk) == ""
    _with_purge_setting("DELETE FROM audit_accesslog WHERE id = %s", row.pk)
    assert not AccessLog.objects.filter(pk=row.pk).exists()


@postgres_only
def test_after_a_purge_raw_deletes_are_refused_again(row):
    # given a row past retention, purged inside the test's own transaction (so nested: a
    # transaction-local setting would outlive the purge if the purge did not switch it off)
    import datetime

    from django.utils import timezone

    from audit.services import access_log_purge

    old = AccessLog.objects.create(
        kind=AccessKind.LOGIN, actor_label="old", created_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert access_log_purge() == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    # then a raw DELETE is refused again
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.filter(pk=row.pk).exists()
