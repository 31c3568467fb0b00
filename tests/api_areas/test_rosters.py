"""/api/v1/rosters/…: liaison officers' months, generation, publication and swap decisions;
members' duties, swap requests and unavailability; the on-duty lookup."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.choices import DutyKind, RosterStatus, Slot
from members.generator import month_add
from members.models import DutyRoster, DutySwapRequest, MemberUnavailability, RosterChange
from tests import factories
from tests.api_areas.conftest import ROLES, assert_error_body

pytestmark = pytest.mark.django_db


def next_month():
    return month_add(timezone.localdate().replace(day=1), 1)


def _month_url(name, workstation, month=None):
    month = month or next_month()
    return reverse(name, kwargs={"code": workstation.code, "year": month.year, "month": month.month})


@pytest.fixture
def duty(cast):
    """The member's published slot duty on the 10th of next month, and a partner who could take it."""
    roster = factories.DutyRosterFactory(workstation=cast.workstation, month=next_month())
    member = cast.users["member"].member
    duty = factories.DutyAssignmentFactory(
        roster=roster, member=member, kind=DutyKind.SLOT, date=next_month().replace(day=10), slot=Slot.MORNING
    )
    factories.MemberFactory(user__username="partner", user__full_name="陈委员", workstations=[cast.workstation])
    return duty


