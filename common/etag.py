"""`ETag` and `If-None-Match` for the API's detail reads: one weak validator per representation.

How to use it in a DRF view (a detail read of any app)::

    from common.etag import etag_response

    def get(self, request, pk):
        data = ThingOutputSerializer(thing_get_for_user(user=request.user, pk=pk)).data
        return etag_response(request, data)   # 200 with ETag, or 304 without a body

or, for a `RetrieveAPIView`, mix in :class:`ETagRetrieveMixin` before the generic view.

The tag is computed from the serialized body (canonical JSON: keys sorted, no spaces, UTF-8),
not from the row's `updated_at`: what one caller is shown depends on who they are (a member sees
the citizen's contact, a reviewer sees it masked), and related rows (the category's name, the
assigned member) change without touching the row. Hashing the body is always right and costs a
SHA-256 of a few kilobytes; the queries are the same as a 200's, so a 304 saves the transfer and
the client's parsing, not the database work. It is *weak* (`W/"…"`): the body is equivalent, not
byte-for-byte (the renderer may format it differently), which is what RFC 9110 §8.8.1 says weak
validators are for, and If-None-Match compares weakly (§13.1.2) anyway.

The response carries `Cache-Control: private, no-cache`: a shared cache never keeps it (it may
hold personal data), a client may keep it but must revalidate each time (that is the point of the
tag). Only GET and HEAD answer 304; on other methods a matching tag changes nothing.

When a read has a side effect that belongs to the body being *sent* (the access log records that
someone saw a citizen's contact), check ``response.status_code == 200`` before recording it: a 304
sends nothing new.
"""

import hashlib
import json

from django.utils.cache import patch_cache_control
from rest_framework import status
from rest_framework.response import Response

CACHE_CONTROL = {"private": True, "no_cache": True}


def weak_etag(data) -> str:
    """The weak entity tag of a serialized body: `W/"<32 hex digits>"`."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(request, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag` (weak comparison, a list or `*`)."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = _opaque(etag)
    return any(_opaque(candidate) == wanted for candidate in header.split(","))


def etag_response(request, data, *, status_code: int = status.HTTP_200_OK, headers: dict | None = None) -> Response:
    """`data` as a Response with its ETag, or a bodiless 304 when the client already has it."""
    etag = weak_etag(data)
    if request.method in ("GET", "HEAD") and etag_matches(request, etag):
        response = Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    else:
        response = Response(data, status=status_code, headers=headers)
    response["ETag"] = etag
    patch_cache_control(response, **CACHE_CONTROL)
    return response


class ETagRetrieveMixin:
    """For a DRF `RetrieveAPIView` (or a ViewSet's retrieve): answers with :func:`etag_response`."""

    def retrieve(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object())
        return etag_response(request, serializer.data)
