"""An error while a petition is taken: the admins' error report names no citizen."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.petitions.conftest import CONTENT

PHONE = "13812345678"
NAME = "欧阳小明"
ADDRESS = "西流湾 2 栋 301"


def _boom(**kwargs):
    raise RuntimeError("the database went away")


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops", "ops@example.gov.cn")]
    settings.DEBUG = False


@pytest.mark.django_db
def test_the_error_report_of_a_failed_submission_masks_the_contact_fields(admins, workstation, monkeypatch):
    # given: a submission that fails inside the service
    from petitions.views import public
    from tests import factories

    category = factories.CategoryFactory(code="noise")
    monkeypatch.setattr(public, "petition_submit", _boom)
    client = Client(raise_request_exception=False)
    url = reverse("petitions:submit", kwargs={"code": workstation.code})
    data = {
        "category": category.pk,
        "content": CONTENT,
        "citizen_name": NAME,
        "citizen_phone": PHONE,
        "consent_given": "on",
        "idempotency_key": "k" * 32,
        "decision": "new",
    }

    # when
    response = client.post(url, data)

    # then: the admins hear of it, with the form's other fields, but not who the citizen is
    assert response.status_code == 500
    (report,) = mail.outbox
    text = report.body + "".join(content for content, _type in getattr(report, "alternatives", []))
    assert "RuntimeError" in text
    assert "citizen_phone" in text
    assert PHONE not in text
    assert NAME not in text


@pytest.mark.django_db
def test_the_error_report_of_a_failed_desk_record_masks_the_contact_fields(
    admins, workstation, liaison_officer, monkeypatch
):
    from petitions.views import offline
    from tests import factories

    category = factories.CategoryFactory(code="noise")
    monkeypatch.setattr(offline, "petition_record_offline", _boom)
    client = Client(raise_request_exception=False)
    client.force_login(liaison_officer)
    data = {
        "workstation": workstation.pk,
        "channel": "phone",
        "category": category.pk,
        "content": CONTENT,
        "citizen_name": NAME,
        "citizen_phone": PHONE,
        "citizen_address": ADDRESS,
        "consent_given": "on",
        "idempotency_key": "k" * 32,
        "decision": "new",
    }

    response = client.post("/intake/new/", data)

    assert response.status_code == 500
    (report,) = mail.outbox
    text = report.body + "".join(content for content, _type in getattr(report, "alternatives", []))
    assert "citizen_address" in text
    for secret in (PHONE, NAME, ADDRESS):
        assert secret not in text
