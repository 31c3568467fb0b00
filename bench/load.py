"""Sustained mixed load, with one fault injected mid-run, against the whole system: gunicorn on the
production-like bench settings (bench/load_settings.py: DEBUG off, Redis cache), PostgreSQL, Redis,
a real Celery worker and a real beat, and a department's webhook receiver in this process.

    .venv/bin/python bench/load.py                         # 10 minutes, no fault
    .venv/bin/python bench/load.py --minutes 2             # a quick check
    .venv/bin/python bench/load.py --minutes 3 --fault postgres   # or redis, worker, webhook500

Everything listens on 127.0.0.1 only and is started and stopped by the script:
- PostgreSQL: a throwaway cluster of its own (Debian's `pg_createcluster 15 load -p 5440`, trust
  auth, created on first use), so that restarting it harms nobody else on the machine; the
  database ws_load_bench (--db) is created afresh each run from a migrated template (<db>_template).
  `--pg-port 5432` runs on the machine's main cluster instead (then `--fault postgres` is refused).
- Redis: a redis-server of its own on --redis-port (6390), without persistence: the broker on
  DB 0, the cache on DB 1. A restart therefore loses every queued message — the worst case; the
  outbox sweeper and the notification rows in PostgreSQL must make up for it.
- gunicorn (2 workers x 4 threads, gthread, keep-alive 30 s as behind a proxy), a Celery worker
  (prefork, concurrency 2, every queue), Celery beat; their logs go to the run's folder
  (/tmp/load/<time>-<fault>/). A supervisor thread starts any of them again that exits on its own,
  as systemd's Restart=always does (the worker does exit when Redis goes away while it holds
  unacknowledged messages: celery/kombu 5.7's channel close fails with AttributeError); each such
  restart is printed in the run's timeline.
- the department's receiver: checks each hand-off's signature and timestamp, stores it by its
  Idempotency-Key (a repeat is answered 409, as the webhook contract allows), and answers 500 during
  `--fault webhook500`. The locust "department" user takes what it stored and acknowledges or
  answers it through the signed inbound webhook (POST /api/v1/departments/<id>/webhook/).

The traffic is bench/locustfile.py (citizens, members, a liaison officer, a reviewer, the
department, office staff; --users in all). Faults, one per run, at --fault-at seconds (default:
a third of the run): `postgres` (the cluster stopped, --down seconds, started), `redis` (killed
with SIGKILL while it holds messages, --down seconds, started empty), `worker` (the worker's
process group killed with SIGKILL while it holds unacknowledged messages, a new one started
--down seconds later), `webhook500` (the receiver answers 500 for --webhook500-seconds).

The outbox's timers are shortened from the production defaults so that a run of a few minutes
drains within --drain seconds (same code paths, shorter waits): HANDOFF_RETRY_BASE_SECONDS 5,
HANDOFF_RETRY_MAX_SECONDS 40, HANDOFF_SWEEP_GRACE_SECONDS 15, HANDOFF_SWEEP_LEASE_SECONDS 45,
NOTIFICATION_SWEEP_GRACE_SECONDS 30, NOTIFICATION_SWEEP_LEASE_SECONDS 60.

Printed: requests, failures, requests/s and p50/p95/p99 per request type (locust's own figures),
then the counts compared once the system has drained. Exits 1 when one of these fails:
- every petition whose tracking code a citizen was shown (302 to the confirmation page, or 201) is
  in the database, and no submission made two petitions;
- every hand-off (consultation, assignment) has exactly one outbox row, every row was delivered,
  and the receiver stored each Idempotency-Key once and no key it does not know of;
- every department message the API accepted is stored once;
- no notice was sent twice, none is left unsent, and every acknowledged petition's receipt was sent.
"""

import argparse
import collections
import csv
import datetime
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PASSWORD = "load-bench-2026"  # noqa: S105 - bench accounts on a throwaway database
WEBHOOK_SECRET = "load-bench-webhook-secret"  # noqa: S105
PG_VERSION = "15"
PG_CLUSTER = "load"


