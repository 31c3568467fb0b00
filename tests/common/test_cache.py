"""The cache may go away: with Redis unreachable the pages work uncached (reliability check 24)."""

import re
import time

import pytest
from django.core.cache import cache

from common.ratelimit import Rate, rate_limit_hit, rate_limits_hit
from petitions.models import Petition
from tests import factories


def _redis_cache(settings, url):
    settings.CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": url}}


@pytest.fixture
def cache_down(settings):
    _redis_cache(settings, "redis://127.0.0.1:1/0")  # nothing listens on port 1


def test_a_reachable_redis_caches(settings):
    _redis_cache(settings, settings.CELERY_BROKER_URL)
    cache.set("cache-test", {"a": 1}, 5)
    assert cache.get("cache-test") == {"a": 1}
    assert cache.add("cache-test", 2) is False
    cache.delete("cache-test")


def test_an_unreachable_redis_is_a_miss_and_rate_limits_let_requests_through(cache_down):
    started = time.monotonic()
    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.add("k", 1) is False
    assert all(rate_limit_hit(scope="test", key="1.2.3.4", rate=Rate(1, 60)) for _ in range(3))
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_citizen_submits_and_tracks_with_the_cache_down(client, cache_down, workstation):
    category = factories.CategoryFactory(name="噪音扰民", code="noise")

    page = client.get(f"/w/{workstation.code}/submit/")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        f"/w/{workstation.code}/submit/",
        {
            "idempotency_key": key,
            "category": category.pk,
            "content": "河堤广场晚上九点半以后音乐声太大，影响学生休息。",
            "website": "",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert client.get(f"/track/{petition.tracking_code}/").status_code == 200


def test_on_redis_a_rate_limit_counts_in_one_round_trip_and_refuses_past_the_limit(settings):
    # given: the production cache, and a counter nobody has used
    _redis_cache(settings, settings.CELERY_BROKER_URL)
    cache.delete_many([f"rl-test-{n}" for n in range(2)])
    scope = f"test-{time.time_ns()}"

    # when: four attempts under a limit of three
    answers = [rate_limit_hit(scope=scope, key="13800138000", rate=Rate(3, 60)) for _ in range(4)]

    # then: the fourth is refused, and the counter reads back as a number that expires
    assert answers == [True, True, True, False]
    assert cache.count_hit("rl-test-0", timeout=60) == 1
    assert cache.count_hit("rl-test-0", timeout=60) == 2
    assert cache.get("rl-test-0") == 2
    # and a window's counter goes away with its window
    assert cache.count_hit("rl-test-1", timeout=1) == 1
    time.sleep(1.2)
    assert cache.count_hit("rl-test-1", timeout=1) == 1
    cache.delete_many(["rl-test-0", "rl-test-1"])


def test_an_unreachable_redis_counts_every_hit_as_the_first(cache_down):
    assert [cache.count_hit("k", timeout=60) for _ in range(2)] == [1, 1]
    assert cache.count_hits([("k", 60), ("j", 60)]) == [1, 1]


@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_two_limits_count_together_and_name_the_first_one_over(settings, backend):
    if backend == "redis":
        _redis_cache(settings, settings.CELERY_BROKER_URL)
    scope = f"test-{time.time_ns()}"
    ip, phone = (f"{scope}-ip", "1.2.3.4", Rate(3, 60)), (f"{scope}-phone", "13800138000", Rate(1, 60))

    answers = [rate_limits_hit(ip, phone) for _ in range(2)] + [
        rate_limits_hit(ip, (f"{scope}-phone", "", Rate(1, 60)))
    ]
    answers += [rate_limits_hit(ip, phone)]

    # the phone is over at the second attempt; a blank phone is not counted; the address at the fourth
    assert answers == [None, 1, None, 0]


def test_the_redis_cache_reuses_one_client_per_connection_pool(settings):
    _redis_cache(settings, settings.CELERY_BROKER_URL)

    client = cache._cache.get_client(write=True)

    assert cache._cache.get_client("any-key", write=True) is client
    cache.set("cache-test-client", [1, 2], 5)
    assert cache.get_many(["cache-test-client", "cache-test-absent"]) == {"cache-test-client": [1, 2]}
    cache.delete("cache-test-client")
