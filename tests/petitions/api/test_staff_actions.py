"""The staff petition API's actions: one POST per workflow move, each through the service the case
page calls. Allowed for whom the page allows it; refused (403/404/401, 409 in the wrong state, 400
on bad input) with nothing changed; status, workstation, assignee and timestamps cannot be sent."""

import pytest
from django.utils import timezone

from handoffs.models import Delivery
from petitions.choices import ConsultationStatus, EventType, Satisfaction, Status, Track
from petitions.models import Consultation, PetitionEvent
from tests import factories
from tests.petitions.api.conftest import ROLES
from tests.workflow_helpers import snapshot, triaged_petition

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/petitions/"


def _post(api, petition, action, data=None, **extra):
    return api.post(f"{BASE}{petition.pk}/{action}/", data, **extra)


# --- the matrix: one action per kind of actor the services know --------------------------------

# role -> status for: claim (an unassigned case at 西流湾), note (the assigned case), spam (the
# unassigned case), triage (the assigned case).
MATRIX = {
    #                claim note spam triage
    "anonymous": (401, 401, 401, 401),
    "member": (200, 201, 403, 200),
    "colleague": (200, 403, 403, 403),
    "other_member": (404, 404, 404, 404),
    "liaison": (403, 201, 200, 403),
    "reviewer": (403, 201, 403, 403),
    "handler": (404, 404, 404, 404),
    "other_handler": (404, 404, 404, 404),
    "office": (403, 403, 403, 403),
    "read_only": (403, 403, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_what_the_case_page_lets_it_and_nothing_else(api_as, role, case, workstation):
    unassigned = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    api = api_as(role)
    expected = dict(zip(("claim", "note", "spam", "triage"), MATRIX[role], strict=True))
    calls = {
        "claim": lambda: _post(api, unassigned, "claim"),
        "note": lambda: _post(api, case, "note", {"text": "已电话联系群众。"}),
        "spam": lambda: _post(api, unassigned, "spam", {"reason": "广告信息"}),
        "triage": lambda: _post(api, case, "triage", {"track": Track.EXPLAIN}),
    }
    for action, call in calls.items():
        before = snapshot()
        response = call()
        assert (action, response.status_code) == (action, expected[action]), response.content
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"code", "detail", "fields"}
            # a refusal leaves everything as it was
            assert snapshot() == before
            if role == "read_only":
                assert body["code"] == "token_read_only"
            elif response.status_code == 403:
                assert body["code"] == "action_not_allowed"
        # claim and spam both start from the queue: put it back for the next action
        unassigned.refresh_from_db()
        if unassigned.status != Status.RECEIVED:
            unassigned = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)


# --- each action's way through ------------------------------------------------------------------


def test_claim_assign_and_the_answer_is_the_case(api_as, workstation, cast):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    response = _post(api_as("colleague"), petition, "claim")
    assert response.status_code == 200
    assert response.json()["status"] == "assigned"
    assert response.json()["assigned_member"]["id"] == cast["_members"]["colleague"].pk

    # the liaison officer hands it to the other member of the workstation
    member = cast["_members"]["member"]
    response = _post(api_as("liaison"), petition, "assign", {"member": member.pk, "reason": "熟悉该小区"})
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.assigned_member == member


def test_assigning_a_member_of_another_workstation_is_a_field_error(api_as, workstation, cast):
    petition = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    before = snapshot()
    response = _post(api_as("liaison"), petition, "assign", {"member": cast["_members"]["other_member"].pk})
    assert response.status_code == 400
    assert response.json()["fields"] == {"member": ["所选委员不在本工作室服务，不能分派。"]}
    assert snapshot() == before