def log(message: str) -> None:
    print(f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


# --- the department's webhook receiver ------------------------------------------------------------


class ReceiverState:
    def __init__(self):
        self.lock = threading.Lock()
        self.fail_until = 0.0
        self.stored: dict[str, dict] = {}  # Idempotency-Key -> the document
        self.posts = collections.Counter()  # Idempotency-Key -> POSTs received (any answer)
        self.repeats = 0  # POSTs of a key already stored (answered 409)
        self.answered_500 = 0
        self.bad_signature = 0
        self.pending: list[dict] = []  # stored, not yet answered by the department's system
        self.answered: set[str] = set()


RECEIVER = ReceiverState()


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, code: int, body: bytes = b"", content_type: str = "text/plain") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/pending":
            return self._answer(404)
        with RECEIVER.lock:
            items, RECEIVER.pending = RECEIVER.pending, []
        self._answer(200, json.dumps(items).encode(), "application/json")

    def do_POST(self):
        from handoffs.signing import webhook_signature_valid

        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/pending":  # the department's system hands an item back (not taken)
            with RECEIVER.lock:
                RECEIVER.pending.append(json.loads(body))
            return self._answer(204)
        if self.path == "/answered":
            with RECEIVER.lock:
                RECEIVER.answered.add(json.loads(body)["id"])
            return self._answer(204)
        key = self.headers.get("Idempotency-Key", "")
        timestamp = self.headers.get("X-Workstation-Timestamp", "")
        signature = self.headers.get("X-Workstation-Signature", "")
        with RECEIVER.lock:
            RECEIVER.posts[key] += 1
            if time.monotonic() < RECEIVER.fail_until:
                RECEIVER.answered_500 += 1
                return self._answer(500, b"department system down (bench fault)")
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
            if not (
                fresh
                and webhook_signature_valid(secret=WEBHOOK_SECRET, timestamp=timestamp, body=body, signature=signature)
            ):
                RECEIVER.bad_signature += 1
                return self._answer(401, b"bad signature")
            if key in RECEIVER.stored:
                RECEIVER.repeats += 1
                return self._answer(409, b"already have it")
            document = json.loads(body)
            RECEIVER.stored[key] = document
            RECEIVER.pending.append(document)
        self._answer(200, b"stored")

    def log_message(self, *args):
        pass


# --- processes ------------------------------------------------------------------------------------


class Services:
    """The processes of one run, each in a session of its own (so a process group can be killed)."""

    def __init__(self, options, workdir: Path, env: dict):
        self.options = options
        self.workdir = workdir
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.worker_generation = 0
        self.stopping = False
        self.paused: set[str] = set()  # killed by a fault, restarted by it
        self.restarts = collections.Counter()

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen:
        out = open(self.workdir / f"{name}.log", "ab")
        proc = subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def redis_start(self) -> None:
        argv = ["redis-server", "--port", str(self.options.redis_port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        self._start("redis", argv)
        for _ in range(100):
            if self.redis_cli("ping") == "PONG":
                return
            time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def redis_cli(self, *command: str) -> str:
        argv = ["redis-cli", "-p", str(self.options.redis_port), *command]
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip()  # noqa: S603

    def web_start(self) -> None:
        argv = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--workers", "2", "--threads", "4",
                "--worker-class", "gthread", "--bind", f"127.0.0.1:{self.options.port}", "--timeout", "30",
                "--graceful-timeout", "5", "--keep-alive", "30", "--log-level", "warning"]  # fmt: skip
        self._start("gunicorn", argv)

    def worker_start(self) -> None:
        self.worker_generation += 1
        argv = [PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=2",
                "-Q", "celery,handoffs,notifications,periodic", "--without-mingle", "--without-gossip",
                "-n", f"load{self.worker_generation}@%h", "--loglevel=warning"]  # fmt: skip
        self._start("worker", argv)

    def worker_kill(self) -> None:
        proc = self.procs["worker"]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def beat_start(self) -> None:
        schedule = self.workdir / "celerybeat-schedule"
        argv = [PYTHON, "-m", "celery", "-A", "config", "beat", "-s", str(schedule), "--loglevel=warning"]
        self._start("beat", argv)

    def supervise(self, timeline: list[str]) -> None:
        """Start the worker, beat or gunicorn again when one exits on its own, as systemd's
        Restart=always or compose's restart policy does in production (deploy/). Not the kills
        of --fault worker: those are restarted by the fault itself."""
        starters = {"worker": self.worker_start, "beat": self.beat_start, "gunicorn": self.web_start}
        while not self.stopping:
            for name, start in starters.items():
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None and not self.stopping and name not in self.paused:
                    now = datetime.datetime.now(datetime.UTC)
                    line = f"{now:%H:%M:%S} {name} exited on its own (code {proc.returncode}); supervisor restarts it"
                    timeline.append(line)
                    log(line)
                    self.restarts[name] += 1
                    start()
            time.sleep(1)

    def stop_all(self) -> None:
        self.stopping = True
        for name in ("gunicorn", "beat", "worker", "redis"):
            proc = self.procs.get(name)
            if proc is None or proc.poll() is not None:
                continue
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()


def pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, action], check=True)  # noqa: S603, S607


