"""common.etag: one weak validator per representation, 304 only for a safe read that has it."""

import pytest
from rest_framework.test import APIRequestFactory

from common.etag import etag_matches, etag_response, weak_etag

factory = APIRequestFactory()
BODY = {"id": 7, "status": "assigned", "contact": {"name": "张**"}}


def test_the_tag_is_weak_and_depends_only_on_the_content():
    assert weak_etag(BODY) == weak_etag({"contact": {"name": "张**"}, "status": "assigned", "id": 7})
    assert weak_etag(BODY) != weak_etag({**BODY, "status": "replied"})
    assert weak_etag(BODY).startswith('W/"')
    assert len(weak_etag(BODY)) == len('W/""') + 32


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ("", False),
        ("*", True),
        ("{tag}", True),
        ("{strong}", True),  # If-None-Match compares weakly (RFC 9110 13.1.2)
        ('W/"other", {tag}', True),
        ('W/"other"', False),
    ],
)
def test_if_none_match_compares_weakly_and_takes_lists(header, matches):
    tag = weak_etag(BODY)
    request = factory.get("/", HTTP_IF_NONE_MATCH=header.format(tag=tag, strong=tag[2:]))
    assert etag_matches(request, tag) is matches


def test_a_read_with_the_current_tag_is_304_without_a_body():
    tag = weak_etag(BODY)
    response = etag_response(factory.get("/", HTTP_IF_NONE_MATCH=tag), BODY)
    assert (response.status_code, response.data, response["ETag"]) == (304, None, tag)
    assert response["Cache-Control"] == "private, no-cache"


def test_an_unsafe_method_is_never_304():
    tag = weak_etag(BODY)
    response = etag_response(factory.post("/", HTTP_IF_NONE_MATCH=tag), BODY, status_code=201)
    assert (response.status_code, response.data) == (201, BODY)
