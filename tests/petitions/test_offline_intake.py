import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from petitions.choices import Channel
from petitions.models import Petition
from tests import factories
from tests.petitions.conftest import CONTENT, desk_key_stored

URL = "/intake/new/"


def _key(client):
    response = client.get(URL)
    return re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
def test_liaison_records_a_phone_petition_and_prints_a_receipt(client, workstation, category, liaison_officer):
    client.force_login(liaison_officer)

    response = client.post(
        URL,
        {
            "workstation": workstation.pk,
            "channel": Channel.PHONE,
            "category": category.pk,
            "content": CONTENT,
            "citizen_name": "赵大爷",
            "citizen_phone": "13700137000",
            "citizen_address": "西流湾 2 栋",
            "consent_given": "on",
            "idempotency_key": _key(client),
        },
    )

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:offline_receipt", kwargs={"pk": petition.pk})
    assert (petition.channel, petition.recorded_by, petition.citizen_address) == (
        Channel.PHONE,
        liaison_officer,
        "西流湾 2 栋",
    )
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200
    assert "no-store" in receipt["Cache-Control"]
    assert f'<p class="tracking-code" id="tracking-code">{petition.display_code}</p>' in html
    assert "<svg" in html
    assert f"http://127.0.0.1:8000/track/{petition.tracking_code}/" in html


@pytest.mark.django_db
def test_offline_form_offers_only_own_workstations(client, workstation, other_workstation, category, member):
    client.force_login(member.user)

    response = client.post(
        URL,
        {
            "workstation": other_workstation.pk,
            "channel": Channel.RECEPTION,
            "category": category.pk,
            "content": CONTENT,
            "idempotency_key": "k",
        },
    )

    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert other_workstation.name not in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "reviewer", "office_staff", "stranger_liaison"])
@pytest.mark.django_db
def test_offline_intake_is_refused_to_others(client, workstation, category, who, request):
    if who == "stranger_liaison":
        client.force_login(factories.UserFactory(username="x", roles=[Role.LIAISON_OFFICER]))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(URL)

    expected = 302 if who == "anonymous" else 403
    assert response.status_code == expected
    assert Petition.objects.count() == 0


@pytest.mark.django_db
def test_receipt_of_another_workstation_is_404(client, other_workstation, liaison_officer):
    petition = factories.PetitionFactory(workstation=other_workstation)
    client.force_login(liaison_officer)

    assert client.get(reverse("petitions:offline_receipt", kwargs={"pk": petition.pk})).status_code == 404


def _record(client, key, category, workstation, **extra):
    data = {
        "workstation": workstation.pk,
        "channel": Channel.RECEPTION,
        "category": category.pk,
        "content": "河堤广场晚上音乐声太大了，影响高三学生休息！",
        "citizen_name": "赵大爷",
        "citizen_phone": "13700137000",
        "consent_given": "on",
        "idempotency_key": key,
        **extra,
    }
    return client.post(URL, data)


@pytest.mark.django_db
def test_the_desk_is_shown_similar_open_cases_and_can_join_one(
    client, workstation, other_workstation, category, liaison_officer
):
    # given: an open case at the officer's workstation about the same noise, one elsewhere
    case = factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    elsewhere = factories.PetitionFactory(workstation=other_workstation, category=category, content=CONTENT)
    client.force_login(liaison_officer)
    key = _key(client)

    # when: a reception visitor tells the same story
    shown = _record(client, key, category, workstation)

    # then: the officer sees the case of their workstation (with a link to it), nothing saved yet
    html = shown.content.decode()
    assert shown.status_code == 200
    assert 'id="similar-cases"' in html
    assert reverse("casework:case_detail", args=[case.pk]) in html
    assert elsewhere.display_code not in html
    assert Petition.objects.count() == 2

    # when: they join it
    response = _record(client, key, category, workstation, join=str(case.pk))

    # then: the visitor's petition is merged into the case under the officer's name, with a receipt
    joiner = Petition.objects.get(idempotency_key=desk_key_stored(key, liaison_officer))
    assert response["Location"] == reverse("petitions:offline_receipt", kwargs={"pk": joiner.pk})
    assert (joiner.status, joiner.merged_into_id, joiner.recorded_by) == ("merged", case.pk, liaison_officer)
    assert case.events.get(type="joined").actor == liaison_officer


@pytest.mark.django_db
def test_the_desk_may_go_on_with_a_new_petition_or_is_refused_a_case_elsewhere(
    client, workstation, other_workstation, category, liaison_officer
):
    factories.PetitionFactory(workstation=workstation, category=category, content=CONTENT)
    elsewhere = factories.PetitionFactory(workstation=other_workstation, category=category, content=CONTENT)
    client.force_login(liaison_officer)
    key = _key(client)

    refused = _record(client, key, category, workstation, join=str(elsewhere.pk))
    assert refused.status_code == 400
    assert "所选诉求已办结或不属于该工作室，请重新选择。" in refused.content.decode()
    assert Petition.objects.count() == 2

    response = _record(client, key, category, workstation, decision="new")
    petition = Petition.objects.get(idempotency_key=desk_key_stored(key, liaison_officer))
    assert response.status_code == 302
    assert petition.merged_into_id is None