def pg_cluster_ensure(port: int) -> None:
    """The throwaway cluster: created once (trust auth on 127.0.0.1), started if down."""
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    clusters = {(f[0], f[1]): f for f in (line.split() for line in listing.splitlines()) if f}
    cluster = clusters.get((PG_VERSION, PG_CLUSTER))
    if cluster is None:
        subprocess.run(  # noqa: S603
            ["pg_createcluster", PG_VERSION, PG_CLUSTER, "-p", str(port), "--", "--auth=trust"],  # noqa: S607
            check=True, capture_output=True,
        )  # fmt: skip
        cluster = [PG_VERSION, PG_CLUSTER, str(port), "down"]
    if cluster[2] != str(port):
        raise SystemExit(f"cluster {PG_VERSION}/{PG_CLUSTER} listens on {cluster[2]}, not {port}")
    if cluster[3] != "online":
        pg_ctl("start")


def database_fresh(port: int, name: str) -> str:
    """A fresh database for this run, copied from a template that `migrate` keeps up to date."""
    import psycopg2

    template = f"{name}_template"

    def admin():
        conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        conn.autocommit = True
        return conn

    conn = admin()
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{template}"')
    conn.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.load_settings",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/{template}"}  # fmt: skip
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    conn = admin()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn.close()
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


# --- the data the traffic works on ----------------------------------------------------------------


