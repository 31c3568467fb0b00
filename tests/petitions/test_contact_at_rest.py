"""A citizen's contact data at rest (PIPL art. 51): encrypted columns, the phone's lookup hash, the
rotation of keys by `manage.py pii_reencrypt`."""

import io
import re

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from common.phones import phone_lookup_hash
from departments.models import Department
from petitions.models import Petition
from petitions.services import IntakeData, petition_submit
from tests import factories

pytestmark = pytest.mark.django_db
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _stored(pk: int) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT citizen_name, citizen_phone, citizen_address, citizen_phone_hash FROM petitions_petition"
            " WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def _secret_stored(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT webhook_secret FROM departments_department WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_submitted_petition_shows_no_readable_contact_data_in_the_table(workstation):
    # given: a citizen who typed their phone the way people do
    category = factories.CategoryFactory()
    data = IntakeData(
        content="河堤广场晚上九点半以后音乐声太大，影响学生休息。",
        category=category,
        citizen_name="王小明",
        citizen_phone="+86 138-1234-5678",
        citizen_address="资阳区西流湾 8 号",
        consent_given=True,
    )

    # when
    petition = petition_submit(workstation=workstation, data=data).petition

    # then: the table holds tokens and a hash, no run of the phone's digits and no name (a token
    # is base64, so a few digits in a row happen by chance; eight do not)
    name, phone, address, phone_hash = _stored(petition.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_phone FROM petitions_petition")
        assert [re.findall(r"\d{8,}|1381234|2345678", value) for (value,) in cursor.fetchall()] == [[]]
    assert "王小明" not in name
    assert "西流湾" not in address
    assert [name[:6], phone[:6], address[:6]] == ["gAAAAA"] * 3
    assert phone_hash == phone_lookup_hash("13812345678")
    # and the application reads them back as they were given (the phone normalised)
    fresh = Petition.objects.get(pk=petition.pk)
    assert (fresh.citizen_name, fresh.citizen_phone, fresh.citizen_address) == (
        "王小明",
        "13812345678",
        "资阳区西流湾 8 号",
    )


def test_the_lookup_hash_is_the_same_however_the_phone_was_typed():
    assert phone_lookup_hash("138 1234 5678") == phone_lookup_hash("+8613812345678")
    assert phone_lookup_hash("１３８１２３４５６７８") == phone_lookup_hash("0086-138-1234-5678")
    assert phone_lookup_hash("13812345678") != phone_lookup_hash("13812345679")
    assert phone_lookup_hash("") == ""


def test_no_contact_data_still_satisfies_the_constraints_and_stores_empty_strings(workstation):
    petition = factories.PetitionFactory(
        workstation=workstation, is_anonymous=True, citizen_name="", citizen_phone="", consent_given=False
    )

    assert _stored(petition.pk) == ("", "", "", "")
    assert list(Petition.objects.filter(citizen_phone="").values_list("pk", flat=True)) == [petition.pk]


def test_an_anonymous_petition_with_a_phone_is_still_refused_by_the_database(workstation):
    with pytest.raises(IntegrityError, match="petition_anonymous_has_no_contact"):
        factories.PetitionFactory(workstation=workstation, is_anonymous=True, citizen_phone="13800138000")


def test_a_phone_without_its_hash_is_refused_by_the_database(workstation):
    petition = factories.PetitionFactory(workstation=workstation)

    with pytest.raises(IntegrityError, match="petition_phone_has_hash"):
        Petition.objects.filter(pk=petition.pk).update(citizen_phone_hash="")


def test_comparing_an_encrypted_column_with_a_value_is_an_error_not_an_empty_answer(workstation):
    factories.PetitionFactory(workstation=workstation, citizen_phone="13800138000")

    with pytest.raises(FieldError, match=r"Petition\.citizen_phone is encrypted"):
        list(Petition.objects.filter(citizen_phone="13800138000"))
    with pytest.raises(FieldError):
        list(Petition.objects.filter(citizen_phone__contains="138"))
    assert list(Petition.objects.filter(citizen_phone_hash=phone_lookup_hash("138 0013 8000"))) == list(
        Petition.objects.all()
    )


def test_the_webhook_secret_is_encrypted_at_rest_and_read_back(db):
    department = factories.DepartmentFactory()
    secret = Department.objects.get(pk=department.pk).webhook_secret

    stored = _secret_stored(department.pk)
    assert stored.startswith("gAAAAA")
    assert secret not in stored
    assert secret == department.webhook_secret
    assert len(secret) == 43  # the default generator's token_urlsafe(32), unchanged


def test_rotation_old_key_still_reads_the_command_moves_every_row_then_the_new_key_alone_reads_all(
    settings, workstation
):
    # given: rows written under key A
    settings.PII_ENCRYPTION_KEYS = [KEY_A]
    petitions = [
        factories.PetitionFactory(workstation=workstation, citizen_phone=f"1380013800{i}", citizen_address="西流湾")
        for i in range(3)
    ]
    anonymous = factories.PetitionFactory(
        workstation=workstation, is_anonymous=True, citizen_name="", citizen_phone="", consent_given=False
    )
    department = factories.DepartmentFactory()
    secret = department.webhook_secret
    before = {p.pk: _stored(p.pk) for p in petitions}

    # when: B is put first, A kept for reading
    settings.PII_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    # then: rows under A are still readable
    assert sorted(Petition.objects.exclude(pk=anonymous.pk).values_list("citizen_phone", flat=True)) == [
        "13800138000",
        "13800138001",
        "13800138002",
    ]

    # when: the command moves every row to B
    out = io.StringIO()
    call_command("pii_reencrypt", "--batch-size", "2", stdout=out)

    # then: it says what it did, and every token changed while every hash stayed
    assert "petitions.Petition: 4 rows, 3 re-encrypted, 0 rehashed" in out.getvalue()
    assert "departments.Department: 1 rows, 1 re-encrypted, 0 rehashed" in out.getvalue()
    after = {p.pk: _stored(p.pk) for p in petitions}
    for pk in before:
        assert after[pk][:3] != before[pk][:3]
        assert after[pk][3] == before[pk][3]
    assert _stored(anonymous.pk) == ("", "", "", "")

    # when: A is dropped
    settings.PII_ENCRYPTION_KEYS = [KEY_B]

    # then: B alone reads every row
    rows = Petition.objects.exclude(pk=anonymous.pk).order_by("citizen_phone_hash")
    assert sorted((p.citizen_name, p.citizen_phone, p.citizen_address) for p in rows) == [
        ("张三", "13800138000", "西流湾"),
        ("张三", "13800138001", "西流湾"),
        ("张三", "13800138002", "西流湾"),
    ]
    assert Department.objects.get(pk=department.pk).webhook_secret == secret

    # and a second run finds nothing to do
    out = io.StringIO()
    call_command("pii_reencrypt", stdout=out)
    assert "petitions.Petition: 4 rows, 0 re-encrypted, 0 rehashed" in out.getvalue()
    assert {p.pk: _stored(p.pk) for p in petitions} == after


def test_a_row_under_a_dropped_key_is_an_error_not_empty_contact_data(settings, workstation):
    settings.PII_ENCRYPTION_KEYS = [KEY_A]
    petition = factories.PetitionFactory(workstation=workstation)
    settings.PII_ENCRYPTION_KEYS = [KEY_B]

    with pytest.raises(ImproperlyConfigured, match=r"Petition\.citizen_name: a stored value cannot be decrypted"):
        Petition.objects.get(pk=petition.pk)
    with pytest.raises(CommandError, match="opens under none of PII_ENCRYPTION_KEYS"):
        call_command("pii_reencrypt", stdout=io.StringIO())


def test_a_new_hash_key_is_applied_by_the_command_and_lookups_follow_it(settings, workstation):
    # given: a petition hashed under the old hash key
    settings.PII_HASH_KEY = "old-hash-key"
    petition = factories.PetitionFactory(workstation=workstation, citizen_phone="13800138000")
    old_hash = _stored(petition.pk)[3]

    # when: the hash key changes and the command runs
    settings.PII_HASH_KEY = "new-hash-key"
    out = io.StringIO()
    call_command("pii_reencrypt", stdout=out)

    # then: the stored hash is the new key's, and a lookup by the new hash finds the petition
    assert "petitions.Petition: 1 rows, 0 re-encrypted, 1 rehashed" in out.getvalue()
    assert _stored(petition.pk)[3] == phone_lookup_hash("13800138000") != old_hash
    assert list(Petition.objects.filter(citizen_phone_hash=phone_lookup_hash("13800138000"))) == [petition]


def test_anonymising_clears_every_contact_field_including_the_hash(workstation):
    # given
    petition = factories.PetitionFactory(workstation=workstation, citizen_address="西流湾")

    # when: a writer forgets the hash, the database refuses; with Petition.CONTACT_FIELDS it does not
    with pytest.raises(IntegrityError, match="petition_phone_has_hash"), transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(**dict.fromkeys(Petition.CONTACT_VALUE_FIELDS, ""))
    Petition.objects.filter(pk=petition.pk).update(**dict.fromkeys(Petition.CONTACT_FIELDS, ""))

    # then: nothing in the row links it to the citizen or their phone
    assert Petition.CONTACT_FIELDS == ("citizen_name", "citizen_phone", "citizen_address", "citizen_phone_hash")
    assert _stored(petition.pk) == ("", "", "", "")
