"""The cast of the API role matrices: one person per role, and the wrong workstation's or
department's counterpart, each calling with a Bearer token of their own (as a system would)."""

from dataclasses import dataclass

import pytest

from accounts.roles import Role
from accounts.services import api_token_issue
from tests import factories

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "officer",
    "other_officer",
    "reviewer",
    "handler",
    "other_handler",
    "office",
    "read_only",
]


@dataclass
class Cast:
    workstation: object
    other_workstation: object
    department: object
    other_department: object
    users: dict
    tokens: dict

    def user(self, role):
        return self.users[role]


@pytest.fixture
def cast(db, workstation, other_workstation, department):
    other_department = factories.DepartmentFactory(name="住建局")
    office = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])
    member = factories.MemberFactory(
        user__username="member", user__full_name="王委员", sector__name="经济界", workstations=[workstation]
    )
    other_member = factories.MemberFactory(
        user__username="other_member", user__full_name="赵委员", sector__name="教育界", workstations=[other_workstation]
    )
    officer = factories.UserFactory(username="officer", full_name="刘联络员", roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(officer)
    other_officer = factories.UserFactory(username="other_officer", roles=[Role.LIAISON_OFFICER])
    other_workstation.liaison_officers.add(other_officer)
    reviewer = factories.UserFactory(username="reviewer", roles=[Role.REVIEWER])
    handler = factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    other_handler = factories.UserFactory(username="other_handler", roles=[Role.DEPARTMENT_HANDLER])
    other_department.handlers.add(other_handler)
    users = {
        "member": member.user,
        "other_member": other_member.user,
        "officer": officer,
        "other_officer": other_officer,
        "reviewer": reviewer,
        "handler": handler,
        "other_handler": other_handler,
        "office": office,
    }
    tokens = {
        role: api_token_issue(actor=office, user=user, client_name=f"{role}-system", days=30).token
        for role, user in users.items()
    }
    return Cast(workstation, other_workstation, department, other_department, users, tokens)


@pytest.fixture
def read_only_token(cast):
    """A read-only token of the given role's user (the role a read is allowed to)."""

    def make(role):
        return api_token_issue(
            actor=cast.users["office"], user=cast.users[role], client_name=f"{role}-reader", days=30, read_only=True
        ).token

    return make


@pytest.fixture
def call(client, cast, read_only_token):
    """call(role, method, url, data=None, as_role=...) -> response. `read_only` calls with a
    read-only token of `as_role`'s user (the user the endpoint allows)."""

    def do(role, method, url, data=None, *, as_role="member", fmt="json", **extra):
        headers = dict(extra)
        if role == "read_only":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {read_only_token(as_role)}"
        elif role != "anonymous":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {cast.tokens[role]}"
        if method == "get":
            return client.get(url, data or {}, **headers)
        if fmt == "multipart":
            return getattr(client, method)(url, data or {}, **headers)
        return getattr(client, method)(url, data or {}, content_type="application/json", **headers)

    return do


def assert_error_body(response, status: int, code: str | None = None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    if code is not None:
        assert body["code"] == code, body