def seed(*, receiver_url: str, proposals: int) -> dict:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role, role_group_name
    from bench._setup import work_for_whole_install
    from common.deadlines import Stage, stage_due_date
    from departments.models import Department
    from members.choices import DutyKind, RosterStatus
    from members.models import DutyAssignment, DutyRoster, Member, Sector
    from petitions.models import Category
    from proposals.choices import Status as ProposalStatus
    from proposals.models import Proposal
    from workstations.models import Workstation

    def user(username: str, full_name: str, role: Role) -> User:
        account = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
        account.groups.add(Group.objects.get(name=role_group_name(role)))
        return account

    today = timezone.localdate()
    sector = Sector.objects.create(name="负载测试界别")
    categories = [
        Category.objects.create(name=name, code=code)
        for name, code in (("噪音扰民", "load-noise"), ("供水", "load-water"), ("道路", "load-roads"))
    ]
    department = Department.objects.create(
        name="负载测试城管局", channel="webhook", webhook_url=f"{receiver_url}/hook", webhook_secret=WEBHOOK_SECRET
    )
    liaison = user("load-liaison", "负载联络员", Role.LIAISON_OFFICER)
    accounts: dict[str, list[dict]] = {"member": [], "liaison": [{"username": liaison.username}]}
    workstations, members = [], []
    for n in range(1, 5):
        workstation = Workstation.objects.create(
            code=f"load-ws-{n}", name=f"负载测试第{n}工作室", level="community", reception_hours="每周一上午"
        )
        workstation.liaison_officers.add(liaison)
        member_user = user(f"load-member-{n}", f"负载委员{n}", Role.MEMBER)
        member = Member.objects.create(user=member_user, sector=sector, phone=f"1390000000{n}")
        member.workstations.add(workstation)
        roster = DutyRoster.objects.create(
            workstation=workstation, month=today.replace(day=1), status=RosterStatus.PUBLISHED,
            published_at=timezone.now(),
        )  # fmt: skip
        DutyAssignment.objects.create(roster=roster, kind=DutyKind.MONTH, member=member)
        workstations.append(workstation)
        members.append(member)
        accounts["member"].append({"username": member_user.username})
    accounts["reviewer"] = [{"username": user("load-reviewer", "负载审核员", Role.REVIEWER).username}]
    office = user("load-office", "负载办公室", Role.OFFICE_STAFF)
    work_for_whole_install(office)
    accounts["office"] = [{"username": office.username}]
    review_due = stage_due_date(Stage.PROPOSAL_REVIEW, start=today)
    proposal_pks = []
    for n in range(proposals):
        member = members[n % len(members)]
        proposal = Proposal.objects.create(
            title=f"关于负载测试第{n}号问题的建议",
            facts="经现场走访核实，问题属实。",
            suggestion="建议相关部门尽快处理。",
            author=member,
            workstation=workstations[n % len(workstations)],
            suggested_department=department,
            status=ProposalStatus.SUBMITTED,
            submitted_at=timezone.now(),
            review_due=review_due,
        )
        proposal_pks.append(proposal.pk)
    return {
        "password": PASSWORD,
        "accounts": accounts,
        "workstations": [w.code for w in workstations],
        "category_pks": [c.pk for c in categories],
        "category_codes": [c.code for c in categories],
        "department_id": department.pk,
        "inbound_secret": WEBHOOK_SECRET,
        "proposals": proposal_pks,
    }


