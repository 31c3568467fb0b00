"""The OpenAPI document of the areas outside petitions: every operation tagged with its area,
documenting the one error body; every endpoint refusing a caller without a token (bar the public)."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

AREAS = {
    "/api/v1/departments/queue/": "departments",
    "/api/v1/proposals/": "proposals",
    "/api/v1/rosters/": "rosters",
    "/api/v1/members/": "members",
    "/api/v1/sectors/": "members",
    "/api/v1/knowledge/": "knowledge",
    "/api/v1/workstations/": "public",
    "/api/v1/categories/": "public",
    "/api/v1/track/{code}/rating/": "public",
}


def _area(path):
    return next((area for prefix, area in AREAS.items() if path.startswith(prefix)), None)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        area = _area(path)
        if area is None:
            continue
        for method, operation in item.items():
            yield path, method, area, operation


def test_every_operation_is_tagged_with_its_area_and_documents_the_error_body(schema):
    operations = list(_operations(schema))
    assert len(operations) >= 40

    problems = []
    for path, method, area, operation in operations:
        if operation.get("tags") != [area]:
            problems.append((path, method, "tags", operation.get("tags")))
        errors = {code: r for code, r in operation["responses"].items() if code.startswith(("4", "5"))}
        if not errors:
            problems.append((path, method, "no error responses"))
        for code, response in errors.items():
            ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if not ref.endswith("/ErrorBody"):
                problems.append((path, method, code, ref))
        # the refusals it documents itself come with an example (config.api_schema adds the rest)
        if not any(r["content"]["application/json"].get("examples") for r in errors.values()):
            problems.append((path, method, "no error example"))
        if not operation.get("summary"):
            problems.append((path, method, "no summary"))
    assert problems == []


def test_creating_posts_document_the_idempotency_answer(schema):
    creating = [
        "/api/v1/proposals/",
        "/api/v1/rosters/months/",
        "/api/v1/rosters/swaps/",
        "/api/v1/rosters/my/unavailability/",
        "/api/v1/departments/queue/assignments/{id}/extension/",
    ]
    for path in creating:
        responses = schema["paths"][path]["post"]["responses"]
        assert "201" in responses, path
        assert "422" in responses, path


PUBLIC = ("/api/v1/workstations/", "/api/v1/categories/", "/api/v1/track/")


def test_every_non_public_endpoint_refuses_a_missing_or_wrong_token(client, schema):
    refused = []
    tries = 0
    for path, method, _area, _operation in _operations(schema):
        if path.startswith(PUBLIC):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        url = url.replace("/1/1/1/", "/xiliuwan/2027/1/")
        # a wrong token counts against the sign-in lockout: a fresh address and prefix each time
        tries += 1
        wrong = {
            "HTTP_AUTHORIZATION": f"Bearer wst_{tries:08x}_wrong",
            "REMOTE_ADDR": f"10.0.{tries // 250}.{tries % 250}",
        }
        for headers in ({}, wrong):
            response = getattr(client, method)(url, **headers)
            if response.status_code != 401:
                refused.append((method, url, headers, response.status_code))
    assert refused == []
