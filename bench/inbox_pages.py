"""Time the inbox, case and reviewer pages with 1,000,000 petitions in a separate bench database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_workflow_bench \
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/inbox_pages.py [--rows 1000000] [--runs 30]

The first run creates and migrates the database and loads the rows with COPY (a few minutes);
later runs reuse them. Pages are requested through Django's test client in this process, so a
figure is the server-side time of one request (middleware, queries, template), without network.
Prints the median and p95 per page, and the number of SQL queries each page ran.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

WORKSTATIONS = 36
MEMBERS_PER_WORKSTATION = 6
CHUNK = 100_000
STATUS_MIX = [("closed", 0.86), ("replied", 0.03), ("assigned", 0.05), ("received", 0.02), ("consulting", 0.02),
              ("proposing", 0.02)]  # fmt: skip


def ensure_database() -> None:
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to load rows into {name!r}: use a database whose name contains 'bench'")
    import psycopg2

    admin = psycopg2.connect(
        host=settings.DATABASES["default"]["HOST"] or "127.0.0.1",
        port=settings.DATABASES["default"]["PORT"] or 5432,
        user=settings.DATABASES["default"]["USER"],
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    call_command("migrate", verbosity=0)


def seed(rows: int) -> None:
    from accounts.roles import Role
    from common.crypto import encrypt
    from common.phones import phone_lookup_hash
    from departments.models import Department
    from members.models import Member, Sector
    from petitions.models import Category, Petition, new_tracking_code
    from tests import factories

    existing = Petition.objects.count()
    if existing >= rows:
        print(f"reusing {existing:,} petitions")
        return
    print(f"loading {rows - existing:,} petitions with COPY …", flush=True)
    rng = random.Random(42)
    if not Category.objects.exists():
        for index, name in enumerate(["噪音", "供水", "道路", "环境", "政策咨询", "社保", "物业", "交通"]):
            Category.objects.create(name=name, code=f"c{index}")
    categories = list(Category.objects.values_list("pk", flat=True))
    workstations = list(factories.WorkstationFactory._meta.model.objects.order_by("pk"))
    for index in range(len(workstations), WORKSTATIONS):
        workstations.append(factories.WorkstationFactory(code=f"bench-{index}", name=f"第{index}委员工作室"))
    sector, _ = Sector.objects.get_or_create(name="经济界")
    members_by_ws = {}
    for workstation in workstations:
        members = list(Member.objects.filter(workstations=workstation))
        while len(members) < MEMBERS_PER_WORKSTATION:
            user = factories.UserFactory(roles=[Role.MEMBER])
            member = Member.objects.create(user=user, sector=sector)
            member.workstations.add(workstation)
            members.append(member)
        members_by_ws[workstation.pk] = [m.pk for m in members]
    Department.objects.get_or_create(name="城管局")

    statuses, weights = zip(*STATUS_MIX, strict=True)
    name_token = encrypt("居民")  # one synthetic name: its token is made once
    columns = (
        "tracking_code, workstation_id, channel, category_id, content, location, is_anonymous, citizen_name, "
        "citizen_phone, citizen_phone_hash, citizen_address, consent_given, status, track, assigned_member_id, "
        "first_response_due, due_date, outcome, households_helped, satisfaction, satisfaction_comment, reopen_count, "
        "created_at, updated_at"
    )
    today = timezone.localdate()
    now = timezone.now()
    remaining = rows - existing
    while remaining:
        batch = min(CHUNK, remaining)
        buffer = io.StringIO()
        for _ in range(batch):
            ws = workstations[rng.randrange(len(workstations))].pk
            status = rng.choices(statuses, weights)[0]
            member = "" if status == "received" else str(rng.choice(members_by_ws[ws]))
            age = rng.randrange(0, 3 * 365)
            created = now - timezone.timedelta(days=age, seconds=rng.randrange(86400))
            due = (today + timezone.timedelta(days=rng.randrange(-10, 15))).isoformat() if status != "closed" else ""
            outcome = rng.choice(["answered", "solved"]) if status in ("closed", "replied") else ""
            track = "2" if status in ("closed", "replied", "assigned") else ("3" if status == "consulting" else "4")
            if status == "received":
                track = ""
            topic = rng.choice(["路灯", "下水道", "噪音", "停车"])
            content = f"第{rng.randrange(10**6)}号诉求：小区{topic}问题需要解决。"
            # None is NULL; "" is an empty string (blank CharFields are NOT NULL by design).
            phone = f"138{rng.randrange(10**8):08d}"
            row = [
                new_tracking_code(), ws, "online", rng.choice(categories), content, "", "f", name_token,
                encrypt(phone), phone_lookup_hash(phone), "", "t", status, track or None, member or None,
                created.date().isoformat(), due or None, outcome, 0, "", "", 0, created.isoformat(),
                created.isoformat(),
            ]  # fmt: skip
            buffer.write("\t".join("\\N" if value is None else str(value) for value in row) + "\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY petitions_petition ({columns}) FROM STDIN", buffer)
        remaining -= batch
        print(f"  … {rows - remaining:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url, runs):
    client.get(url)  # warm caches and connections
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, len(captured)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ensure_database()
    seed(args.rows)

    from accounts.roles import Role
    from bench._setup import work_for_whole_install
    from members.models import Member
    from petitions.models import Petition
    from tests import factories
    from tests.workflow_helpers import submitted_proposal, triaged_petition

    member = Member.objects.filter(workstations__code="bench-1").select_related("user").first() or (
        Member.objects.select_related("user").first()
    )
    workstation = member.workstations.first()
    reviewer = factories.UserFactory(username="bench-reviewer", roles=[Role.REVIEWER])
    work_for_whole_install(reviewer)
    if not Petition.objects.filter(proposals__isnull=False).exists():
        for _ in range(20):
            submitted_proposal(member, workstation, petitions=[triaged_petition(member, workstation, 4)])
    case = Petition.objects.filter(assigned_member=member, status="assigned").order_by("-pk").first()

    member_client, reviewer_client = Client(), Client()
    member_client.force_login(member.user)
    reviewer_client.force_login(reviewer)
    pages = [
        ("inbox: mine", member_client, "/inbox/"),
        ("inbox: unassigned", member_client, "/inbox/?view=unassigned"),
        ("inbox: due soon", member_client, "/inbox/?view=due_soon"),
        ("inbox: overdue", member_client, "/inbox/?view=overdue"),
        ("inbox: waiting", member_client, "/inbox/?view=waiting"),
        ("inbox: all, page 3", member_client, "/inbox/?view=all&page=3"),
        ("inbox: search text", member_client, "/inbox/?view=all&q=%E4%B8%8B%E6%B0%B4%E9%81%93"),
        ("inbox: search code", member_client, f"/inbox/?view=all&q={case.display_code}"),
        ("case page", member_client, f"/cases/{case.pk}/"),
        ("review queue", reviewer_client, "/review/"),
        ("department progress", reviewer_client, "/review/departments/"),
    ]
    total = Petition.objects.count()
    print(f"\n{total:,} petitions; member serves {workstation.code}; {args.runs} runs per page")
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, client, url in pages:
        median, p95, queries = timed(client, url, args.runs)
        print(f"{name:<24}{median:>10.1f}{p95:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
