"""Commit-to-webhook latency: from the moment the transaction that writes a hand-off commits to
the moment the department's (local) webhook receiver has the signed request, with a real Celery
worker on the real Redis broker.

    .venv/bin/python bench/webhook_latency.py [count]      # default 100 hand-offs, one at a time

Uses the bench database (ws_celery_bench) and Redis database BENCH_REDIS_DB (default 9).
Target: median under 200 ms.
"""

import datetime
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time

from _setup import BENCH_DATABASE_URL, ROOT, setup

REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '9')}"
arrivals: dict[str, float] = {}
arrived = threading.Condition()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        with arrived:
            arrivals[self.headers["Idempotency-Key"]] = time.perf_counter()
            arrived.notify_all()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "CELERY_BROKER_URL": REDIS_URL,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=2",
         "--without-mingle", "--without-gossip", "--loglevel=warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    setup(broker_url=REDIS_URL)
    from django.db import transaction

    from accounts.models import User
    from common.health import check_workers
    from config.celery_app import app
    from departments.models import Department
    from handoffs.services import delivery_create_for_consultation
    from members.models import Member, Sector
    from petitions.models import Consultation, Petition
    from workstations.models import Workstation

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"

    workstation, _ = Workstation.objects.get_or_create(
        code="bench-latency", defaults={"name": "基准（延迟）", "level": "community"}
    )
    department, _ = Department.objects.update_or_create(
        name="基准测试部门", defaults={"channel": "webhook", "webhook_url": url}
    )
    user, _ = User.objects.get_or_create(username="bench-member")
    member, _ = Member.objects.get_or_create(
        user=user, defaults={"sector": Sector.objects.get_or_create(name="基准")[0]}
    )

    app.control.purge()
    worker = start_worker()
    try:
        deadline = time.monotonic() + 60
        while not check_workers()[0]:
            if time.monotonic() > deadline:
                raise SystemExit("the worker did not start")
            time.sleep(0.3)
        latencies = []
        for _ in range(count + 5):  # the first 5 warm the worker's connections up
            petition = Petition.objects.create(workstation=workstation, content="基准", status="consulting")
            with transaction.atomic():
                consultation = Consultation.objects.create(
                    petition=petition,
                    department=department,
                    question="基准",
                    asked_by=member,
                    due_date=datetime.date(2026, 12, 31),
                )
                delivery = delivery_create_for_consultation(consultation=consultation)
                key = str(delivery.idempotency_key)
                committed = time.perf_counter()  # the block's exit commits, then queues the task
            with arrived:
                if not arrived.wait_for(lambda key=key: key in arrivals, timeout=30):
                    raise SystemExit(f"hand-off {delivery.pk} did not arrive within 30 s")
            latencies.append((arrivals[key] - committed) * 1000)
        latencies = sorted(latencies[5:])
        print(f"hand-offs: {count}, one at a time, worker prefork concurrency 2, broker {REDIS_URL}")
        print(
            f"commit-to-webhook latency: median {statistics.median(latencies):.1f} ms, "
            f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, min {latencies[0]:.1f} ms, "
            f"max {latencies[-1]:.1f} ms"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        server.shutdown()


if __name__ == "__main__":
    main()
