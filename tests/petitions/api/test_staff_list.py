"""The staff petition list: filters, search, ordering, cursor pages, constant query counts, and the
OpenAPI document that describes it all."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.api.staff_serializers import StaffPetitionListSerializer, staff_petition_rows
from petitions.choices import Channel, Status, Track
from petitions.models import Petition
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/petitions/"


def _ids(api, query=""):
    response = api.get(f"{LIST}{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def api(api_as):
    return api_as("office")


@pytest.fixture
def rows(workstation, other_workstation, member, category, department):
    today = timezone.localdate()
    water = factories.CategoryFactory(name="供水", code="water")
    made = {
        "overdue": factories.PetitionFactory(
            workstation=workstation, category=category, assigned_member=member, status=Status.ASSIGNED,
            track=Track.ANSWER, due_date=today - datetime.timedelta(days=2), content="小区路灯坏了三个月没人修。",
        ),
        "due_soon": factories.PetitionFactory(
            workstation=workstation, category=water, status=Status.RECEIVED, channel=Channel.PHONE,
            due_date=today + datetime.timedelta(days=3), content="停水两天没有通知，老人生活不便。",
        ),
        "closed_late": factories.PetitionFactory(
            workstation=other_workstation, category=category, status=Status.CLOSED, track=Track.EXPLAIN,
            outcome="explained", due_date=today - datetime.timedelta(days=5), content="广场舞音乐声太大。",
        ),
    }  # fmt: skip
    # created on three different days
    for days, petition in zip((1, 10, 30), made.values(), strict=True):
        Petition.objects.filter(pk=petition.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    factories.ConsultationFactory(petition=made["due_soon"], department=department, asked_by=member)
    return {name: petition.pk for name, petition in made.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["overdue", "due_soon", "closed_late"]),
        ("?status=assigned&status=received", ["overdue", "due_soon"]),
        ("?track=1", ["closed_late"]),
        ("?workstation=luoxi", ["closed_late"]),
        ("?category=water", ["due_soon"]),
        ("?channel=phone", ["due_soon"]),
        ("?overdue=true", ["overdue"]),
        ("?overdue=false", ["due_soon", "closed_late"]),
        ("?overdue=true&workstation=xiliuwan", ["overdue"]),
        ("?due_after={today}", ["due_soon"]),
        ("?due_before={today}", ["overdue", "closed_late"]),
        ("?created_after={days_15}", ["overdue", "due_soon"]),
        ("?created_before={days_5}", ["due_soon", "closed_late"]),
        ("?created_after={days_15}&created_before={days_5}", ["due_soon"]),
        ("?q=%E8%B7%AF%E7%81%AF", ["overdue"]),  # 路灯
        ("?ordering=created_at", ["closed_late", "due_soon", "overdue"]),
        ("?ordering=due_date", ["closed_late", "overdue", "due_soon"]),
        ("?ordering=-due_date", ["due_soon", "overdue", "closed_late"]),
    ],
)
def test_filters_search_and_ordering(api, rows, query, expected):
    today = timezone.localdate()
    query = query.format(
        today=today.isoformat(),
        days_15=(today - datetime.timedelta(days=15)).isoformat(),
        days_5=(today - datetime.timedelta(days=5)).isoformat(),
    )
    assert _ids(api, query) == [rows[name] for name in expected]


def test_the_deadline_orders_list_the_cases_that_have_one(api, rows, workstation):
    undated = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED, due_date=None)
    assert undated.pk in _ids(api)
    assert undated.pk not in _ids(api, "?ordering=due_date")
    assert undated.pk not in _ids(api, "?ordering=-due_date")


def test_the_first_and_last_days_there_are_are_no_error(api, rows):
    assert len(_ids(api, "?created_after=0001-01-01&created_before=9999-12-31")) == 3


def test_member_and_department_filters(api, rows, member, department):
    assert _ids(api, f"?member={member.pk}") == [rows["overdue"]]
    assert _ids(api, f"?department={department.pk}") == [rows["due_soon"]]


def test_the_department_filter_finds_cases_behind_its_proposals_too(api, workstation, member, department):
    from tests.workflow_helpers import triaged_petition

    petition = triaged_petition(member, workstation, Track.PROPOSE)
    proposal = factories.ProposalFactory(author=member, workstation=workstation)
    proposal.petitions.add(petition)
    factories.ProposalAssignmentFactory(proposal=proposal, department=department)
    assert _ids(api, f"?department={department.pk}") == [petition.pk]


def test_search_by_a_tracking_code_or_its_prefix(api, rows):
    petition = Petition.objects.get(pk=rows["due_soon"])
    assert _ids(api, f"?q={petition.display_code}") == [petition.pk]
    assert _ids(api, f"?q={petition.tracking_code[:6].lower()}") == [petition.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?ordering=content", "ordering"),
        ("?ordering=-updated_at", "ordering"),
        ("?status=nonsense", "status"),
        ("?workstation=nowhere", "workstation"),
        ("?overdue=maybe", "overdue"),
        ("?due_before=yesterday", "due_before"),
        ("?member=1.5", "member"),
        ("?department=100000000000000000000000", "department"),
    ],
)
def test_a_bad_filter_is_400_naming_the_field(api, rows, query, field):
    response = api.get(f"{LIST}{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_the_cursor_walks_every_row_once_and_a_forged_one_is_refused(api, workstation):
    made = [factories.PetitionFactory(workstation=workstation).pk for _ in range(7)]
    # two rows created at the same instant: the id breaks the tie
    Petition.objects.filter(pk__in=made[:2]).update(created_at=timezone.now())
    seen, url = [], f"{LIST}?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))
    forged = api.get(f"{LIST}?cursor=cD1ub3QtYS1kYXRl")  # p=not-a-date
    assert forged.status_code == 404
    assert forged.json()["code"] == "not_found"


def test_the_fast_rows_are_what_the_serializer_says(api, rows):
    petitions = list(Petition.objects.select_related("workstation", "category", "assigned_member__user"))
    today = timezone.localdate()
    assert (
        staff_petition_rows(petitions, today=today)
        == StaffPetitionListSerializer(petitions, many=True, context={"today": today}).data
    )


@pytest.mark.parametrize("role", ["member", "liaison", "office"])
def test_the_list_costs_the_same_queries_for_2_and_20_rows(
    api_as, role, workstation, member, category, django_assert_num_queries
):
    api = api_as(role)

    def make(count):
        for _ in range(count):
            factories.PetitionFactory(
                workstation=workstation, category=factories.CategoryFactory(), assigned_member=member,
                status=Status.ASSIGNED, due_date=timezone.localdate(),
            )  # fmt: skip

    make(2)
    api.get(LIST)  # the token's last use is written once a minute: not inside the count
    with django_assert_num_queries(QUERIES[role]) as two:
        assert len(api.get(f"{LIST}?overdue=false&workstation=xiliuwan").json()["results"]) == 2
    make(18)
    with django_assert_num_queries(QUERIES[role]) as twenty:
        assert len(api.get(f"{LIST}?overdue=false&workstation=xiliuwan").json()["results"]) == 20
    assert len(two.captured_queries) == len(twenty.captured_queries)


# The token, the sign-in lockout (by user, by address), the permissions (user's, groups'), the
# member, the workstations served, the workstation filter's row, the page; members and liaison
# officers also the visibility rule's member lookup; members the ids of the cases they co-handle
# (协办), office staff their CPPCC body. None of it grows with the rows.
QUERIES = {"member": 11, "liaison": 10, "office": 10}


def test_the_openapi_document_validates_without_warnings(tmp_path):
    # drf-spectacular's own validation, failing on any warning, as CI should
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/staff/petitions/",
        "/api/v1/staff/petitions/{ref}/note/",
        "/api/v1/staff/petitions/{ref}/events/",
    ):
        assert f"  {path}:" in text
    assert "petitions (staff)" in text
