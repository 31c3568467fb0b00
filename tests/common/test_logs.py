"""Log lines: the request id on every record and in the X-Request-ID header; mobile numbers masked."""

import json
import logging
import re

import pytest
from django.urls import reverse

from common.logs import JsonLineFormatter, PersonalDataFilter, RequestIdFilter, mask_phones, request_id_var
from tests import factories
from tests.petitions.conftest import CONTENT


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("请联系 13812345678 谢谢", "请联系 138****5678 谢谢"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("8613812345678", "86138****5678"),
        ("138-1234-5678", "138****5678"),
        ("order 213812345678 and 1381234567", "order 213812345678 and 1381234567"),  # 12 and 10 digits
        ("12345678901", "12345678901"),  # 12x is no mobile number
    ],
)
def test_mask_phones(text, masked):
    assert mask_phones(text) == masked


def _record(msg, *args, exc_info=None, **extra):
    record = logging.LogRecord("petitions", logging.INFO, __file__, 1, msg, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_the_filter_masks_message_arguments_extras_and_exceptions():
    try:
        raise ValueError("duplicate key (citizen_phone)=(13900000001)")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = _record("sms to %s failed", "13812345678", exc_info=exc_info, phone="13700137000", count=3)

    assert PersonalDataFilter().filter(record) is True

    assert record.getMessage() == "sms to 138****5678 failed"
    assert (record.phone, record.count) == ("137****7000", 3)
    assert record.exc_text.endswith("ValueError: duplicate key (citizen_phone)=(139****0001)")


def test_json_lines_carry_the_request_id_and_are_masked():
    formatter = JsonLineFormatter(
        "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )
    record = _record("reply sent to %s", "13812345678", phone="13700137000")
    token = request_id_var.set("0123456789abcdef")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)

    line = json.loads(formatter.format(record))

    assert {k: line[k] for k in ("level", "logger", "request_id", "message", "phone")} == {
        "level": "INFO",
        "logger": "petitions",
        "request_id": "0123456789abcdef",
        "message": "reply sent to 138****5678",
        "phone": "137****7000",
    }


def test_the_configured_console_handler_filters_every_record():
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")

    assert [type(f) for f in handler.filters] == [RequestIdFilter, PersonalDataFilter]


# --- the request id -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client):
    first = client.get("/track/")
    second = client.get("/track/")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "incoming", "kept"),
    [
        (True, "nginx-5f2c9a1e7b3d4c6a", True),
        (True, "3fa85f64-5717-4562-b3fc-2c963f66afa6", True),
        (True, "short", False),
        (True, "evil\nINFO forged line", False),
        (True, "x" * 65, False),
        (False, "nginx-5f2c9a1e7b3d4c6a", False),
    ],
)
def test_an_incoming_request_id_is_kept_only_from_a_trusted_proxy_and_when_sane(
    client, settings, trusted, incoming, kept
):
    settings.REQUEST_ID_FROM_HEADER = trusted

    response = client.get("/track/", HTTP_X_REQUEST_ID=incoming)

    if kept:
        assert response["X-Request-ID"] == incoming
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_the_log_records_of_a_request_carry_its_id(client, workstation, caplog):
    category = factories.CategoryFactory(code="noise")
    caplog.set_level(logging.DEBUG)
    url = reverse("petitions:submit", kwargs={"code": workstation.code})

    # when: a bot fills the honeypot (the view logs it)
    response = client.post(url, {"category": category.pk, "content": CONTENT, "idempotency_key": "k", "website": "x"})

    # then
    logged = [r for r in caplog.records if r.getMessage() == f"intake honeypot filled at {workstation.code}"]
    assert [r.request_id for r in logged] == [response["X-Request-ID"]]
    assert request_id_var.get() == ""  # and it does not outlive the request
