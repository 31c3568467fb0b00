"""Citizen intake throughput: GET form + POST submission pairs per second, under gunicorn with 2
workers on PostgreSQL, beside the floor (a bare Django view that saves one row) in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_intake_bench .venv/bin/python bench/intake_throughput.py

Options: --seconds (per round, default 5), --clients (concurrent client processes, default 4),
--rounds (floor/intake alternations, default 12), --threads (gunicorn threads per worker, default 1),
--port. The database is created and migrated if
needed; a workstation with a member on duty today is seeded. Prints pairs/s for each path and the
ratio; the goal is intake >= 0.5 x floor.
"""

import argparse
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
WORKSTATION = "bench-ws"
KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def seed() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from members.choices import DutyKind, RosterStatus
    from members.models import DutyAssignment, DutyRoster, Member, Sector
    from petitions.models import Category
    from workstations.models import Workstation

    # Every run starts from an empty case table (this database is the benchmark's alone), so that
    # runs compare; within a run the open cases pile up as they would during a flood.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE petitions_petitionevent, petitions_petitionphoto, petitions_petition CASCADE")
    workstation, _ = Workstation.objects.get_or_create(
        code=WORKSTATION, defaults={"name": "基准测试工作室", "level": "community", "reception_hours": "每周一上午"}
    )
    category, _ = Category.objects.get_or_create(code="bench-noise", defaults={"name": "噪音扰民"})
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-member", defaults={"full_name": "基准委员"})
    sector, _ = Sector.objects.get_or_create(name="经济界")
    member, _ = Member.objects.get_or_create(user=user, defaults={"sector": sector})
    member.workstations.add(workstation)
    today = timezone.localdate()
    roster, _ = DutyRoster.objects.get_or_create(
        workstation=workstation,
        month=today.replace(day=1),
        defaults={"status": RosterStatus.PUBLISHED, "published_at": timezone.now()},
    )
    DutyAssignment.objects.get_or_create(roster=roster, kind=DutyKind.MONTH, defaults={"member": member})
    return category.pk


def floor_rows_delete() -> int:
    """The floor's saved rows (inactive "bench-<hex>" categories): left in place they pile up run
    after run (tens of thousands) and every category query of both paths scans past them."""
    from petitions.models import Category

    rows = Category.objects.filter(code__startswith="bench-", is_active=False).exclude(code="bench-noise")
    deleted, _ = rows.delete()
    return deleted


def client_loop(args):
    """One client process: GET then POST, as fast as the server answers, until the deadline."""
    import requests

    base, kind, category_pk, start, deadline = args
    session = requests.Session()
    pairs = errors = 0
    rng = random.Random(os.getpid() ^ int(start))
    # Every client starts at the same moment, so the round lasts exactly deadline - start.
    time.sleep(max(0.0, start - time.monotonic()))
    while time.monotonic() < deadline:
        try:
            if kind == "floor":
                page = session.get(f"{base}/bench/floor/", timeout=30)
                token = CSRF_RE.search(page.text).group(1)
                answer = session.post(
                    f"{base}/bench/floor/",
                    data={"csrfmiddlewaretoken": token, "content": "x" * 40},
                    allow_redirects=False,
                    timeout=30,
                )
            else:
                url = f"{base}/w/{WORKSTATION}/submit/"
                page = session.get(url, timeout=30)
                token = CSRF_RE.search(page.text).group(1)
                key = KEY_RE.search(page.text).group(1)
                content = "".join(rng.choice(CJK) for _ in range(rng.randint(20, 80)))
                answer = session.post(
                    url,
                    data={
                        "csrfmiddlewaretoken": token,
                        "idempotency_key": key,
                        "category": category_pk,
                        "content": content,
                        "location": "河堤广场",
                        "citizen_name": "王小明",
                        "citizen_phone": f"138{rng.randint(0, 99_999_999):08d}",
                        "consent_given": "on",
                        "website": "",
                    },
                    allow_redirects=False,
                    timeout=30,
                )
            if answer.status_code == 302:
                pairs += 1
            else:
                errors += 1
        except (requests.RequestException, AttributeError):
            errors += 1
    return pairs, errors


def run_round(pool, base: str, kind: str, category_pk: int, seconds: float, clients: int) -> tuple[float, int]:
    start = time.monotonic() + 0.2  # time for every client process to pick up its task
    deadline = start + seconds
    results = pool.map(client_loop, [(base, kind, category_pk, start, deadline)] * clients)
    pairs = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return pairs / seconds, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ws_intake_bench")
    os.environ["DATABASE_URL"] = database_url

    ensure_database(database_url)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True)  # noqa: S603
    category_pk = seed()
    floor_rows_delete()

    gunicorn = [
        python, "-m", "gunicorn", "config.wsgi:application",
        "--workers", "2", "--threads", str(options.threads),
        "--bind", f"127.0.0.1:{options.port}", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(gunicorn, cwd=ROOT, env={**os.environ})  # noqa: S603
    base = f"http://127.0.0.1:{options.port}"
    try:
        import requests

        for _ in range(100):
            try:
                requests.get(f"{base}/bench/floor/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.2)
        pool = multiprocessing.Pool(options.clients)
        # Warm both paths (imports, connections, template caches) before measuring.
        run_round(pool, base, "floor", category_pk, 2, options.clients)
        run_round(pool, base, "intake", category_pk, 2, options.clients)
        floor_rates, intake_rates = [], []
        for round_number in range(1, options.rounds + 1):
            rate, errors = run_round(pool, base, "floor", category_pk, options.seconds, options.clients)
            floor_rates.append(rate)
            print(f"round {round_number:2} floor : {rate:7.1f} GET+POST pairs/s  ({errors} errors)")
            rate, errors = run_round(pool, base, "intake", category_pk, options.seconds, options.clients)
            intake_rates.append(rate)
            print(f"round {round_number:2} intake: {rate:7.1f} GET+POST pairs/s  ({errors} errors)")
        pool.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        floor_rows_delete()
    floor = statistics.median(floor_rates)
    intake = statistics.median(intake_rates)
    # The machine is shared and its speed drifts: short rounds alternate the two paths, so that
    # each round's ratio compares them under the same background load, and the ratio of the
    # totals weighs every second of both alike.
    ratios = [i / f for f, i in zip(floor_rates, intake_rates, strict=True)]
    print(f"floor  (bare view, one row saved):   median {floor:7.1f} pairs/s")
    print(f"intake (/w/<code>/submit/ GET+POST): median {intake:7.1f} pairs/s")
    print(f"ratio intake/floor per round: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"median ratio: {statistics.median(ratios):.2f}  (goal >= 0.50)")
    print(f"ratio of totals: {sum(intake_rates) / sum(floor_rates):.2f}")


if __name__ == "__main__":
    main()
