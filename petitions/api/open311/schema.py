"""How the OpenAPI document (/api/schema/, tag "open311") describes Open311: the JSON shape of each
answer (the XML carries the same elements, as the spec's examples), the spec's error list, and the
query parameters. Every path also takes a .json or .xml suffix (not listed: the same operation)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["xml", "json"], description="xml (default) or json"
)
JURISDICTION = OpenApiParameter(
    "jurisdiction_id", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Accepted and ignored: one jurisdiction."
)
IDEMPOTENCY_KEY = OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)

# A raw schema: drf-spectacular describes a list serializer as a list only for 2xx answers.
ERRORS = {
    "type": "array",
    "description": "The spec's error list.",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}


def errors(*codes: int) -> dict:
    """The spec's error list for these statuses, and 404 everywhere (an unknown ?format= too)."""
    return dict.fromkeys(sorted({*codes, 404}), ERRORS)


_text = {"allow_null": True}

DISCOVERY = inline_serializer(
    "Open311Discovery",
    {
        "changeset": serializers.CharField(),
        "contact": serializers.CharField(),
        "key_service": serializers.CharField(),
        "endpoints": inline_serializer(
            "Open311Endpoint",
            {
                "specification": serializers.CharField(),
                "url": serializers.CharField(),
                "changeset": serializers.CharField(),
                "type": serializers.CharField(),
                "formats": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
)

SERVICES = inline_serializer(
    "Open311Service",
    {
        "service_code": serializers.CharField(),
        "service_name": serializers.CharField(),
        "description": serializers.CharField(**_text),
        "metadata": serializers.BooleanField(),
        "type": serializers.CharField(),
        "keywords": serializers.CharField(**_text),
        "group": serializers.CharField(**_text),
    },
    many=True,
)

DEFINITION = inline_serializer(
    "Open311ServiceDefinition",
    {
        "service_code": serializers.CharField(),
        "attributes": inline_serializer(
            "Open311Attribute",
            {
                "variable": serializers.BooleanField(),
                "code": serializers.CharField(),
                "datatype": serializers.CharField(),
                "required": serializers.BooleanField(),
                "datatype_description": serializers.CharField(**_text),
                "order": serializers.IntegerField(),
                "description": serializers.CharField(),
                "values": inline_serializer(
                    "Open311AttributeValue",
                    {"key": serializers.CharField(), "name": serializers.CharField()},
                    many=True,
                ),
            },
            many=True,
        ),
    },
)

CREATED = inline_serializer(
    "Open311RequestCreated",
    {
        "service_request_id": serializers.CharField(),
        "service_notice": serializers.CharField(),
        "account_id": serializers.CharField(**_text),
    },
    many=True,
)

REQUESTS = inline_serializer(
    "Open311ServiceRequest",
    {
        "service_request_id": serializers.CharField(),
        "status": serializers.ChoiceField(choices=["open", "closed"]),
        "status_notes": serializers.CharField(),
        "service_name": serializers.CharField(**_text),
        "service_code": serializers.CharField(**_text),
        "description": serializers.CharField(**_text, help_text="Always empty: what the citizen wrote is not public."),
        "agency_responsible": serializers.CharField(),
        "service_notice": serializers.CharField(**_text),
        "requested_datetime": serializers.CharField(),
        "updated_datetime": serializers.CharField(),
        "expected_datetime": serializers.CharField(**_text),
        "address": serializers.CharField(**_text),
        "address_id": serializers.CharField(**_text),
        "zipcode": serializers.CharField(**_text),
        "lat": serializers.FloatField(**_text),
        "long": serializers.FloatField(**_text),
        "media_url": serializers.CharField(**_text),
    },
    many=True,
)

CREATE_BODY = inline_serializer(
    "Open311RequestCreate",
    {
        "api_key": serializers.CharField(required=False, help_text="Optional: an API token (wst_…)."),
        "service_code": serializers.CharField(),
        "description": serializers.CharField(),
        "attribute[WORKSTATION]": serializers.CharField(help_text="A workstation code from the service definition."),
        "attribute[CONSENT]": serializers.ChoiceField(choices=["yes"], required=False),
        "address_string": serializers.CharField(required=False),
        "lat": serializers.FloatField(required=False),
        "long": serializers.FloatField(required=False),
        "first_name": serializers.CharField(required=False),
        "last_name": serializers.CharField(required=False),
        "phone": serializers.CharField(required=False),
        "email": serializers.CharField(required=False, help_text="Not kept."),
        "device_id": serializers.CharField(required=False, help_text="Not kept."),
        "account_id": serializers.CharField(required=False, help_text="Not kept."),
        "address_id": serializers.CharField(required=False, help_text="Not kept."),
        "media_url": serializers.CharField(required=False, help_text="Not fetched."),
        "jurisdiction_id": serializers.CharField(required=False, help_text="Ignored."),
    },
)

LIST_PARAMETERS = [
    OpenApiParameter(
        "service_request_id",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="Tracking codes, comma-separated (at most 20); overrides the rest.",
    ),
    OpenApiParameter("service_code", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Comma-separated."),
    OpenApiParameter("start_date", OpenApiTypes.DATETIME, OpenApiParameter.QUERY),
    OpenApiParameter("end_date", OpenApiTypes.DATETIME, OpenApiParameter.QUERY),
    OpenApiParameter("status", OpenApiTypes.STR, OpenApiParameter.QUERY, description="open, closed or both (comma)."),
]

# Public methods; POST and GET requests also take a token (optional).
PUBLIC: list = []
TOKEN_OPTIONAL = [{"apiToken": []}, {}]
