"""/api/v1/knowledge/, /api/v1/members/, /api/v1/sectors/: reads, as the pages allow them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.api_areas.conftest import ROLES, assert_error_body

pytestmark = pytest.mark.django_db

KNOWLEDGE = {
    "anonymous": 401,
    "member": 200,
    "other_member": 200,
    "officer": 200,
    "other_officer": 200,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 200,
    "read_only": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_knowledge_base_is_read_by_those_handling_cases(call, role):
    entry = factories.KnowledgeEntryFactory()
    retired = factories.KnowledgeEntryFactory(title="旧规定", is_active=False)

    response = call(role, "get", reverse("api:knowledge-list"))

    assert response.status_code == KNOWLEDGE[role]
    if response.status_code == 200:
        # office staff keep the base, so they also see what was taken out of use (as on the page)
        expected = {entry.pk, retired.pk} if role == "office" else {entry.pk}
        assert {row["id"] for row in response.json()["results"]} == expected
    else:
        assert_error_body(response, KNOWLEDGE[role])


def test_knowledge_search_and_a_retired_entry_is_404_for_a_member(call):
    factories.KnowledgeEntryFactory(title="夜间噪音")
    factories.KnowledgeEntryFactory(title="道路维修", question="路面坑洼", answer="报市政", policy_basis="条例")
    retired = factories.KnowledgeEntryFactory(title="旧规定", is_active=False)

    found = call("member", "get", reverse("api:knowledge-list"), {"q": "坑洼"}).json()["results"]
    hidden = call("member", "get", reverse("api:knowledge-detail", kwargs={"pk": retired.pk}))

    assert [row["title"] for row in found] == ["道路维修"]
    assert_error_body(hidden, 404)


@pytest.mark.parametrize("count", [2, 20])
def test_the_knowledge_list_costs_the_same_queries_for_2_and_20(call, count):
    for _ in range(count):
        factories.KnowledgeEntryFactory()
    call("member", "get", reverse("api:knowledge-list"))

    with CaptureQueriesContext(connection) as context:
        response = call("member", "get", reverse("api:knowledge-list"))

    assert len(response.json()["results"]) == count
    assert len(context.captured_queries) == 7  # with the reader's CPPCC bodies


MEMBERS = {
    "anonymous": 401,
    "member": 200,
    "other_member": 200,
    "officer": 200,
    "other_officer": 200,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 200,
    "read_only": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_members_are_listed_without_phones(call, cast, role):
    response = call(role, "get", reverse("api:member-list"))

    assert response.status_code == MEMBERS[role]
    if response.status_code == 200:
        rows = response.json()["results"]
        assert {(row["name"], row["sector"]) for row in rows} == {("王委员", "经济界"), ("赵委员", "教育界")}
        assert all(set(row) == {"id", "name", "sector", "title", "workstations"} for row in rows)
        # no member's phone anywhere (not "139": a member's id can hold those digits too)
        from members.models import Member

        phones = [phone for phone in Member.objects.values_list("phone", flat=True) if phone]
        assert phones
        assert not [phone for phone in phones if phone in response.content.decode()]


@pytest.mark.parametrize("count", [2, 20])
def test_the_member_list_costs_the_same_queries_for_2_and_20(call, cast, count):
    for _ in range(count - 2):
        factories.MemberFactory(workstations=[cast.workstation])
    call("office", "get", reverse("api:member-list"))

    with CaptureQueriesContext(connection) as context:
        response = call("office", "get", reverse("api:member-list"))

    assert len(response.json()["results"]) == count
    assert len(context.captured_queries) == 7


@pytest.mark.parametrize("role", ROLES)
def test_sectors_are_for_anyone_signed_in(call, cast, role):
    response = call(role, "get", reverse("api:sector-list"))

    assert response.status_code == (401 if role == "anonymous" else 200)
    if response.status_code == 200:
        assert [row["name"] for row in response.json()] == ["教育界", "经济界"]
