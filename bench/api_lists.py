"""Time the API's list endpoints at 1,000,000 petitions, on production-like settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_api_bench CACHE_URL=redis://127.0.0.1:6379/12 \\
    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/api_lists.py [--rows 1000000] [--runs 30]

bench/settings.py: DEBUG off, persistent PostgreSQL connections, Redis as the cache (the throttles
and the sign-in lockout count there), personal data encrypted. The first run creates the database
and loads the rows with COPY (bench/inbox_pages.py's loader, a few minutes); later runs reuse them.

Every request goes through the whole URL stack in this process (Django's test client: middleware,
bearer-token authentication, throttle, filters, serializer, JSON renderer), without network, as a
system with a token would call it. Beside each list the same run times two floors:

- `floor: token GET` — /bench/api-floor/, a DRF view on the same authentication, throttle and
  renderer that reads nothing: what any authenticated API call costs here;
- `raw SQL` — the list's own page query (the slowest statement it ran), sent straight to
  PostgreSQL through a cursor: what the database alone needs for that page.

It prints the median and p95 of each, the median CPU time of this (the web) process per request,
the list's ratio to both floors, and the number of SQL queries each request ran (constant: it does
not grow with the rows). On a shared, busy machine read the ratios and the CPU column: wall times
there include waiting for a core.

The department's queue (departments/api) is timed beside them: 60,000 proposals with their lead
assignment over 40 departments, a quarter of them at the bench department, made once.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.inbox_pages import ensure_database, seed  # noqa: E402

LIST = "/api/v1/staff/petitions/"
FLOOR = "/bench/api-floor/"


def _sample(call, runs, cpu=None):
    """Median and p95 wall time of `call` in ms; with a list as `cpu`, appends the median CPU time
    this process spent (the web process's own work, which a busy shared machine inflates less
    than the wall time)."""
    call()  # warm caches and connections
    samples, cpu_samples = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu_samples.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    if cpu is not None:
        cpu.append(statistics.median(cpu_samples))
    return statistics.median(samples), p95


def time_endpoint(client, url, token, runs):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def call():
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return response

    cpu = []
    median, p95 = _sample(call, runs, cpu)
    with CaptureQueriesContext(connection) as captured:
        rows = len(call().json().get("results", []))
    return median, p95, captured.captured_queries, rows, cpu[0]


def time_raw_sql(queries, runs):
    """The list's page query (the slowest statement on petitions_petition with a LIMIT), replayed
    through a cursor: the database's share of the request."""
    pages = [q for q in queries if 'FROM "petitions_petition"' in q["sql"] and "LIMIT" in q["sql"]] or queries
    slowest = max(pages, key=lambda q: float(q["time"]))["sql"]

    def call():
        with connection.cursor() as cursor:
            cursor.execute(slowest)
            cursor.fetchall()

    return _sample(call, runs)


QUEUE_PROPOSALS = 60_000  # a province's track-4 share of 1,000,000 cases, each with its lead assignment
QUEUE_DEPARTMENTS = 40
QUEUE = "/api/v1/departments/queue/assignments/"


def seed_department_queues(*, issuer) -> dict:
    """Proposals with a lead assignment spread over 40 departments, a quarter of them at the bench
    department (a city's 城管局), once; later runs reuse them. Returns a token of its handler."""
    import datetime
    import random

    from accounts.roles import Role
    from accounts.services import api_token_issue
    from departments.models import Department
    from members.models import Member
    from proposals.choices import AssignmentRole, AssignmentStatus
    from proposals.choices import Status as ProposalStatus
    from proposals.models import Proposal, ProposalAssignment
    from tests import factories

    bench_department = Department.objects.filter(name="bench 城管局").first()
    if bench_department is None:
        rng = random.Random(7)
        departments = [Department.objects.create(name="bench 城管局")] + [
            Department.objects.create(name=f"bench 部门 {n}") for n in range(1, QUEUE_DEPARTMENTS)
        ]
        bench_department = departments[0]
        authors = list(Member.objects.prefetch_related("workstations")[:200])
        today = timezone.localdate()
        statuses = [AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.REPORTED]
        for start in range(0, QUEUE_PROPOSALS, 5000):
            proposals = []
            for _n in range(start, min(start + 5000, QUEUE_PROPOSALS)):
                author = rng.choice(authors)
                proposals.append(
                    Proposal(
                        title="关于整治河堤广场夜间噪音的建议",
                        facts="委员实地走访核实。",
                        suggestion="建议规范活动时间和音量。",
                        author=author,
                        workstation=author.workstations.all()[0],
                        status=ProposalStatus.ASSIGNED,
                    )
                )
            Proposal.objects.bulk_create(proposals)
            assignments = []
            for proposal in proposals:
                department = bench_department if rng.random() < 0.25 else rng.choice(departments[1:])
                status = rng.choice(statuses)
                due = today + datetime.timedelta(days=rng.randint(-60, 60))
                assignments.append(
                    ProposalAssignment(
                        proposal=proposal,
                        department=department,
                        role=AssignmentRole.LEAD,
                        status=status,
                        acknowledge_due=due - datetime.timedelta(days=10),
                        due_date=due,
                        result="已办理。" if status == AssignmentStatus.REPORTED else "",
                    )
                )
            ProposalAssignment.objects.bulk_create(assignments)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE proposals_proposal; ANALYZE proposals_proposalassignment")
    handler = factories.UserFactory(roles=[Role.DEPARTMENT_HANDLER])
    bench_department.handlers.add(handler)
    return {"handler": api_token_issue(actor=issuer, user=handler, client_name="bench queue", days=1).token}


