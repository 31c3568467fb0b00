"""Cached reads dropped by a new generation, and reading several of them in one round trip."""

from unittest import mock

from django.core.cache import cache

from common.cache_generations import generation_bump, generation_cached, generation_read_ahead


def _counting_get_many():
    return mock.patch.object(cache, "get_many", wraps=cache.get_many)


def test_a_cached_value_is_computed_once_and_again_after_a_new_generation(db):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert generation_cached("family", "family:key", compute, 60) == 1
    assert generation_cached("family", "family:key", compute, 60) == 1
    generation_bump("family")
    assert generation_cached("family", "family:key", compute, 60) == 2


def test_read_ahead_fetches_two_families_in_one_round_trip_and_the_reads_inside_use_it():
    generation_cached("one", "one:key", lambda: "first", 60)
    generation_cached("two", "two:key", lambda: "second", 60)

    with _counting_get_many() as get_many:
        with generation_read_ahead(("one", "one:key"), ("two", "two:key")):
            one = generation_cached("one", "one:key", lambda: "recomputed", 60)
            two = generation_cached("two", "two:key", lambda: "recomputed", 60)

    assert (one, two) == ("first", "second")
    assert get_many.call_count == 1


def test_read_ahead_keeps_a_new_generation_a_miss(db):
    generation_cached("family", "family:key", lambda: "old", 60)
    generation_bump("family")

    with generation_read_ahead(("family", "family:key")):
        value = generation_cached("family", "family:key", lambda: "new", 60)

    assert value == "new"
    assert generation_cached("family", "family:key", lambda: "again", 60) == "new"


def test_an_entry_not_read_ahead_is_read_as_usual():
    generation_cached("other", "other:key", lambda: "cached", 60)

    with _counting_get_many() as get_many, generation_read_ahead(("family", "family:key")):
        value = generation_cached("other", "other:key", lambda: "recomputed", 60)

    assert value == "cached"
    assert get_many.call_count == 2