def wait_http(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def wait_worker(seconds: float = 90) -> None:
    from common.health import check_workers

    deadline = time.monotonic() + seconds
    while not check_workers()[0]:
        if time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not start")
        time.sleep(0.5)


# --- faults ---------------------------------------------------------------------------------------


QUEUES = ("celery", "handoffs", "notifications", "periodic")


def messages_held(services: Services, queues=QUEUES, *, unacked: bool = True) -> int:
    """Wait (up to 20 s) until the broker holds messages — in a queue, or taken by the worker and
    not yet acknowledged (kombu's "unacked" hash) — so that a fault takes tasks down with it
    rather than hit an idle system. Returns how many it held (0: it never did)."""
    deadline = time.monotonic() + 20
    held = 0
    while time.monotonic() < deadline:
        held = int(services.redis_cli("hlen", "unacked") or 0) if unacked else 0
        held += sum(int(services.redis_cli("llen", queue) or 0) for queue in queues)
        if held:
            break
        time.sleep(0.02)
    return held


def inject(fault: str, services: Services, options, timeline: list[str]) -> None:
    def note(message: str) -> None:
        timeline.append(f"{datetime.datetime.now(datetime.UTC):%H:%M:%S} {message}")
        log(message)

    if fault == "postgres":
        note(f"fault: PostgreSQL cluster {PG_VERSION}/{PG_CLUSTER} stopping")
        pg_ctl("stop")
        time.sleep(options.down)
        pg_ctl("start")
        note("fault: PostgreSQL started again")
    elif fault == "redis":
        # Messages waiting in a queue (not yet taken by the worker) are the ones a wipe loses.
        held = messages_held(services, queues=QUEUES, unacked=False) or messages_held(services)
        note(f"fault: Redis killed (SIGKILL; no persistence) holding {held} queued or unacknowledged message(s)")
        proc = services.procs["redis"]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(options.down)
        services.redis_start()
        note("fault: Redis started again, empty")
    elif fault == "worker":
        held = messages_held(services, queues=())
        services.paused.add("worker")
        services.worker_kill()
        note(f"fault: Celery worker killed (SIGKILL to its process group) holding {held} unacknowledged message(s)")
        time.sleep(options.down)
        services.worker_start()
        services.paused.discard("worker")
        note("fault: a new Celery worker started")
    elif fault == "webhook500":
        RECEIVER.fail_until = time.monotonic() + options.webhook500_seconds
        note(f"fault: the department's receiver answers 500 for {options.webhook500_seconds:.0f} s")
        time.sleep(options.webhook500_seconds)
        note("fault: the department's receiver answers normally again")


# --- the report -----------------------------------------------------------------------------------


def print_table(csv_prefix: Path, seconds: float) -> None:
    path = Path(f"{csv_prefix}_stats.csv")
    if not path.exists():
        log("locust wrote no statistics")
        return
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = f"{'request':<42} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    print("\n" + header)
    print("-" * len(header))
    for row in rows:
        name = "ALL" if row["Name"] == "Aggregated" else row["Name"]
        if name == "ALL":
            print("-" * len(header))
        print(
            f"{name[:42]:<42} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    failures = Path(f"{csv_prefix}_failures.csv")
    if failures.exists():
        failed = list(csv.DictReader(failures.open(encoding="utf-8")))
        if failed:
            print("\nerrors by request type and cause:")
            for row in failed:
                print(f"  {row['Occurrences']:>5} x {row['Name']}: {row['Error'][:110]}")


def drain(options) -> None:
    """Wait until the outbox and the notification rows are empty (or --drain seconds pass)."""
    from django.db import connection

    from common.models import PendingNotification
    from handoffs.models import Delivery

    deadline = time.monotonic() + options.drain
    while True:
        try:
            connection.close()
            pending = Delivery.objects.filter(state="pending").count()
            notices = PendingNotification.objects.count()
        except Exception as exc:
            log(f"drain: {exc.__class__.__name__}")
            pending = notices = -1
        if pending == 0 and notices == 0:
            log("drained: no hand-off pending, no notice waiting")
            return
        if time.monotonic() > deadline:
            log(f"drain time-out: {pending} hand-off(s) pending, {notices} notice(s) waiting")
            return
        log(f"draining: {pending} hand-off(s) pending, {notices} notice(s) waiting")
        time.sleep(5)


def compare(codes_file: Path, notify_log: Path) -> list[str]:
    """The counts compared; returns the failed checks."""
    from django.db import connection
    from django.db.models import Count

    from common.models import PendingNotification
    from handoffs.models import Delivery, InboundMessage
    from petitions.models import Consultation, Petition, format_tracking_code
    from proposals.models import ProposalAssignment

    connection.close()
    failed: list[str] = []

    def check(ok: bool, line: str) -> None:
        print(f"  [{'ok' if ok else 'FAIL'}] {line}")
        if not ok:
            failed.append(line)

    print("\ncounts compared:")
    seen = (
        [line.split("\t") for line in codes_file.read_text(encoding="utf-8").splitlines()]
        if codes_file.exists()
        else []
    )
    codes = {code for code, _via in seen}
    by_via = collections.Counter(via for _code, via in seen)
    stored = {
        code: format_tracking_code(code)
        for code in Petition.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True)
    }
    lost = codes - set(stored)
    total = Petition.objects.count()
    check(not lost, f"petitions acknowledged to citizens: {len(codes)} (form {by_via['form']}, API {by_via['api']}); "
                    f"in the database: {len(stored)}; lost: {len(lost)} {sorted(lost)[:5]}")  # fmt: skip
    doubled = Petition.objects.values("content").annotate(n=Count("id")).filter(n__gt=1).count()
    check(doubled == 0, f"petitions in the database: {total} ({total - len(stored)} never acknowledged to a "
                        f"client, e.g. its answer lost in a fault); submissions saved twice: {doubled}")  # fmt: skip

    consultations = Consultation.objects.count()
    assignments = ProposalAssignment.objects.count()
    rows = list(Delivery.objects.values_list("idempotency_key", "state", "consultation_id", "assignment_id"))
    per_subject = collections.Counter((c, a) for _k, _s, c, a in rows)
    check(
        len(rows) == consultations + assignments and max(per_subject.values(), default=1) == 1,
        f"hand-offs: {consultations} consultations + {assignments} assignments; outbox rows: {len(rows)}; "
        f"subjects with two rows: {sum(1 for n in per_subject.values() if n > 1)}",
    )
    states = collections.Counter(state for _k, state, _c, _a in rows)
    check(set(states) <= {"delivered"}, f"outbox rows by state: {dict(states)}")
    keys = {str(k) for k, _s, _c, _a in rows}
    received = set(RECEIVER.stored)
    check(
        keys == received and RECEIVER.bad_signature == 0,
        f"receiver stored {len(received)} hand-offs, each key once; outbox keys not received: "
        f"{len(keys - received)}; received keys the outbox does not know: {len(received - keys)}; "
        f"bad signatures: {RECEIVER.bad_signature}",
    )
    posts = sum(RECEIVER.posts.values())
    print(
        f"  [info] webhook POSTs: {posts}; answered 500 (fault): {RECEIVER.answered_500}; repeats of a stored key "
        f"answered 409: {RECEIVER.repeats} (the contract's at-least-once: a try whose outcome was not recorded)"
    )
    inbound = InboundMessage.objects.count()
    check(
        inbound == len(RECEIVER.answered),
        f"department messages accepted by the API: {len(RECEIVER.answered)}; stored: {inbound}",
    )

    notices = (
        [json.loads(line) for line in notify_log.read_text(encoding="utf-8").splitlines()]
        if notify_log.exists()
        else []
    )
    digests = collections.Counter(n["digest"] for n in notices)
    twice = {d: n for d, n in digests.items() if n > 1}
    check(not twice, f"notices sent: {len(notices)}; sent twice (same recipient, subject, body): {len(twice)}")
    waiting = PendingNotification.objects.count()
    check(waiting == 0, f"notices left unsent (PendingNotification rows): {waiting}")
    receipt = re.compile(r"查询码 ([0-9A-Z-]+)，")
    receipts = {m.group(1) for n in notices if (m := receipt.search(n["body"])) and n["subject"] == "诉求已受理"}
    missing = {display for display in stored.values() if display not in receipts}
    check(not missing, f"receipts sent for acknowledged petitions: {len(stored) - len(missing)} of {len(stored)}")
    return failed


def recoveries(workdir: Path) -> None:
    """What the logs say the system did to make up for a fault (worker.log is appended to by every
    worker of the run, gunicorn.log by the web processes)."""
    worker = (workdir / "worker.log").read_text(encoding="utf-8", errors="replace")
    web = (workdir / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
    swept = sum(int(n) for n in re.findall(r"notification sweep: (\d+) message", worker))
    print(f"  [info] notices queued again by the sweep (their task was lost): {swept}")
    print(f"  [info] notices sent from the request (broker unreachable): {web.count('sending it from the request')}")
    print(f"  [info] hand-off tries that failed and were retried: {worker.count('failed, retry in')}")
    print(f"  [info] worker crashes (Unrecoverable error): {worker.count('Unrecoverable error')}")


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="length of the load (default 10)")
    parser.add_argument("--users", type=int, default=30, help="locust users in all (8 of them staff and department)")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--fault", choices=["none", "postgres", "redis", "worker", "webhook500"], default="none")
    parser.add_argument("--fault-at", type=float, help="seconds into the load (default: a third of it)")
    parser.add_argument("--down", type=float, default=5, help="seconds a stopped part stays down")
    parser.add_argument("--webhook500-seconds", type=float, default=60)
    parser.add_argument("--drain", type=float, default=300, help="seconds to wait for the outbox to empty")
    parser.add_argument("--proposals", type=int, default=400, help="submitted proposals for the reviewer")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--receiver-port", type=int, default=8791)
    parser.add_argument("--pg-port", type=int, default=5440)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--db", default="ws_load_bench")
    options = parser.parse_args()
    if options.fault == "postgres" and options.pg_port == 5432:
        parser.error("--fault postgres restarts the cluster: use the bench's own (--pg-port 5440)")
    if options.redis_port == 6379:
        parser.error("the load run restarts and floods its Redis: use one of its own (--redis-port 6390)")
    seconds = options.minutes * 60
    fault_at = options.fault_at if options.fault_at is not None else seconds / 3

    workdir = Path("/tmp/load") / f"{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}-{options.fault}"  # noqa: S108
    workdir.mkdir(parents=True)
    notify_log = workdir / "notifications.jsonl"
    codes_file = workdir / "codes.tsv"
    media = workdir / "media"
    receiver_url = f"http://127.0.0.1:{options.receiver_port}"

    if options.pg_port != 5432:
        pg_cluster_ensure(options.pg_port)
    database_url = database_fresh(options.pg_port, options.db)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{options.redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{options.redis_port}/1",
        "BENCH_NOTIFY_LOG": str(notify_log),
        "BENCH_MEDIA_ROOT": str(media),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{options.port}",
        "HANDOFF_RETRY_BASE_SECONDS": "5",
        "HANDOFF_RETRY_MAX_SECONDS": "40",
        "HANDOFF_SWEEP_GRACE_SECONDS": "15",
        "HANDOFF_SWEEP_LEASE_SECONDS": "45",
        "NOTIFICATION_SWEEP_GRACE_SECONDS": "30",
        "NOTIFICATION_SWEEP_LEASE_SECONDS": "60",
    }
    os.environ.update(env)
    services = Services(options, workdir, env)
    services.redis_start()
    import django

    django.setup()
    state = seed(receiver_url=receiver_url, proposals=options.proposals)
    state_file = workdir / "state.json"
    state_file.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", options.receiver_port), ReceiverHandler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    timeline: list[str] = []
    failed: list[str] = []
    try:
        services.web_start()
        services.worker_start()
        services.beat_start()
        wait_http(f"http://127.0.0.1:{options.port}/accounts/login/")
        wait_worker()
        threading.Thread(target=services.supervise, args=(timeline,), daemon=True).start()
        log(f"system up (run folder {workdir}); load for {seconds:.0f} s, {options.users} users, fault {options.fault}")
        if options.fault != "none":
            timer = threading.Timer(fault_at, inject, (options.fault, services, options, timeline))
            timer.daemon = True
            timer.start()
        started = time.monotonic()
        csv_prefix = workdir / "locust"
        subprocess.run(  # noqa: S603
            [PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--host", f"http://127.0.0.1:{options.port}", "-u", str(options.users), "-r", str(options.spawn_rate),
             "-t", f"{int(seconds)}s", "--stop-timeout", "10", "--csv", str(csv_prefix), "--only-summary",
             "--exit-code-on-error", "0", "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "LOAD_STATE_FILE": str(state_file), "LOAD_CODES_FILE": str(codes_file),
                           "LOAD_RECEIVER_URL": receiver_url},
            stdout=open(workdir / "locust.log", "wb"), stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        log(f"load done after {elapsed:.0f} s; draining")
        drain(options)
        print(f"\n=== bench/load.py: {seconds / 60:.1f} min, {options.users} users, fault: {options.fault} ===")
        for line in timeline:
            print(f"  {line}")
        print_table(csv_prefix, seconds)
        failed = compare(codes_file, notify_log)
        recoveries(workdir)
    finally:
        services.stop_all()
        receiver.shutdown()
        shutil.rmtree(media, ignore_errors=True)
    print(f"\n{'FAILED: ' + str(len(failed)) + ' check(s)' if failed else 'all checks passed'}; logs in {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
