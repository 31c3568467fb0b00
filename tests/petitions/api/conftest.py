"""The cast of the staff petition API's authorisation matrix, and a client that calls with a
bearer token (as another system would) or anonymously.

Two workstations: 西流湾 (`workstation`) with its liaison officer, the member the case is assigned
to and a colleague serving there; 罗溪 (`other_workstation`) with a member of its own. The case was
consulted with 城管局 (`department`), so its handler is the "own department" one; 住建局's handler
is the other department's."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.services import api_token_issue
from petitions.choices import Status, Track
from tests import factories

ROLES = [
    "anonymous",
    "member",
    "colleague",
    "other_member",
    "liaison",
    "reviewer",
    "handler",
    "other_handler",
    "office",
    "read_only",
]


class Api:
    """Calls the API as one role: a bearer token issued by office staff, or nothing (anonymous)."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, **extra):
        return self.client.get(path, **self.headers, **extra)

    def post(self, path, data=None, **extra):
        return self.client.post(path, data or {}, content_type="application/json", **self.headers, **extra)


@pytest.fixture
def token_issuer(db):
    return factories.UserFactory(username="token-issuer", roles=[Role.OFFICE_STAFF])


@pytest.fixture
def cast(workstation, other_workstation, liaison_officer, member, reviewer, office_staff, department, token_issuer):
    colleague = factories.MemberFactory(user__username="colleague", workstations=[workstation])
    other_member = factories.MemberFactory(user__username="other-member", workstations=[other_workstation])
    handler = factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    other_department = factories.DepartmentFactory(name="住建局")
    other_handler = factories.UserFactory(username="other-handler", roles=[Role.DEPARTMENT_HANDLER])
    other_department.handlers.add(other_handler)
    return {
        "anonymous": None,
        "member": member.user,
        "colleague": colleague.user,
        "other_member": other_member.user,
        "liaison": liaison_officer,
        "reviewer": reviewer,
        "handler": handler,
        "other_handler": other_handler,
        "office": office_staff,
        "read_only": member.user,
        "_department": department,
        "_members": {"member": member, "colleague": colleague, "other_member": other_member},
    }


@pytest.fixture
def api_as(client, cast, token_issuer):
    def make(role: str) -> Api:
        user = cast[role]
        if user is None:
            return Api(client, None)
        issued = api_token_issue(
            actor=token_issuer, user=user, client_name=f"系统-{role}", days=30, read_only=role == "read_only"
        )
        return Api(client, issued.token)

    return make


@pytest.fixture
def case(cast, workstation, member, category):
    """A case at 西流湾 assigned to `member` (track 2, due today), once consulted with 城管局."""
    petition = factories.PetitionFactory(
        workstation=workstation,
        category=category,
        assigned_member=member,
        status=Status.ASSIGNED,
        track=Track.ANSWER,
        citizen_name="张三丰",
        citizen_phone="13812345678",
        citizen_address="桃花仑路 8 号",
        due_date=timezone.localdate(),
    )
    factories.ConsultationFactory(petition=petition, department=cast["_department"], asked_by=member)
    return petition


@pytest.fixture
def other_case(other_workstation, cast):
    return factories.PetitionFactory(workstation=other_workstation, status=Status.RECEIVED)
