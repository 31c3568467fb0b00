"""The public API: workstations with who is on duty today, categories, rating a closed case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.choices import DutyKind
from petitions.models import PetitionEvent
from tests import factories
from tests.api_areas.conftest import ROLES, assert_error_body

pytestmark = pytest.mark.django_db


def _on_duty_today(workstation, name="李值班", sector="经济界"):
    member = factories.MemberFactory(user__full_name=name, sector__name=sector, phone="13912345678")
    member.workstations.add(workstation)
    roster = factories.DutyRosterFactory(workstation=workstation, month=timezone.localdate().replace(day=1))
    factories.DutyAssignmentFactory(roster=roster, member=member, kind=DutyKind.SLOT, date=timezone.localdate())
    return member


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_workstations_with_who_is_on_duty_by_name_and_sector_only(call, cast, role):
    _on_duty_today(cast.workstation)

    response = call(role, "get", reverse("api:workstation-detail", kwargs={"code": cast.workstation.code}))

    assert response.status_code == 200
    body = response.json()
    assert body["reception_hours"] == "每月第一个星期一上午"
    assert body["on_duty_today"] == [{"name": "李值班", "sector": "经济界", "slot": "上午"}]
    assert "13912345678" not in response.content.decode()


def test_an_unknown_or_inactive_workstation_is_404(call, cast):
    cast.other_workstation.is_active = False
    cast.other_workstation.save()

    assert_error_body(call("anonymous", "get", reverse("api:workstation-detail", kwargs={"code": "nowhere"})), 404)
    inactive = call("anonymous", "get", reverse("api:workstation-detail", kwargs={"code": cast.other_workstation.code}))
    assert_error_body(inactive, 404)


@pytest.mark.parametrize("count", [2, 20])
def test_the_workstation_list_costs_the_same_queries_for_2_and_20(client, count):
    for _ in range(count):
        _on_duty_today(factories.WorkstationFactory())

    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("api:workstation-list"))

    assert len(response.json()) == count
    assert all(len(row["on_duty_today"]) == 1 for row in response.json())
    assert len(context.captured_queries) == 2


def test_the_public_list_is_throttled_per_address(client, db, monkeypatch):
    from common.api import ScopedThrottle

    monkeypatch.setattr(ScopedThrottle, "THROTTLE_RATES", {"public": "2/m"})

    responses = [client.get(reverse("api:category-list")) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 429]
    assert_error_body(responses[-1], 429, "throttled")
    assert int(responses[-1]["Retry-After"]) > 0


def test_categories_are_the_active_ones(client, db):
    factories.CategoryFactory(name="噪音扰民", code="noise", sort_order=1)
    factories.CategoryFactory(name="道路", code="road", sort_order=2)
    factories.CategoryFactory(name="旧类别", code="old", is_active=False)

    response = client.get(reverse("api:category-list"))

    assert [(c["code"], c["name"]) for c in response.json()] == [("noise", "噪音扰民"), ("road", "道路")]


@pytest.fixture
def closed_case(workstation):
    return factories.PetitionFactory(workstation=workstation, status="closed", outcome="solved")


def _rate(client, petition, body):
    url = reverse("api:track-rating", kwargs={"code": petition.tracking_code})
    return client.post(url, body, content_type="application/json")


def test_a_citizen_rates_a_closed_case_once(client, closed_case):
    first = _rate(
        client,
        closed_case,
        {"satisfaction": "satisfied", "result_satisfaction": "basically_satisfied", "comment": "处理及时"},
    )
    again = _rate(client, closed_case, {"satisfaction": "unsatisfied", "result_satisfaction": "unsatisfied"})

    assert first.status_code == 200
    assert (first.json()["satisfaction"], first.json()["result_satisfaction"]) == ("satisfied", "basically_satisfied")
    assert "张三" not in first.content.decode()
    assert_error_body(again, 409, "transition_refused")
    assert again.json()["detail"] == "该诉求已经评价过了，感谢您的反馈。"
    closed_case.refresh_from_db()
    assert closed_case.satisfaction == "satisfied"
    assert PetitionEvent.objects.filter(petition=closed_case, type="rated").count() == 1


def test_an_open_case_cannot_be_rated(client, workstation):
    petition = factories.PetitionFactory(workstation=workstation, status="assigned")

    response = _rate(client, petition, {"satisfaction": "satisfied", "result_satisfaction": "satisfied"})

    assert_error_body(response, 409, "transition_refused")
    assert response.json()["detail"] == "诉求办结后才能评价。"
    petition.refresh_from_db()
    assert petition.satisfaction == ""


def test_a_rating_needs_one_of_the_three_answers(client, closed_case):
    response = _rate(client, closed_case, {"satisfaction": "great", "result_satisfaction": "satisfied"})

    assert_error_body(response, 400, "invalid")
    assert response.json()["fields"] == {"satisfaction": ["请选择满意、基本满意或不满意。"]}


def test_an_unknown_code_is_404_and_rating_shares_the_tracking_budget(client, closed_case, settings):
    settings.TRACKING_RATE_PER_IP = "2/m"
    url = reverse("api:track-rating", kwargs={"code": "NOPE0000"})

    codes = [
        client.post(
            url, {"satisfaction": "satisfied", "result_satisfaction": "satisfied"}, content_type="application/json"
        ).status_code
    ]
    codes.append(client.get(reverse("api:track", kwargs={"code": closed_case.tracking_code})).status_code)
    codes.append(
        _rate(client, closed_case, {"satisfaction": "satisfied", "result_satisfaction": "satisfied"}).status_code
    )

    assert codes == [404, 200, 429]
    closed_case.refresh_from_db()
    assert closed_case.satisfaction == ""
