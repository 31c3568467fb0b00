"""The migrations that encrypt contact data and webhook secrets already in the database, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common.phones import phone_lookup_hash
from departments.models import Department
from petitions.models import Petition

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("petitions", "0008_idempotency_scoped_with_fingerprint"), ("departments", "0002_webhook_secret_grace")]


def _latest():
    """The newest migration of every app (the models the test reads are today's), which includes
    the encryption ones (0011 and 0004); later tests of this process need the schema complete,
    and going back to BEFORE also unapplies the migrations of other apps that depend on those
    (proposals' since its department queue index and its CPPCC body column)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_existing_rows_are_encrypted_and_hashed_and_the_migration_reverses(workstation):
    # given: rows written before encryption, with plain contact data
    old = _migrate(BEFORE)
    try:
        old_petition = old.get_model("petitions", "Petition").objects.create(
            workstation_id=workstation.pk,
            content="河堤广场晚上音乐声太大。",
            citizen_name="王小明",
            citizen_phone="13812345678",
            citizen_address="西流湾 8 号",
            consent_given=True,
        )
        anonymous = old.get_model("petitions", "Petition").objects.create(
            workstation_id=workstation.pk, content="路灯坏了很久了。", is_anonymous=True
        )
        old_department = old.get_model("departments", "Department").objects.create(
            name="城管局", webhook_secret="plain-webhook-secret"
        )

        # when: migrating forward
        _migrate(_latest())

        # then: no readable value is left in the tables, and the application reads them all
        assert _raw("SELECT citizen_phone FROM petitions_petition WHERE citizen_phone LIKE %s", ["%1381234%"]) == []
        name, phone, address, phone_hash = _raw(
            "SELECT citizen_name, citizen_phone, citizen_address, citizen_phone_hash FROM petitions_petition"
            " WHERE id = %s",
            [old_petition.pk],
        )[0]
        assert [name[:6], phone[:6], address[:6]] == ["gAAAAA"] * 3
        assert phone_hash == phone_lookup_hash("13812345678")
        assert _raw(
            "SELECT citizen_name, citizen_phone, citizen_address, citizen_phone_hash FROM petitions_petition"
            " WHERE id = %s",
            [anonymous.pk],
        ) == [("", "", "", "")]
        petition = Petition.objects.get(pk=old_petition.pk)
        assert (petition.citizen_name, petition.citizen_phone, petition.citizen_address) == (
            "王小明",
            "13812345678",
            "西流湾 8 号",
        )
        assert _raw("SELECT webhook_secret FROM departments_department")[0][0].startswith("gAAAAA")
        assert Department.objects.get(pk=old_department.pk).webhook_secret == "plain-webhook-secret"

        # when: migrating back
        _migrate(BEFORE)

        # then: the plain values are back
        assert _raw(
            "SELECT citizen_name, citizen_phone, citizen_address FROM petitions_petition WHERE id = %s",
            [old_petition.pk],
        ) == [("王小明", "13812345678", "西流湾 8 号")]
        assert _raw("SELECT webhook_secret FROM departments_department") == [("plain-webhook-secret",)]
    finally:
        _migrate(_latest())