OFFICER_LIST = {
    "anonymous": 401,
    "member": 403,
    "other_member": 403,
    "officer": 200,
    "other_officer": 200,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 403,
    "read_only": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_month_overview_shows_an_officer_their_workstations_only(call, cast, role):
    response = call(role, "get", reverse("api:roster-month-list"), as_role="officer")

    assert response.status_code == OFFICER_LIST[role]
    if response.status_code == 200:
        expected = cast.other_workstation.code if role == "other_officer" else cast.workstation.code
        assert [row["workstation"] for row in response.json()] == [expected]
    else:
        assert_error_body(response, OFFICER_LIST[role])


OFFICER_OBJECT = {**OFFICER_LIST, "other_officer": 404}


@pytest.mark.parametrize("role", ROLES)
def test_a_month_calendar_is_the_officers_of_that_workstation(call, cast, role, duty):
    response = call(role, "get", _month_url("api:roster-month", cast.workstation), as_role="officer")

    assert response.status_code == OFFICER_OBJECT[role]
    if response.status_code == 200:
        body = response.json()
        assert body["status"] == "published"
        assert [d["member"]["name"] for d in body["duties"]] == ["王委员"]
        assert "phone" not in str(body)


OFFICER_WRITE = {**OFFICER_OBJECT, "read_only": 403}


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_month_is_for_the_workstations_officer(call, cast, role):
    month = month_add(next_month(), 1)
    body = {"workstation": cast.workstation.code, "month": f"{month:%Y-%m}"}

    response = call(role, "post", reverse("api:roster-month-list"), body, as_role="officer")

    expected = 201 if role == "officer" else OFFICER_WRITE[role]
    assert response.status_code == expected
    assert DutyRoster.objects.filter(workstation=cast.workstation, month=month).exists() == (role == "officer")
    if role == "officer":
        assert response.json()["status"] == "draft"
        assert response.json()["month"] == f"{month:%Y-%m}"


@pytest.mark.parametrize("role", ROLES)
def test_publishing_is_for_the_workstations_officer(call, cast, role):
    factories.DutyRosterFactory(
        workstation=cast.workstation, month=next_month(), status=RosterStatus.DRAFT, published_at=None
    )
    url = _month_url("api:roster-publish", cast.workstation)

    response = call(role, "post", url, {"confirm_uncovered": True}, as_role="officer")

    roster = DutyRoster.objects.get(workstation=cast.workstation, month=next_month())
    assert response.status_code == OFFICER_WRITE[role]
    assert roster.status == ("published" if role == "officer" else "draft")


def test_a_month_with_gaps_is_published_only_with_the_explicit_flag(call, cast):
    factories.DutyRosterFactory(
        workstation=cast.workstation, month=next_month(), status=RosterStatus.DRAFT, published_at=None
    )
    url = _month_url("api:roster-publish", cast.workstation)

    refused = call("officer", "post", url, {})
    roster = DutyRoster.objects.get(workstation=cast.workstation, month=next_month())
    assert_error_body(refused, 409, "uncovered_slots")
    assert refused.json()["fields"] == {"gaps": ["当月负责"]}
    assert roster.status == "draft"
    assert not RosterChange.objects.filter(roster=roster, action="publish").exists()

    published = call("officer", "post", url, {"confirm_uncovered": True})
    assert published.status_code == 200
    assert published.json()["status"] == "published"


def test_publishing_twice_is_a_conflict(call, cast, duty):
    response = call("officer", "post", _month_url("api:roster-publish", cast.workstation), {"confirm_uncovered": True})

    assert_error_body(response, 409, "roster_refused")
    assert response.json()["detail"] == "该月值班表已发布。"


def test_the_officer_generates_a_month(call, cast):
    factories.ReceptionRuleFactory(workstation=cast.workstation)
    partner = factories.MemberFactory(workstations=[cast.workstation])

    response = call("officer", "post", _month_url("api:roster-generate", cast.workstation), {"scope": "month"})

    assert response.status_code == 200
    assert response.json()["added"] >= 1
    roster = DutyRoster.objects.get(workstation=cast.workstation, month=next_month())
    assert roster.status == "draft"
    assert roster.assignments.filter(member__in=[partner, cast.users["member"].member]).exists()


ON_DUTY = {
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
def test_who_is_on_duty_at_a_workstation_on_a_date(call, cast, role, duty):
    query = {"workstation": cast.workstation.code, "date": duty.date.isoformat()}

    response = call(role, "get", reverse("api:roster-on-duty"), query)

    assert response.status_code == ON_DUTY[role]
    if response.status_code == 200:
        assert [(d["member"]["name"], d["member"]["sector"], d["slot"]) for d in response.json()] == [
            ("王委员", "经济界", "morning")
        ]


SWAP_CREATE = {
    "anonymous": 401,
    "member": 201,
    "other_member": 404,
    # Officers may list swaps here, but only a member has duties to swap: as /my/duties/, 404.
    "officer": 404,
    "other_officer": 404,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_member_asks_to_swap_their_own_duty(call, cast, role, duty):
    partner = factories.MemberFactory._meta.model.objects.get(user__username="partner")
    body = {"duty": duty.pk, "target_member": partner.pk, "reason": "出差"}

    response = call(role, "post", reverse("api:roster-swap-list"), body)

    assert response.status_code == SWAP_CREATE[role]
    assert DutySwapRequest.objects.count() == (1 if role == "member" else 0)
    if role == "member":
        assert response.json()["status"] == "pending"
        assert response.json()["target_member"] == "陈委员"


def test_a_swap_cannot_be_created_already_approved(call, cast, duty):
    partner = factories.MemberFactory._meta.model.objects.get(user__username="partner")
    body = {"duty": duty.pk, "target_member": partner.pk, "status": "approved", "decided_at": "2020-01-01T00:00:00Z"}

    response = call("member", "post", reverse("api:roster-swap-list"), body)

    swap = DutySwapRequest.objects.get()
    assert response.status_code == 201
    assert swap.status == "pending"
    assert swap.decided_at is None
    duty.refresh_from_db()
    assert duty.member == cast.users["member"].member


def test_a_swap_with_someone_not_at_the_workstation_names_the_field(call, cast, duty):
    stranger = cast.users["other_member"].member

    response = call("member", "post", reverse("api:roster-swap-list"), {"duty": duty.pk, "target_member": stranger.pk})

    assert_error_body(response, 400, "invalid")
    assert list(response.json()["fields"]) == ["target_member"]
    assert DutySwapRequest.objects.count() == 0


SWAP_DECIDE = {
    "anonymous": 401,
    "member": 403,
    "other_member": 403,
    "officer": 200,
    "other_officer": 404,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_workstations_officer_approves_a_swap(call, cast, role, duty):
    partner = factories.MemberFactory._meta.model.objects.get(user__username="partner")
    swap = DutySwapRequest.objects.create(duty=duty, requester=duty.member, target_member=partner)

    response = call(role, "post", reverse("api:roster-swap-approve", kwargs={"pk": swap.pk}), as_role="officer")

    swap.refresh_from_db()
    duty.refresh_from_db()
    assert response.status_code == SWAP_DECIDE[role]
    if role == "officer":
        assert swap.status == "approved"
        assert duty.member == partner
    else:
        assert swap.status == "pending"
        assert duty.member == cast.users["member"].member


def test_a_decided_swap_cannot_be_declined(call, duty):
    partner = factories.MemberFactory._meta.model.objects.get(user__username="partner")
    swap = DutySwapRequest.objects.create(duty=duty, requester=duty.member, target_member=partner)
    call("officer", "post", reverse("api:roster-swap-approve", kwargs={"pk": swap.pk}))

    response = call("officer", "post", reverse("api:roster-swap-decline", kwargs={"pk": swap.pk}), {"note": "不行"})

    assert_error_body(response, 409, "roster_refused")
    swap.refresh_from_db()
    assert swap.status == "approved"


MEMBER_WRITE = {
    "anonymous": 401,
    "member": 201,
    "other_member": 201,
    "officer": 403,
    "other_officer": 403,
    "reviewer": 403,
    "handler": 403,
    "other_handler": 403,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_members_declare_their_own_unavailability(call, cast, role, duty):
    body = {"start": duty.date.isoformat(), "end": (duty.date + datetime.timedelta(days=2)).isoformat()}

    response = call(role, "post", reverse("api:roster-unavailability-list"), body)

    assert response.status_code == MEMBER_WRITE[role]
    if role == "member":
        assert [c["id"] for c in response.json()["conflicts"]] == [duty.pk]
        assert MemberUnavailability.objects.get().member == duty.member
    elif role == "other_member":
        assert response.json()["conflicts"] == []
    else:
        assert MemberUnavailability.objects.count() == 0


def test_unavailability_in_the_past_is_refused(call):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    response = call("member", "post", reverse("api:roster-unavailability-list"), {"start": yesterday, "end": yesterday})

    assert_error_body(response, 409, "roster_refused")
    assert MemberUnavailability.objects.count() == 0


def test_a_member_removes_only_their_own_unavailability(call, cast):
    mine = factories.MemberUnavailabilityFactory(member=cast.users["member"].member)

    other = call("other_member", "delete", reverse("api:roster-unavailability-detail", kwargs={"pk": mine.pk}))
    own = call("member", "delete", reverse("api:roster-unavailability-detail", kwargs={"pk": mine.pk}))

    assert_error_body(other, 404)
    assert own.status_code == 204
    assert MemberUnavailability.objects.count() == 0


def _count(call, role, url, data=None):
    call(role, "get", url, data)
    with CaptureQueriesContext(connection) as context:
        response = call(role, "get", url, data)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


@pytest.mark.parametrize("count", [2, 20])
def test_the_month_overview_costs_the_same_queries_for_2_and_20_workstations(call, cast, count):
    for _ in range(count - 1):
        workstation = factories.WorkstationFactory(liaison_officers=[cast.users["officer"]])
        factories.ReceptionRuleFactory(workstation=workstation)
        roster = factories.DutyRosterFactory(workstation=workstation, month=next_month())
        factories.DutyAssignmentFactory(roster=roster, kind=DutyKind.MONTH, date=None, slot="")

    queries, body = _count(call, "officer", reverse("api:roster-month-list"), {"month": f"{next_month():%Y-%m}"})

    assert len(body) == count
    assert queries == 10


@pytest.mark.parametrize("count", [2, 20])
def test_the_swap_list_costs_the_same_queries_for_2_and_20_rows(call, cast, count):
    roster = factories.DutyRosterFactory(workstation=cast.workstation, month=next_month())
    partner = factories.MemberFactory(workstations=[cast.workstation])
    for day in range(1, count + 1):
        holder = factories.MemberFactory(workstations=[cast.workstation])
        duty = factories.DutyAssignmentFactory(roster=roster, member=holder, date=next_month().replace(day=day))
        DutySwapRequest.objects.create(duty=duty, requester=holder, target_member=partner)

    queries, body = _count(call, "officer", reverse("api:roster-swap-list"))

    assert len(body["results"]) == count
    assert queries == 8
