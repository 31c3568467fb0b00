"""Pieces of the OpenAPI description that every app's API shares.

ERROR_BODY is the one error body of the API, {"code", "detail", "fields"} (config.api_errors writes
it): an endpoint that documents a refusal of its own refers to this, and config.api_schema adds it to
every refusal an endpoint does not document.
"""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR_BODY = inline_serializer(
    "ErrorBody",
    fields={"code": serializers.CharField(), "detail": serializers.CharField(), "fields": serializers.DictField()},
)
