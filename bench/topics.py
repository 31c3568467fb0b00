"""Benchmark: the topic candidates page (/dashboard/topics/, issue 16) at 1,000,000 petitions, on
production-like settings (bench/settings.py: DEBUG off, Redis cache, persistent connections).

    createdb -h 127.0.0.1 -U postgres ws_topics_bench
    DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_topics_bench \\
        .venv/bin/python manage.py migrate
    DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_topics_bench \\
        .venv/bin/python manage.py generate_load --petitions 1000000        # ~8 minutes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_topics_bench CACHE_URL=redis://127.0.0.1:6379/36 \\
        DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/topics.py [--runs 30]

The first run segments every petition (manage.py petition_words: a few minutes) and builds the
monthly tables (figures and candidates) that the beat keeps in production; later runs reuse them.

Each request goes through the whole Django stack in this process (middleware, session, selectors,
template), signed in as office staff who see every workstation. Beside the candidates it times,
in the same run, a floor (/bench/floor/, a bare view on the same middleware, signed in) and a peer
(the dashboard for the same year), and prints medians, p95, ratios and queries per request.

"year, cold cache" empties the cache (Redis) before every request: the hot words under the
candidates (stats.selectors.topics.rising_words, cached ten minutes) are then read live.

Measured 2026-12-02 again, signed in as office staff of the install's top CPPCC body (before,
the office had a body of its own that owned no workstation since bodies came in, issue 15):
1,000,000 petitions, 5.2 million words, load average 1.5 on 2 cores, --runs 11: floor 3.5 ms;
candidates this year 162 ms median (p95 187), last year 112, quarter 155, month 137, last 365
days 263, cold cache 293; this year with a sector filter (counted live) 2,086; the dashboard for
the same year 392.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ws_topics_bench")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/36")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def sample(call, runs, before=None):
    """(median, p95) wall time and the median CPU time of this process, in ms: on a busy shared
    machine the wall time includes waiting for a core, the CPU column less so."""
    call()  # warm connections and caches
    samples, cpu = [], []
    for _ in range(runs):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, statistics.median(cpu)


def prepare():
    """Words, the figure tables and the candidates' months, once (the beat keeps them later)."""
    from petitions.models import Petition
    from stats.models import PetitionWord
    from stats.services import monthly_figures_sweep
    from stats.services_candidates import candidates_sweep, petition_words_backfill

    if not Petition.objects.exists():
        sys.exit("No petitions: run manage.py generate_load --petitions 1000000 first (see the docstring).")
    if not PetitionWord.objects.exists():
        print("segmenting every petition (once)…", flush=True)
        petition_words_backfill()
    started = time.perf_counter()
    monthly_figures_sweep()
    candidates_sweep()
    print(f"tables up to date ({time.perf_counter() - started:.1f} s)", flush=True)
    with connection.cursor() as cursor:
        # What autovacuum does in production: without it every word read visits the heap.
        cursor.execute("VACUUM ANALYZE stats_petitionword")
        cursor.execute("ANALYZE stats_candidatemonth")


def main():
    from accounts.roles import Role
    from bench._setup import work_for_whole_install
    from members.models import Sector
    from petitions.models import Petition
    from stats.models import PetitionWord
    from stats.selectors import stats_scope
    from tests import factories

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    prepare()

    office = factories.UserFactory(username="bench-topics-office", roles=[Role.OFFICE_STAFF])
    work_for_whole_install(office)
    assert stats_scope(office) is None, "the office must see every workstation"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(office)
    today = timezone.localdate()
    year, last_year = today.year, today.year - 1
    sector = Sector.objects.order_by("pk").first()
    word = PetitionWord.objects.order_by("pk").values_list("word", flat=True).first()
    year_start = f"{today.replace(month=1, day=1)}"
    scenarios = [
        ("floor: /bench/floor/ (signed in)", "/bench/floor/", {}, None),
        ("peer: dashboard, this year", "/dashboard/", {"period": "year", "year": year}, None),
        ("candidates, this year", "/dashboard/topics/", {}, None),
        ("candidates, last year", "/dashboard/topics/", {"period": "year", "year": last_year}, None),
        ("candidates, this quarter", "/dashboard/topics/", {"period": "quarter"}, None),
        ("candidates, this month", "/dashboard/topics/", {"period": "month"}, None),
        ("candidates, last 365 days (custom)", "/dashboard/topics/",
         {"period": "custom", "start": f"{today.replace(year=today.year - 1)}", "end": f"{today}"}, None),
        ("candidates, this year + sector (live words)", "/dashboard/topics/",
         {"period": "year", "year": year, "sector": sector.pk}, None),
        ("candidates, this year, cold cache", "/dashboard/topics/", {}, cache.clear),
        (f"a word's cases (“{word}”), this year", "/dashboard/topics/cases/",
         {"period": "year", "year": year, "dim": "word", "value": word}, None),
    ]  # fmt: skip
    print(
        f"{Petition.objects.count():,} petitions, {PetitionWord.objects.count():,} petition words, "
        f"since {year_start[:4]}-01-01: {Petition.objects.filter(created_at__year=year).count():,} petitions this year"
    )
    with open("/proc/loadavg") as load:
        print(f"load average: {load.read().split()[0]} (2 cores, shared)")
    floor = None
    print(f"{'scenario':<48}{'median ms':>11}{'p95 ms':>9}{'cpu ms':>9}{'x floor':>9}{'queries':>9}")
    for label, url, params, before in scenarios:

        def call(url=url, params=params):
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response

        median, p95, cpu = sample(call, args.runs, before)
        with CaptureQueriesContext(connection) as captured:
            call()
        queries = len(captured.captured_queries)
        floor = floor or median
        print(
            f"{label:<48}{median:>11.1f}{p95:>9.1f}{cpu:>9.1f}{median / floor:>9.1f}{queries:>9}",
            flush=True,
        )


if __name__ == "__main__":
    main()
