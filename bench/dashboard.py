"""Benchmark: the statistics dashboard page and GET /api/v1/stats/summary/ on a large database.

    createdb -h 127.0.0.1 -U postgres ws_stats_bench
    export DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_stats_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_load --petitions 1000000
    .venv/bin/python manage.py build_monthly_figures   # only if the database was migrated after generating
    .venv/bin/python bench/dashboard.py --runs 30

Side by side, one run over two (or more) bench databases, e.g. 100,000 and 1,000,000 petitions
(each database is measured by a child process of its own, one after the other):

    .venv/bin/python bench/dashboard.py --runs 15 \
        --databases ws_periods_bench_100000 ws_periods_bench_1000000

Each request goes through the whole Django stack in-process (middleware, session, selectors,
template rendering, JSON), signed in as office staff who see every workstation; nothing is
cached between requests (the dashboard has no cache). Prints median and p95 per scenario.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role, role_group_name, roles_sync
    from petitions.models import Category, Petition
    from workstations.models import Workstation

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--databases", nargs="*", help="bench databases to measure side by side")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.databases:
        return side_by_side(args.databases, args.runs)

    roles_sync()
    user, _created = User.objects.get_or_create(username="bench-office", defaults={"full_name": "统计人员"})
    user.groups.add(django.contrib.auth.models.Group.objects.get(name=role_group_name(Role.OFFICE_STAFF)))
    client = Client()
    client.force_login(user)

    today = timezone.localdate()
    district = Workstation.objects.filter(level="county").order_by("pk").first()
    category = Category.objects.order_by("pk").first()
    month = today.strftime("%Y-%m")
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    custom_start = (today - datetime.timedelta(days=548)).isoformat()
    scenarios = [
        ("page, this month", "/dashboard/", {}),
        ("page, last month", "/dashboard/", {"period": "month", "month": last_month}),
        ("page, this quarter", "/dashboard/", {"period": "quarter"}),
        ("page, this year", "/dashboard/", {"period": "year"}),
        ("page, to date", "/dashboard/", {"period": "to_date"}),
        (
            "page, last 18 months (custom)",
            "/dashboard/",
            {"period": "custom", "start": custom_start, "end": f"{today}"},
        ),
        (
            "page, to date + district",
            "/dashboard/",
            {"period": "to_date", "workstation": district.pk if district else ""},
        ),
        ("page, month + district", "/dashboard/", {"month": month, "workstation": district.pk if district else ""}),
        ("page, month + category", "/dashboard/", {"month": month, "category": category.pk if category else ""}),
        ("api summary, this month", "/api/v1/stats/summary/", {}),
        ("api summary, this year", "/api/v1/stats/summary/", {"period": "year"}),
        ("api summary, to date", "/api/v1/stats/summary/", {"period": "to_date"}),
    ]
    results = {"petitions": Petition.objects.count(), "database": connection.settings_dict["NAME"], "rows": {}}
    out = (lambda *a, **k: None) if args.json else print
    out(f"petitions: {results['petitions']:,}  database: {connection.settings_dict['NAME']}  runs: {args.runs}")
    # The machine may be shared: the load average says how much of it the figures had.
    out("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    out(f"{'scenario':32} {'median ms':>10} {'p95 ms':>10} {'min ms':>8} {'queries':>8}")
    for name, url, params in scenarios:
        client.get(url, params)  # warm the connection and the PostgreSQL buffers
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(url, params)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        results["rows"][name] = (statistics.median(timings), p95, len(ctx.captured_queries))
        out(f"{name:32} {statistics.median(timings):10.1f} {p95:10.1f} {timings[0]:8.1f} {len(ctx.captured_queries):8}")

    out("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if args.json:
        print(json.dumps(results))


def side_by_side(databases: list[str], runs: int) -> None:
    """Measure each database in a child process and print the medians in one table."""
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
    header = "".join("{:>26}".format(f"{m['petitions']:,} med/p95 ms") for m in measured)
    print(f"{'scenario':32}{header}")
    for scenario in measured[0]["rows"]:
        cells = "".join(
            f"{'{:.1f} / {:.1f} ({}q)'.format(*m['rows'][scenario]):>26}" if scenario in m["rows"] else f"{'—':>26}"
            for m in measured
        )
        print(f"{scenario:32}{cells}")
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
