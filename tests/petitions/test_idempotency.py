"""Idempotency keys on the API and the citizen's form (IETF httpapi Idempotency-Key draft): bound
to the endpoint, the caller and the request's content; never an answer across callers; throttled
like a submission; forgotten after 24 hours."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition, PetitionEvent
from tests.petitions.conftest import CONTENT

URL = "/api/v1/petitions/"
OTHER_CONTENT = "小区门口的路灯坏了一个多月，晚上很黑"
KEY_REUSED = {
    "fields": {},
    "detail": "这个幂等键（Idempotency-Key）已用于内容不同的另一次提交，本次未予受理。请为新的诉求使用新的幂等键。",
    "code": "idempotency_key_reused",
}
FORM_KEY_REUSED = "这份表单已经提交过，这次的内容与上次不同，未予受理。如要反映新的问题，请核对后再次提交。"


def _body(ws, cat, **overrides):
    body = {
        "workstation": ws.code,
        "category": cat.code,
        "content": CONTENT,
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": True,
    }
    body.update(overrides)
    return body


def _api(client, body, key="abc", address="192.0.2.10"):
    return client.post(URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, REMOTE_ADDR=address)


def _age(petition_pk, hours):
    Petition.objects.filter(pk=petition_pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))


# --- the API --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_same_request_again_gets_the_same_answer(client, workstation, category):
    first = _api(client, _body(workstation, category))

    again = _api(client, _body(workstation, category))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.json()["tracking_code"] == Petition.objects.get().tracking_code
    assert again["Idempotent-Replayed"] == "true"
    assert PetitionEvent.objects.count() == 1 + 1  # submitted, queued: once


@pytest.mark.django_db
def test_api_same_request_differing_only_in_what_the_rules_normalise_is_the_same(client, workstation, category):
    first = _api(client, _body(workstation, category))

    again = _api(client, _body(workstation, category, citizen_phone="138 0013 8000", unknown_field="x"))

    assert again.status_code == 201
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_api_same_key_with_another_body_is_422_and_saves_nothing(
    client, workstation, category, django_capture_on_commit_callbacks
):
    # given
    first = _api(client, _body(workstation, category))
    petition = Petition.objects.get()

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        response = _api(client, _body(workstation, category, content=OTHER_CONTENT))

    # then: refused with a code, nothing saved or queued, and the first case's code not given away
    assert response.status_code == 422
    assert response.json() == KEY_REUSED
    assert first.json()["tracking_code"] not in response.content.decode()
    assert list(Petition.objects.values_list("pk", "content")) == [(petition.pk, CONTENT)]
    assert PetitionEvent.objects.count() == 2
    assert callbacks == []


@pytest.mark.django_db
def test_api_same_key_from_another_address_is_another_key(client, workstation, category):
    # given: a citizen's submission under key "abc"
    first = _api(client, _body(workstation, category), address="192.0.2.10")

    # when: someone else sends the same key, with no body of note, or with the same body
    bodyless = _api(client, {}, address="198.51.100.7")
    same_body = _api(client, _body(workstation, category), address="198.51.100.7")

    # then: never the first caller's tracking code; the second is a petition of its own
    assert bodyless.status_code == 400
    assert first.json()["tracking_code"] not in bodyless.content.decode()
    assert same_body.status_code == 201
    assert same_body.has_header("Idempotent-Replayed") is False
    assert same_body.json()["tracking_code"] != first.json()["tracking_code"]
    assert Petition.objects.count() == 2


@pytest.mark.django_db
def test_api_key_with_a_missing_body_is_400_as_usual(client, workstation, category):
    _api(client, _body(workstation, category))

    response = client.post(
        URL, "", content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc", REMOTE_ADDR="192.0.2.10"
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"workstation", "category", "content"}
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_api_replay_is_throttled_like_a_submission(client, workstation, category, settings):
    # given: an address that has spent its budget on one submission
    settings.INTAKE_RATE_PER_IP = "1/h"
    first = _api(client, _body(workstation, category))

    # when: it sends the same request again
    again = _api(client, _body(workstation, category))

    # then: throttled before the key is looked up; the code is not in the answer
    assert (first.status_code, again.status_code) == (201, 429)
    assert first.json()["tracking_code"] not in again.content.decode()
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_api_replay_after_24_hours_is_a_new_submission(client, workstation, category):
    # given: a petition made under the key 24 hours and a minute ago
    first = _api(client, _body(workstation, category))
    _age(Petition.objects.get().pk, hours=24.02)

    # when
    again = _api(client, _body(workstation, category))

    # then: the key was forgotten: a new petition, which now holds it
    assert again.status_code == 201
    assert again.has_header("Idempotent-Replayed") is False
    assert again.json()["tracking_code"] != first.json()["tracking_code"]
    assert Petition.objects.count() == 2
    assert Petition.objects.filter(idempotency_key__isnull=False).get().tracking_code == again.json()["tracking_code"]


@pytest.mark.django_db
def test_api_replay_just_within_24_hours_is_still_the_same_answer(client, workstation, category):
    first = _api(client, _body(workstation, category))
    _age(Petition.objects.get().pk, hours=23.98)

    again = _api(client, _body(workstation, category))

    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_api_stores_neither_the_key_nor_the_address(client, workstation, category):
    _api(client, _body(workstation, category), key="my-very-own-key")

    petition = Petition.objects.get()

    assert re.fullmatch(r"[0-9a-f]{64}", petition.idempotency_key)
    assert re.fullmatch(r"[0-9a-f]{64}", petition.idempotency_fingerprint)
    assert "my-very-own-key" not in petition.idempotency_key


@pytest.mark.django_db(transaction=True)
def test_api_a_key_costs_one_lookup_query_and_nothing_else(client, workstation, category):
    # given: the per-process caches are warm (workstation, categories, calendar, duty)
    _api(client, _body(workstation, category), key="warm-up")

    # when: one submission without a key, one with
    with CaptureQueriesContext(connection) as without_key:
        client.post(URL, _body(workstation, category, content=OTHER_CONTENT), content_type="application/json")
    with CaptureQueriesContext(connection) as with_key:
        response = _api(client, _body(workstation, category, content=OTHER_CONTENT + "。"), key="second")

    # then: the key adds its lookup and nothing more; the petition is still one insert
    assert response.status_code == 201
    sql = [q["sql"] for q in with_key]
    assert len(sql) == len(without_key) + 1, sql
    assert sum(s.startswith("SELECT id, content, 1, idempotency_fingerprint") for s in sql) == 1
    assert sum(s.startswith('WITH parent AS (INSERT INTO "petitions_petition"') for s in sql) == 1


# --- the citizen's form ---------------------------------------------------------------------------


def _form_key(client, workstation):
    response = client.get(reverse("petitions:submit", kwargs={"code": workstation.code}))
    return re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode()).group(1)


def _form_post(client, workstation, key, category, address="192.0.2.10", **overrides):
    data = {
        "category": category.pk,
        "content": CONTENT,
        "citizen_name": "王小明",
        "citizen_phone": "13800138000",
        "consent_given": "on",
        "idempotency_key": key,
        "decision": "new",
        **overrides,
    }
    return client.post(reverse("petitions:submit", kwargs={"code": workstation.code}), data, REMOTE_ADDR=address)


def _shown_code(client, response):
    done = client.get(response["Location"])
    return re.search(r'id="tracking-code">([^<]+)<', done.content.decode()).group(1)


@pytest.mark.django_db
def test_form_same_key_with_other_content_is_422_saves_nothing_and_offers_a_fresh_key(
    client, workstation, category, django_capture_on_commit_callbacks
):
    # given: the citizen submitted, went back and changed the text
    key = _form_key(client, workstation)
    assert _form_post(client, workstation, key, category).status_code == 302
    petition = Petition.objects.get()

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        response = _form_post(client, workstation, key, category, content=OTHER_CONTENT)

    # then
    html = response.content.decode()
    assert response.status_code == 422
    assert FORM_KEY_REUSED in html
    assert petition.tracking_code not in html
    assert petition.display_code not in html
    fresh = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    assert fresh != key
    assert len(fresh) == 32
    assert list(Petition.objects.values_list("pk", "content")) == [(petition.pk, CONTENT)]
    assert callbacks == []

    # and sending the form again with the fresh key is a new petition
    assert _form_post(client, workstation, fresh, category, content=OTHER_CONTENT).status_code == 302
    assert Petition.objects.count() == 2


@pytest.mark.django_db
def test_form_same_key_from_another_address_is_another_petition(client, workstation, category):
    # given: a key someone else used
    key = _form_key(client, workstation)
    first = _form_post(client, workstation, key, category, address="192.0.2.10")
    first_code = _shown_code(client, first)

    # when: another address posts the same key and the same content
    other = _form_post(client, workstation, key, category, address="198.51.100.7")

    # then: its own petition and its own code, not the first one's
    assert other.status_code == 302
    assert _shown_code(client, other) != first_code
    assert Petition.objects.count() == 2


@pytest.mark.django_db
def test_form_double_tap_shows_the_same_tracking_code(client, workstation, category):
    key = _form_key(client, workstation)
    first = _form_post(client, workstation, key, category)
    first_code = _shown_code(client, first)

    again = _form_post(client, workstation, key, category)

    assert again.status_code == 302
    assert _shown_code(client, again) == first_code
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_form_replay_is_throttled_like_a_submission(client, workstation, category, settings):
    settings.INTAKE_RATE_PER_IP = "1/h"
    key = _form_key(client, workstation)
    assert _form_post(client, workstation, key, category).status_code == 302
    client.cookies.clear()  # the confirmation cookie would show the code; a replaying bot has none

    again = _form_post(client, workstation, key, category)

    assert again.status_code == 429
    assert "提交过于频繁，请稍后再试。" in again.content.decode()
    assert Petition.objects.get().tracking_code not in again.content.decode()
    assert "intake_done" not in again.cookies


@pytest.mark.django_db
def test_form_replay_after_24_hours_is_a_new_petition(client, workstation, category):
    key = _form_key(client, workstation)
    first = _form_post(client, workstation, key, category)
    first_code = _shown_code(client, first)
    _age(Petition.objects.get().pk, hours=25)

    again = _form_post(client, workstation, key, category)

    assert again.status_code == 302
    assert _shown_code(client, again) != first_code
    assert Petition.objects.count() == 2


# --- the intake desk ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_desk_same_key_with_other_content_is_422_and_saves_nothing(client, workstation, category, liaison_officer):
    # given: a petition recorded at the desk
    client.force_login(liaison_officer)
    page = client.get("/intake/new/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    data = {
        "workstation": workstation.pk,
        "channel": "phone",
        "category": category.pk,
        "content": CONTENT,
        "idempotency_key": key,
        "decision": "new",
    }
    assert client.post("/intake/new/", data).status_code == 302

    # when: the same form comes back with other content
    response = client.post("/intake/new/", {**data, "content": OTHER_CONTENT})

    # then
    assert response.status_code == 422
    message = "这份表单已经提交过，这次的内容与上次不同，未予受理。如要记录新的诉求，请核对后再次提交。"
    assert message in response.content.decode()
    assert list(Petition.objects.values_list("content", flat=True)) == [CONTENT]
