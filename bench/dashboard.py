"""Benchmark: the statistics dashboard page and GET /api/v1/stats/summary/, every period at every
level of the workstation tree, at 100,000 beside 1,000,000 petitions, in one run.

    export DJANGO_SETTINGS_MODULE=config.settings.test
    build() {  # database name, then generate_load's arguments
        createdb -h 127.0.0.1 -U postgres $1
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/$1 .venv/bin/python manage.py migrate
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/$1 .venv/bin/python manage.py generate_load "${@:2}"
    }
    build ws_periods_bench_100000 --petitions 100000                 # two years
    build ws_periods_bench_1000000 --petitions 1000000               # two years, ten times a day
    build ws_periods_bench_1000000_20y --petitions 1000000 --days 7300   # twenty years, as many a day
    unset DJANGO_SETTINGS_MODULE
    CACHE_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/dashboard.py --runs 15 \\
        --databases ws_periods_bench_100000 ws_periods_bench_1000000 ws_periods_bench_1000000_20y

(100,000 takes about a minute to build, each 1,000,000 six to nine; a database migrated after
generating needs `manage.py build_monthly_figures`. Redis has 16 databases here: pick one < 16.)

generate_load spreads the petitions over two cities of two districts each (townships and
communities below): the levels measured are the whole install, one city's subtree, one district's
and one township's. Production-like settings (bench/settings.py: DEBUG off, Redis cache,
persistent connections), each request through the whole Django stack in-process (middleware,
session, selectors, template rendering or JSON), signed in as office staff who see every
workstation (the install's top CPPCC body), and, for the rows "as a county's office", as office staff of
the first district's body, who see its subtree only; the dashboard caches nothing between requests.

Two comparisons in one run. The two-year million has ten times the petitions a day of the
100,000: the load of a province against a city's, for every period's absolute figure. The
twenty-year million has the same petitions a day as the 100,000 and ten times its history: its
month, quarter and year cost the same (÷ ≈ 1), because the current month is built days plus today
counted live and the finished months come from the period tables; only "to date" reads more (one
block row set per year, stats.models.FigureBlock and the yearly tables).

Each database is measured by a child process of its own, one after the other. The table prints
the median wall time per scenario, its ratio to the first database's, and the median CPU time of
the web process (what a busy machine inflates less than the wall time). The floor row is a
signed-in GET of a view that reads nothing: what any page costs here. The last row is not a
request: yesterday counted live by every definition the dashboard counts today with, which is
what the month view adds by the end of a day (generate_load's history stops when it ran, so
"today" holds what it wrote after local midnight). On a busy shared machine read the ratios; the
load average is printed at start and end.

Measured 2026-12-02 (2 cores, load average 0.6–1.0, --runs 15; ms, median wall / web CPU; ÷ is
the wall time's ratio to the 100,000 database's):

    scenario                 100,000      1,000,000 (2 y)    ÷     1,000,000 (20 y)   ÷
    month, whole             91 / 66       96 / 70         1.06     85 / 64         0.94
    quarter, whole           94 / 72      102 / 72         1.09     99 / 74         1.05
    year, whole             117 / 84      119 / 77         1.01    109 / 76         0.93
    to date, whole          122 / 85      139 / 91         1.14    171 / 87         1.41
    month, city              77 / 61       80 / 59         1.05     84 / 62         1.09
    to date, city           101 / 70      135 / 81         1.34    139 / 79         1.37
    month, district          61 / 48       88 / 60         1.43     71 / 52         1.16
    to date, district        82 / 59      115 / 71         1.41    114 / 70         1.39
    month, township          60 / 47       74 / 52         1.25     68 / 50         1.14
    to date, township        85 / 63      100 / 61         1.17    109 / 68         1.28
    month, county office     66 / 50       70 / 50         1.06     65 / 48         0.98
    to date, county office   82 / 59       98 / 62         1.19    137 / 84         1.67
    custom 18 months        221 / 133     706 / 267        3.20    312 / 199        1.41   (before the next)
    custom 18 months        231 / 163     255 / 157        1.10    181 / 120        0.78   (edge month whole)
    custom 5 years, district 105 / 77     181 / 122        1.73    208 / 115        1.99
    a whole day live         21 / 15       62 / 35         3.01     30 / 23         1.45

Every month, quarter, year and to-date view, at every level, is under 300 ms at 1,000,000
petitions (the slowest, to date over twenty years, 171 ms); the month at twenty years of history
costs what it does at two. What still grows is the day's own volume (a whole day live: 62 ms at
ten times the petitions a day). The 18 months start on the 3rd: June was counted live, 28 days,
706 ms at 1,000,000 over two years; it is now read whole less its first two days (PeriodPlan.minus),
255 ms (a later run at load average 1.4–2.4; the others in it were 10–60% slower than above). A
custom range's edge holding less than half a month is still counted live, 15 days at most.
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
    # Today is counted live, and generate_load's history ends when it ran: a database generated
    # just after midnight has little of today. What a whole day costs counted live, the most the
    # month view adds by the evening: yesterday counted the way today is.
    name = "a whole day live (selectors)"
    results["rows"][name] = _whole_day_live(today, runs)
    out(f"{name:32} {results['rows'][name][0]:10.1f}")
    out("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if as_json:
        print(json.dumps(results))


def _whole_day_live(today, runs: int) -> tuple:
    """Median ms of yesterday counted live by every live definition the dashboard runs for today:
    the petition cube, the hand-offs, the waits, the grades and the projects."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stats.filters import StatsFilter
    from stats.selectors import aggregates, grades, tables

    yesterday = today - datetime.timedelta(days=1)
    f = StatsFilter(start=yesterday, end=yesterday)

    def count():
        aggregates.petition_cube(f, today)
        tables.handoff_rows(f, today)
        tables.wait_histogram(f)
        grades.grade_rows(f)
        tables.project_rows(f)

    count()
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        count()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        count()
    timings.sort()
    return (statistics.median(timings), timings[-1], len(ctx.captured_queries), statistics.median(cpu))


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
    names = [f"{m['database'].removeprefix('ws_periods_bench_')}" for m in measured]
    print("databases: " + ", ".join(f"{m['database']} ({m['petitions']:,} petitions)" for m in measured))
    print(
        f"{'median of ' + str(runs) + ' requests':32}"
        + "".join(f"{name + ' ms':>16}" for name in names)
        + "".join(f"{'÷ ' + names[0]:>12}" for _name in names[1:])
        + "".join(f"{'cpu ' + name:>16}" for name in names)
        + f"{'queries':>12}"
    )
    for scenario in measured[0]["rows"]:
        rows = [m["rows"].get(scenario) for m in measured]
        walls = "".join(f"{row[0]:16.1f}" if row else f"{'—':>16}" for row in rows)
        cpus = "".join(f"{row[3]:16.1f}" if row else f"{'—':>16}" for row in rows)
        first = rows[0]
        factors = "".join(
            f"{row[0] / first[0]:12.2f}" if first and row and first[0] else f"{'—':>12}" for row in rows[1:]
        )
        queries = "/".join(str(row[2]) for row in rows if row)
        print(f"{scenario:32}{walls}{factors}{cpus}{queries:>12}")
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
