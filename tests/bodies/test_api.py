"""The bodies' list endpoints: GET /api/v1/bodies/ and /api/v1/departments/ in the caller's scope,
with a fixed number of queries."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests import factories
from workstations.choices import BodyLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return factories.CppccBodyFactory(name="益阳市政协", level=BodyLevel.CITY)


@pytest.mark.parametrize("count", [2, 20])
def test_the_department_list_costs_the_same_queries_for_2_and_20(client, city, count, django_assert_num_queries):
    county = factories.CppccBodyFactory(name="资阳区政协", parent=city)
    for i in range(count):
        factories.DepartmentFactory(name=f"城管局{i}", body=county if i % 2 else city)
    factories.DepartmentFactory(name="长沙市城管局", body=factories.CppccBodyFactory(name="长沙市政协"))
    client.force_login(factories.UserFactory(roles=[Role.REVIEWER], body=city))
    client.get(reverse("api:department-list"))

    # the session, the user, the permissions (user's, groups'), the body, the page
    with django_assert_num_queries(6):
        response = client.get(reverse("api:department-list"))

    assert len(response.json()["results"]) == count
    assert "长沙市城管局" not in {row["name"] for row in response.json()["results"]}
    only_county = client.get(reverse("api:department-list"), {"body": county.pk}).json()["results"]
    assert {row["body_name"] for row in only_county} == {"资阳区政协"}


@pytest.mark.parametrize("count", [2, 20])
def test_the_body_list_costs_the_same_queries_for_2_and_20(client, city, count, django_assert_num_queries):
    for i in range(count - 1):
        factories.CppccBodyFactory(name=f"第{i}县政协", parent=city)
    factories.CppccBodyFactory(name="长沙市政协")
    client.force_login(factories.UserFactory(roles=[Role.OFFICE_STAFF], body=city))
    client.get(reverse("api:body-list"))

    with django_assert_num_queries(4):  # the session, the user, their body, the page
        response = client.get(reverse("api:body-list"))

    assert len(response.json()["results"]) == count
    assert response.json()["results"][0] == {"id": city.pk, "name": "益阳市政协", "level": "city", "parent": None}


def test_members_and_handlers_have_no_body_list(client):
    client.force_login(factories.MemberFactory().user)
    assert client.get(reverse("api:body-list")).status_code == 403
    client.force_login(factories.UserFactory(roles=[Role.DEPARTMENT_HANDLER]))
    assert client.get(reverse("api:department-list")).status_code == 403
