"""`POST /api/v1/staff/petitions/<ref>/follow-up/`: the case page's follow-up call, by token; who may
record it, and the one reopen an unsatisfied call shares with the rating."""

import pytest

from petitions.choices import Status, Track
from petitions.models import FollowUp
from tests import factories
from tests.petitions.api.conftest import ROLES
from tests.workflow_helpers import snapshot

pytestmark = pytest.mark.django_db

EXPECTED = {
    "anonymous": 401,
    "member": 201,
    "colleague": 403,
    "other_member": 404,
    "liaison": 201,
    "reviewer": 403,
    "handler": 404,
    "other_handler": 404,
    "office": 201,
    "read_only": 403,
}


def _closed(workstation, member, **fields):
    return factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.CLOSED, track=Track.ANSWER, outcome="answered",
        **fields,
    )  # fmt: skip


def _url(petition):
    return f"/api/v1/staff/petitions/{petition.pk}/follow-up/"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_record_a_follow_up(role, api_as, cast, workstation, member):
    petition = _closed(workstation, member)
    before = snapshot()
    response = api_as(role).post(_url(petition), {"reached": True, "satisfied": True, "note": "群众表示满意"})
    assert response.status_code == EXPECTED[role], response.content
    if response.status_code == 201:
        assert response.json()["reached"] is True
        assert response.json()["reopened"] is False
        assert FollowUp.objects.get().called_by == cast[role]
    else:
        assert snapshot() == before
        assert FollowUp.objects.count() == 0


def test_an_unsatisfied_call_reopens_once_then_says_why_not(api_as, workstation, member):
    api = api_as("liaison")
    petition = _closed(workstation, member)
    first = api.post(_url(petition), {"reached": True, "satisfied": False})
    assert first.status_code == 201
    assert (first.json()["reopened"], first.json()["not_reopened_because"]) == (True, "")
    petition.refresh_from_db()
    assert (petition.status, petition.reopen_count) == (Status.ASSIGNED, 1)
    # closed again; a second unsatisfied call is recorded, and the case stays closed
    type(petition).objects.filter(pk=petition.pk).update(status=Status.CLOSED, outcome="answered")
    second = api.post(_url(petition), {"reached": True, "satisfied": False})
    assert second.status_code == 201
    assert (second.json()["reopened"], second.json()["not_reopened_because"]) == (
        False,
        "这件诉求已经重新办理过一次，不能再次重办。",
    )
    petition.refresh_from_db()
    assert (petition.status, petition.reopen_count) == (Status.CLOSED, 1)


def test_bad_input_and_an_open_case_are_refused(api_as, workstation, member):
    api = api_as("member")
    petition = _closed(workstation, member)
    assert api.post(_url(petition), {"satisfied": True}).status_code == 400
    refused = api.post(_url(petition), {"reached": False, "satisfied": True})
    assert (refused.status_code, refused.json()["detail"]) == (409, "没有联系上群众，不能记录群众是否满意。")
    open_case = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    refused = api.post(_url(open_case), {"reached": True})
    assert (refused.status_code, refused.json()["detail"]) == (409, "诉求办结后才能回访。")
    assert FollowUp.objects.count() == 0
