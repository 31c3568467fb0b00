import pytest
from django.test import RequestFactory

from common.http import client_ip
from common.ratelimit import Rate, rate_limit_exceeded, rate_limit_hit


def _request(remote="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "xff", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # forged entry on the left ignored
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "not-an-ip", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, xff, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(xff=xff)) == expected


def test_rate_limit_counts_per_key(settings):
    from django.core.cache import cache

    cache.clear()
    rate = Rate.parse("2/m")
    assert rate == Rate(2, 60)
    assert [rate_limit_hit(scope="t", key="a", rate=rate) for _ in range(3)] == [True, True, False]
    assert rate_limit_exceeded(scope="t", key="a", rate=rate) is True
    assert rate_limit_hit(scope="t", key="b", rate=rate) is True
    cache.clear()
