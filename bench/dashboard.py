"""Benchmark: the statistics dashboard page and GET /api/v1/stats/summary/, every period at every
level of the workstation tree, at 100,000 beside 1,000,000 petitions, in one run.

    export DJANGO_SETTINGS_MODULE=config.settings.test
    for N in 100000 1000000; do
        createdb -h 127.0.0.1 -U postgres ws_periods_bench_$N
        export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_periods_bench_$N
        .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_load --petitions $N
    done
    unset DJANGO_SETTINGS_MODULE DATABASE_URL
    # (build_monthly_figures: only for a database migrated after generating)
    CACHE_URL=redis://127.0.0.1:6379/24 .venv/bin/python bench/dashboard.py --runs 15 \\
        --databases ws_periods_bench_100000 ws_periods_bench_1000000

generate_load spreads the petitions over two cities of two districts each (townships and
communities below): the levels measured are the whole install, one city's subtree, one district's
and one township's. Production-like settings (bench/settings.py: DEBUG off, Redis cache,
persistent connections), each request through the whole Django stack in-process (middleware,
session, selectors, template rendering or JSON), signed in as office staff who see every
workstation (the install's top CPPCC body), and, for the rows "as a county's office", as office staff of
the first district's body, who see its subtree only; the dashboard caches nothing between requests.

Each database is measured by a child process of its own, one after the other. The table prints
the median wall time per scenario at each size, the ratio of the largest to the smallest, and the
median CPU time of the web process (what a busy machine inflates less than the wall time): the peer of a
figure at 1,000,000 is the same figure at 100,000, and a month's ratio ≈ 1 says the month costs
the same whatever the history (the current month is built days plus today counted live). The
floor row is a signed-in GET of a view that reads nothing: what any page costs here. On a busy
shared machine read the ratios; the load average is printed at start and end.

Measured 2026-12-02 (2 cores, load average 0.7–1.4, --runs 15; ms, median wall / web CPU):

    scenario              100,000        1,000,000       ratio
    month, whole          193 / 142      292 / 195       1.51
    quarter, whole        291 / 205      404 / 275       1.39
    year, whole           275 / 188      451 / 293       1.64
    to date, whole        340 / 222      508 / 296       1.50
    to date, city         218 / 145      468 / 218       2.14
    to date, district     194 / 129      309 / 148       1.59
    to date, township     178 / 123      268 / 145       1.51
    to date, county office 201 / 131     386 / 181       1.92
    custom 18 months      371 / 242    1,746 / 618       4.70

Not yet the 300 ms of issue 15 for the quarter, year and to date at the top of the tree, nor a
month at 1,000,000 as fast as at 100,000: generate_load gives the larger database ten times the
petitions a day, and today is counted live (its petition cube, hand-offs, grades and waits).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")


def scenarios(today, levels: dict, category) -> list[tuple[str, str, dict]]:
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    periods = [
        ("month", {}),
        ("quarter", {"period": "quarter"}),
        ("year", {"period": "year"}),
        ("to date", {"period": "to_date"}),
    ]
    rows = [("floor: signed-in bare view", "/bench/floor/", {})]
    for level, pk in levels.items():
        for name, params in periods:
            rows.append((f"{name}, {level}", "/dashboard/", {**params, **({"workstation": pk} if pk else {})}))
    # A county CPPCC's office staff (their body and those below: stats_scope, not a filter).
    for name, params in periods:
        rows.append((f"{name}, as a county's office", "county:/dashboard/", params))
    rows += [
        ("last month, whole", "/dashboard/", {"period": "month", "month": last_month}),
        (
            "custom 18 months, whole",
            "/dashboard/",
            {"period": "custom", "start": f"{today - datetime.timedelta(days=548)}", "end": f"{today}"},
        ),
        (
            "custom 5 years, district",
            "/dashboard/",
            {
                "period": "custom",
                "start": f"{today - datetime.timedelta(days=365 * 5)}",
                "end": f"{today}",
                "workstation": levels.get("district") or "",
            },
        ),
        ("month + category, whole", "/dashboard/", {"category": category.pk if category else ""}),
        ("api summary, month", "/api/v1/stats/summary/", {}),
        ("api summary, to date", "/api/v1/stats/summary/", {"period": "to_date"}),
    ]
    return rows


def measure(runs: int, as_json: bool) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role, role_group_name, roles_sync
    from petitions.models import Category, Petition
    from workstations.models import Workstation

    roles_sync()
    user, _created = User.objects.get_or_create(username="bench-office", defaults={"full_name": "统计人员"})
    user.groups.add(Group.objects.get(name=role_group_name(Role.OFFICE_STAFF)))
    # Office staff of the install's top CPPCC body, who see every workstation: without a body
    # they would see none (workstations.permissions), and the "whole" rows would measure nothing.
    from workstations.models import BodyMembership, CppccBody

    top = CppccBody.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True).first()
    BodyMembership.objects.update_or_create(user=user, defaults={"body_id": top})
    office_client = Client(HTTP_HOST="127.0.0.1")
    office_client.force_login(user)
    # Office staff of the first district's CPPCC body (generate_load gives each district one).

    county = Workstation.objects.filter(code="load-d0").values_list("body_id", flat=True).first()
    county_user, _created = User.objects.get_or_create(username="bench-office-county", defaults={"full_name": "区统计"})
    county_user.groups.add(Group.objects.get(name=role_group_name(Role.OFFICE_STAFF)))
    if county:
        BodyMembership.objects.update_or_create(user=county_user, defaults={"body_id": county})
    county_client = Client(HTTP_HOST="127.0.0.1")
    county_client.force_login(county_user)

    def first(**lookup):
        return Workstation.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()

    levels = {
        "whole": None,
        "city": first(code="load-city") or first(level="city"),
        "district": first(code="load-d0") or first(level="county"),
        "township": first(code="load-d0-t0") or first(level="township"),
    }
    today = timezone.localdate()
    results = {"petitions": Petition.objects.count(), "database": connection.settings_dict["NAME"], "rows": {}}
    out = (lambda *a, **k: None) if as_json else print
    out(f"petitions: {results['petitions']:,}  database: {results['database']}  runs: {runs}")
    out("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    out(f"{'scenario':32} {'median ms':>10} {'p95 ms':>10} {'min ms':>8} {'cpu ms':>8} {'queries':>8}")
    from stats.selectors import stats_scope

    assert stats_scope(user) is None, "bench-office must see the whole install"
    for name, url, params in scenarios(today, levels, Category.objects.order_by("pk").first()):
        client = county_client if url.startswith("county:") else office_client
        url = url.removeprefix("county:")
        client.get(url, params)  # warm the connection and the PostgreSQL buffers
        timings, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, params, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, params)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        median = statistics.median(timings)
        results["rows"][name] = (median, p95, len(ctx.captured_queries), statistics.median(cpu))
        out(
            f"{name:32} {median:10.1f} {p95:10.1f} {timings[0]:8.1f} {statistics.median(cpu):8.1f} "
            f"{len(ctx.captured_queries):8}"
        )
    out("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if as_json:
        print(json.dumps(results))


def side_by_side(databases: list[str], runs: int) -> None:
    """Measure each database in a child process and print the medians, and the ratio of the last
    to the first, in one table."""
    measured = []
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for name in databases:
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
        done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
            [sys.executable, __file__, "--runs", str(runs), "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
    sizes = [f"{m['petitions']:,}" for m in measured]
    ratio = f"{sizes[-1]}/{sizes[0]}"
    print(
        f"{'median of ' + str(runs) + ' requests':32}"
        + "".join(f"{size + ' ms':>14}" for size in sizes)
        + f"{ratio:>20}"
        + "".join(f"{'cpu ' + size:>14}" for size in sizes)
        + f"{'queries':>10}"
    )
    for scenario in measured[0]["rows"]:
        rows = [m["rows"].get(scenario) for m in measured]
        walls = "".join(f"{row[0]:14.1f}" if row else f"{'—':>14}" for row in rows)
        cpus = "".join(f"{row[3]:14.1f}" if row else f"{'—':>14}" for row in rows)
        first, last = rows[0], rows[-1]
        factor = f"{last[0] / first[0]:.2f}" if first and last and first[0] else "—"
        queries = "/".join(str(row[2]) for row in rows if row)
        print(f"{scenario:32}{walls}{factor:>20}{cpus}{queries:>10}")
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--databases", nargs="*", help="bench databases to measure side by side")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.databases:
        return side_by_side(args.databases, args.runs)
    return measure(args.runs, args.json)


if __name__ == "__main__":
    main()