def test_triage_reply_close_through_the_api(api_as, case, notifications, django_capture_on_commit_callbacks):
    api = api_as("member")
    assert _post(api, case, "triage", {"track": Track.ANSWER}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reply = _post(api, case, "reply", {"message": "已联系城管部门，今晚起安排巡查。"})
    assert reply.status_code == 200
    assert reply.json()["status"] == "replied"
    # the citizen is told, as from the page
    assert [n.recipient for n in notifications] == ["13812345678"]
    close = _post(api, case, "close", {"outcome": "solved", "households_helped": 2})
    assert close.status_code == 200
    case.refresh_from_db()
    assert (case.status, case.outcome, case.households_helped) == (Status.CLOSED, "solved", 2)


def test_an_action_the_state_does_not_allow_is_409_and_changes_nothing(api_as, case):
    before = snapshot()
    response = _post(api_as("member"), case, "close", {"outcome": "answered"})
    assert response.status_code == 409
    assert response.json() == {
        "code": "transition_refused",
        "detail": "该诉求当前状态为“已分派”，不能进行此操作。",
        "fields": {},
    }
    assert snapshot() == before


def test_bad_input_is_400_with_the_fields(api_as, case):
    before = snapshot()
    response = _post(api_as("member"), case, "triage", {"track": 9})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["track"]
    assert _post(api_as("member"), case, "note", {"text": ""}).status_code == 400
    assert snapshot() == before


def test_status_workstation_assignee_and_timestamps_cannot_be_sent(api_as, case, other_workstation, cast):
    # given a client that sends the fields the services own along with a triage
    case.refresh_from_db()
    owned = ("status", "workstation_id", "assigned_member_id", "due_date", "created_at", "closed_at", "outcome")
    before = {name: getattr(case, name) for name in owned}
    response = _post(
        api_as("member"),
        case,
        "triage",
        {
            "track": Track.EXPLAIN,
            "status": "closed",
            "workstation": other_workstation.code,
            "assigned_member": cast["_members"]["other_member"].pk,
            "member": cast["_members"]["other_member"].pk,
            "due_date": "2030-01-01",
            "created_at": "2020-01-01T00:00:00Z",
            "closed_at": "2020-01-01T00:00:00Z",
            "outcome": "solved",
        },
    )

    # then the triage happened and nothing else did
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.track == Track.EXPLAIN
    after = {name: getattr(case, name) for name in owned}
    assert {k: v for k, v in after.items() if k != "due_date"} == {k: v for k, v in before.items() if k != "due_date"}
    # the due date is the service's (the direct-reply deadline), never the one sent
    assert case.due_date != timezone.datetime(2030, 1, 1).date()


def test_consult_merge_withdraw_reopen_and_spam(api_as, workstation, member, department, liaison_officer):
    api = api_as("member")
    consulted = triaged_petition(member, workstation, Track.CONSULT)
    response = _post(api, consulted, "consult", {"department": department.pk, "question": "广场音量有无上限？"})
    assert response.status_code == 201
    assert response.json()["department"] == "城管局"
    consultation = Consultation.objects.get(petition=consulted)
    assert consultation.status == ConsultationStatus.PENDING
    # the hand-off is in the outbox, as from the page
    assert Delivery.objects.count() == 1

    duplicate = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    response = _post(api, duplicate, "merge", {"into_code": consulted.display_code})
    assert response.status_code == 200
    assert response.json()["status"] == "merged"

    withdrawn = factories.PetitionFactory(workstation=workstation, assigned_member=member, status=Status.ASSIGNED)
    assert _post(api, withdrawn, "withdraw", {"reason": "群众来电撤回"}).json()["status"] == "withdrawn"

    closed = factories.PetitionFactory(
        workstation=workstation,
        assigned_member=member,
        status=Status.CLOSED,
        track=Track.ANSWER,
        outcome="answered",
        satisfaction=Satisfaction.UNSATISFIED,
    )
    assert _post(api, closed, "reopen", {"reason": "群众不满意"}).json()["status"] == "assigned"

    spam = factories.PetitionFactory(workstation=workstation, status=Status.RECEIVED)
    assert _post(api_as("liaison"), spam, "spam", {"reason": "广告"}).json()["status"] == "spam"


def test_merging_into_a_code_the_caller_cannot_see_is_409(api_as, case, other_case):
    before = snapshot()
    response = _post(api_as("member"), case, "merge", {"into_code": other_case.tracking_code})
    assert response.status_code == 409
    assert response.json()["detail"] == "找不到该查询码对应的诉求。"
    assert snapshot() == before


# --- Idempotency-Key on the creating actions ------------------------------------------------------


def test_a_note_sent_twice_with_one_key_is_written_once(api_as, case):
    api = api_as("member")
    first = _post(api, case, "note", {"text": "约定明早走访。"}, HTTP_IDEMPOTENCY_KEY="k-1")
    again = _post(api, case, "note", {"text": "约定明早走访。"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert first.json() == again.json()
    assert PetitionEvent.objects.filter(petition=case, type=EventType.NOTE).count() == 1

    # the same key with another text is refused; another key is another note
    reused = _post(api, case, "note", {"text": "改为下午走访。"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert _post(api, case, "note", {"text": "改为下午走访。"}, HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201
    assert PetitionEvent.objects.filter(petition=case, type=EventType.NOTE).count() == 2


def test_a_key_is_the_callers_own(api_as, case):
    _post(api_as("member"), case, "note", {"text": "约定明早走访。"}, HTTP_IDEMPOTENCY_KEY="shared")
    other = _post(api_as("liaison"), case, "note", {"text": "约定明早走访。"}, HTTP_IDEMPOTENCY_KEY="shared")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert PetitionEvent.objects.filter(petition=case, type=EventType.NOTE).count() == 2


def test_a_consultation_sent_twice_with_one_key_is_one_hand_off(api_as, workstation, member, department):
    consulted = triaged_petition(member, workstation, Track.CONSULT)
    api = api_as("member")
    body = {"department": department.pk, "question": "广场音量有无上限？"}
    first = _post(api, consulted, "consult", body, HTTP_IDEMPOTENCY_KEY="c-1")
    again = _post(api, consulted, "consult", body, HTTP_IDEMPOTENCY_KEY="c-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert (Consultation.objects.count(), Delivery.objects.count()) == (1, 1)


def test_a_key_longer_than_64_characters_is_a_field_error(api_as, case):
    response = _post(api_as("member"), case, "note", {"text": "备注"}, HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["Idempotency-Key"]


# --- throttles ------------------------------------------------------------------------------------


def test_actions_are_throttled_per_area_with_the_error_body(api_as, case, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "staff-petitions-actions", "2/min")
    api = api_as("member")
    codes = [_post(api, case, "note", {"text": f"备注{n}"}).status_code for n in range(3)]
    assert codes == [201, 201, 429]
    refused = _post(api, case, "note", {"text": "备注"})
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # reads are another scope: still answered
    assert api.get(f"{BASE}{case.pk}/").status_code == 200
