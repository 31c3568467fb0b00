"""The staff API's co-members (协办委员): the detail lists them, `invite` and `remove_co_member`
answer as the case page does, and a co-member then sees the citizen's contact and may reply."""

import pytest

from petitions.choices import Status
from petitions.models import CaseCoMember
from tests.workflow_helpers import snapshot

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/petitions/"

INVITE = {
    "anonymous": 401,
    "member": 201,
    "colleague": 403,
    "other_member": 404,
    "liaison": 201,
    "reviewer": 403,
    "office": 403,
    "read_only": 403,
}


@pytest.mark.parametrize("role", list(INVITE))
def test_who_may_invite_a_co_member(api_as, cast, case, role):
    other = cast["_members"]["other_member"]
    before = snapshot()
    response = api_as(role).post(f"{BASE}{case.pk}/invite/", {"member": other.pk, "note": "请科技界委员出主意"})
    assert response.status_code == INVITE[role], response.content
    if INVITE[role] == 201:
        assert response.json()["member"] == {"id": other.pk, "name": other.name}
        assert response.json()["note"] == "请科技界委员出主意"
        assert CaseCoMember.objects.filter(petition=case, member=other).count() == 1
    else:
        assert snapshot() == before
        assert CaseCoMember.objects.count() == 0


def test_the_invited_member_reads_the_case_with_its_citizen_and_replies(api_as, cast, case):
    other = cast["_members"]["other_member"]
    assert api_as("other_member").get(f"{BASE}{case.pk}/").status_code == 404
    api_as("member").post(f"{BASE}{case.pk}/invite/", {"member": other.pk})

    detail = api_as("other_member").get(f"{BASE}{case.pk}/").json()
    assert detail["contact"]["visible"] is True
    assert detail["contact"]["phone"] == "13812345678"
    assert [row["member"]["id"] for row in detail["co_members"]] == [other.pk]

    reply = api_as("other_member").post(f"{BASE}{case.pk}/reply/", {"message": "已协调住建局本月内硬化路面。"})
    assert reply.status_code == 200, reply.content
    assert reply.json()["status"] == Status.REPLIED
    assert reply.json()["assigned_member"]["id"] == cast["_members"]["member"].pk
    close = api_as("other_member").post(f"{BASE}{case.pk}/close/", {"outcome": "solved"})
    assert close.status_code == 403


def test_the_lead_is_refused_as_a_co_member_with_a_friendly_reason(api_as, cast, case):
    lead = cast["_members"]["member"]
    response = api_as("liaison").post(f"{BASE}{case.pk}/invite/", {"member": lead.pk})
    assert response.status_code == 400
    assert response.json()["fields"] == {"member": ["所选委员不能邀请为协办委员。"]}


def test_removing_a_co_member(api_as, cast, case):
    other = cast["_members"]["other_member"]
    api_as("member").post(f"{BASE}{case.pk}/invite/", {"member": other.pk})
    response = api_as("member").post(f"{BASE}{case.pk}/remove-co-member/", {"member": other.pk})
    assert response.status_code == 200
    assert CaseCoMember.objects.count() == 0
    again = api_as("member").post(f"{BASE}{case.pk}/remove-co-member/", {"member": other.pk})
    assert again.status_code == 409
    assert again.json()["detail"] == "该委员不是本件的协办委员。"
