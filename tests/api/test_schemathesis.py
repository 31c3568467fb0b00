"""schemathesis against the live schema: every operation of /api/schema/, for anonymous callers and
for a token of each role, with schemathesis' own checks.

The schema is fetched from the running application (in-process WSGI, the real URL stack and
middleware) as office staff see it, then every operation is called with generated input:
- no 5xx (not_a_server_error);
- every status code, content type, header and body conforms to the schema;
- no operation that declares the token scheme answers 2xx without it or with a wrong one
  (ignored_auth, with a probe per operation).

Data is seeded so that the generated calls reach business logic, not only 404s: a workstation with
a member on duty, a case at each stage a list shows. Every operation is called with the examples
its schema documents (Phase.explicit) and a few generated inputs: SCHEMATHESIS_EXAMPLES (4 by
default) for anonymous callers, a quarter as many (at least one) for each of the six tokens, so
`make test` stays within its 15 minutes on two cores (the seven runs were 5 of its 14 minutes);
raise it locally to dig: SCHEMATHESIS_EXAMPLES=200 pytest tests/api/test_schemathesis.py.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from accounts.services import api_token_issue
from tests import factories

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
ROLES = ["anonymous", "member", "liaison_officer", "reviewer", "department_handler", "office_staff", "read_only"]

application = get_wsgi_application()


@pytest.fixture
def api_world(db, settings):
    """Users of every role with a token each, and a case for the lists and lookups to find."""
    # Every wrong-token probe counts as a failed sign-in for 127.0.0.1; the run makes hundreds.
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 100_000
    settings.AXES_FAILURE_LIMIT = 100_000
    settings.AXES_ENABLED = True
    workstation = factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室")
    category = factories.CategoryFactory()
    member = factories.MemberFactory(user__username="member", workstations=[workstation])
    liaison = factories.UserFactory(username="liaison", roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(liaison)
    department = factories.DepartmentFactory(name="城管局")
    handler = factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER])
    department.handlers.add(handler)
    staff = factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF])
    users = {
        "member": member.user,
        "liaison_officer": liaison,
        "reviewer": factories.UserFactory(username="reviewer", roles=[Role.REVIEWER]),
        "department_handler": handler,
        "office_staff": staff,
    }
    petition = factories.PetitionFactory(workstation=workstation, category=category, assigned_member=member)
    # a published research topic with the member leading it, for the topics endpoints to find
    from topics import services as topic_services

    topic = topic_services.topic_propose(by=staff, title="城区夜间噪音治理", year=2026, petitions=[petition])
    topic_services.topic_adopt(by=staff, topic_id=topic.pk, lead=member)
    topic_services.topic_publish(by=staff, topic_id=topic.pk)
    tokens = {
        role: api_token_issue(actor=staff, user=user, client_name=f"schemathesis {role}", days=1).token
        for role, user in users.items()
    }
    tokens["read_only"] = api_token_issue(
        actor=staff, user=staff, client_name="schemathesis read-only", days=1, read_only=True
    ).token
    return tokens


@pytest.fixture
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; the test's transaction
    lives on it (Django's own test client disconnects the same receivers)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


_raw_schema = {}


@pytest.fixture
def api_schema(api_world, _keep_the_test_connection):
    """The live schema, fetched once per process through the application as office staff see it (the
    schema's generation is the slow part of a test; the operations are the same for every role)."""
    if not _raw_schema:
        environ = _wsgi_environ("/api/schema/", "format=json")
        environ["HTTP_AUTHORIZATION"] = f"Bearer {api_world['office_staff']}"
        response = application(  # a plain WSGI call, as a client would make it
            environ,
            lambda status, headers: _raw_schema.setdefault("status", status),
        )
        _raw_schema["schema"] = json.loads(b"".join(response))
        assert _raw_schema["status"].startswith("200"), _raw_schema["status"]
    loaded = schemathesis.openapi.from_dict(_raw_schema["schema"])
    loaded.app = application
    return loaded


def _wsgi_environ(path, query):
    from django.test.client import RequestFactory

    return RequestFactory().get(path, QUERY_STRING=query).environ


schema = schemathesis.pytest.from_fixture("api_schema")


def _contract_test(role):
    """One test per role (a parametrised fixture cannot reach schemathesis' lazy schema)."""

    @schema.parametrize()
    @hypothesis_settings(
        max_examples=EXAMPLES if role == "anonymous" else max(1, EXAMPLES // 4),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test(case, api_world):
        headers = {} if role == "anonymous" else {"Authorization": f"Bearer {api_world[role]}"}
        case.call_and_validate(headers=headers, checks=CHECKS)

    test.__name__ = f"test_every_operation_keeps_its_contract_as_{role}"
    return test


for _role in ROLES:
    globals()[f"test_every_operation_keeps_its_contract_as_{_role}"] = _contract_test(_role)