def department_queue_lists(*, tokens) -> list[tuple[str, str, str]]:
    """The department's own queue (departments/api), beside the petition lists: the whole queue in
    its order (status, due date), the pending ones, and those due within a week."""
    import datetime

    week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    return [
        ("dept queue: all", QUEUE, tokens["handler"]),
        ("dept queue: pending", f"{QUEUE}?status=pending", tokens["handler"]),
        ("dept queue: due in a week", f"{QUEUE}?status=acknowledged&due_before={week}", tokens["handler"]),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ensure_database()
    seed(args.rows)

    from accounts.roles import Role
    from accounts.services import api_token_issue
    from bench._setup import work_for_whole_install
    from members.models import Member
    from petitions.models import Petition
    from tests import factories

    member = Member.objects.filter(workstations__code="bench-1").select_related("user").first()
    workstation = member.workstations.get(code="bench-1")
    office = factories.UserFactory(username="bench-office", roles=[Role.OFFICE_STAFF])
    work_for_whole_install(office)
    issuer = factories.UserFactory(username="bench-token-issuer", roles=[Role.OFFICE_STAFF])
    tokens = {
        role: api_token_issue(actor=issuer, user=user, client_name=f"bench {role}", days=1).token
        for role, user in (("member", member.user), ("office", office))
    }
    tokens.update(seed_department_queues(issuer=issuer))
    overdue = f"{LIST}?workstation={workstation.code}&overdue=true"
    lists = [
        ("list: member", LIST, tokens["member"]),
        ("list: office staff (all)", LIST, tokens["office"]),
        ("overdue at 1 ws: member", overdue, tokens["member"]),
        ("overdue at 1 ws: office", overdue, tokens["office"]),
        ("list: search text", f"{LIST}?q=%E4%B8%8B%E6%B0%B4%E9%81%93", tokens["member"]),
        ("list: by deadline: member", f"{LIST}?ordering=due_date", tokens["member"]),
        ("list: by deadline: office", f"{LIST}?ordering=due_date", tokens["office"]),
        *department_queue_lists(tokens=tokens),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    total = Petition.objects.count()
    floor_median, floor_p95, floor_queries, _rows, floor_cpu = time_endpoint(client, FLOOR, tokens["office"], args.runs)
    print(f"\n{total:,} petitions; member serves {workstation.code}; {args.runs} runs each")
    print(
        f"floor: token GET {FLOOR}: median {floor_median:.1f} ms, p95 {floor_p95:.1f} ms, "
        f"cpu {floor_cpu:.1f} ms, {len(floor_queries)} queries"
    )
    widths = (("rows", 5), ("median ms", 10), ("p95 ms", 8), ("cpu ms", 8), ("queries", 8), ("raw SQL ms", 11))
    columns = "".join(f"{name:>{width}}" for name, width in (*widths, ("x floor", 8), ("x SQL", 7)))
    print(f"{'endpoint':<28}{columns}")
    for name, url, token in lists:
        median, p95, queries, rows, cpu = time_endpoint(client, url, token, args.runs)
        sql_median, _sql_p95 = time_raw_sql(queries, args.runs)
        print(
            f"{name:<28}{rows:>5}{median:>10.1f}{p95:>8.1f}{cpu:>8.1f}{len(queries):>8}{sql_median:>11.1f}"
            f"{median / floor_median:>8.1f}{median / sql_median:>7.1f}"
        )


if __name__ == "__main__":
    main()
