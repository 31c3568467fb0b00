"""What the OpenAPI schema says of every operation's refusals, said once.

Every API view answers its refusals through one handler (config.api_errors) with one body, so the
schema describes them in one place too: a drf-spectacular postprocessing hook adds, to every
operation that does not document them itself, the error responses the handler can give it:

- 400 where the operation reads a body or query parameters (validation, with ``fields``);
- 401 where a token is accepted (a wrong, revoked or expired token is refused, never ignored);
- 403 where credentials are read (permissions, a read-only token writing, CSRF for a session);
- 404 where the path names an object;
- 409 on writes (a workflow transition not allowed in the object's state now);
- 415 where a body is read (a content type the operation does not parse);
- 422 where an Idempotency-Key is read (the key was used for another request);
- 429 everywhere (throttles and the sign-in lockout, with Retry-After).

An endpoint that wants a sharper description of one of these writes its own (extend_schema), and
the hook leaves it alone. tests/api/test_schemathesis.py holds every operation to this contract.
"""

ERROR_BODY_COMPONENT = "ErrorBody"
ERROR_BODY_SCHEMA = {
    "type": "object",
    "description": "The one error body of the API (config.api_errors).",
    "properties": {
        "code": {"type": "string", "description": "Stable, for programs: invalid, not_found, token_invalid, …"},
        "detail": {"type": "string", "description": "For people, in the request's language."},
        "fields": {
            "type": "object",
            "additionalProperties": True,
            "description": "The fields a validation error is about, each with its messages; empty otherwise.",
        },
    },
    "required": ["code", "detail", "fields"],
}

DESCRIPTIONS = {
    "400": "The input is invalid; `fields` says where.",
    "401": "The token is missing where one is needed, or wrong, revoked or expired.",
    "403": "Not allowed for this user or token (a read-only token cannot write).",
    "404": "No such object, or not one this user may see.",
    "409": "Not allowed in the object's present state.",
    "415": "The body's content type is not accepted here.",
    "422": "This Idempotency-Key was used for a different request.",
    "429": "Too many requests, or sign-in locked; see Retry-After.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _statuses(method: str, operation: dict) -> list[str]:
    parameters = operation.get("parameters", [])
    wanted = ["429"]
    if "security" in operation:
        wanted.append("403")
    if operation.get("requestBody") or any(parameter.get("in") == "query" for parameter in parameters):
        wanted.append("400")
    if any("apiToken" in requirement for requirement in operation.get("security", [])):
        wanted.append("401")
    if any(parameter.get("in") == "path" for parameter in parameters):
        wanted.append("404")
    if method in WRITE_METHODS:
        wanted.append("409")
    if operation.get("requestBody"):
        wanted.append("415")
    if any(parameter.get("in") == "header" and parameter.get("name") == "Idempotency-Key" for parameter in parameters):
        wanted.append("422")
    return sorted(wanted)


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: the refusals of every operation under /api/."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_BODY_COMPONENT, ERROR_BODY_SCHEMA)
    reference = {"$ref": f"#/components/schemas/{ERROR_BODY_COMPONENT}"}
    for path, item in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in _statuses(method, operation):
                responses.setdefault(
                    status,
                    {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": reference}}},
                )
    return result
