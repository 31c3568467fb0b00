"""History import speed: a generated spreadsheet of 50,000 rows (a third with contact columns,
the statuses and tracks mixed over ten years) imported on PostgreSQL with the bench settings.
Prints the seconds of each stage (writing the file is not counted) and rows per second; the goal
is the whole import (check + import + figures rebuild) under 120 s. Two paths, in one run:
"direct" is the command's (check and import in this process), "worker" the page's and the API's
(the upload queued, a real Celery worker on Redis checks and imports it; timed from the upload to
the batch done), with the ratio of the two.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_import_bench BENCH_REDIS_DB=9 \\
        .venv/bin/python bench/import.py [--rows 50000] [--path both|direct|worker] [--profile]

The database is created and migrated if needed; every run imports new rows (a run id in the
original numbers), so runs can repeat.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ws_import_bench")

from bench.intake_throughput import ensure_database  # noqa: E402

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _seed():
    from departments.models import Department
    from petitions.models import Category
    from workstations.models import Workstation

    workstations = []
    for n in range(20):
        ws, _ = Workstation.objects.get_or_create(
            code=f"bench-import-{n}", defaults={"name": f"导入测试工作室{n}", "level": "community"}
        )
        workstations.append(ws.code)
    categories = []
    for n, name in enumerate(["供水", "道路", "环境", "噪音", "政策咨询"]):
        category, _ = Category.objects.get_or_create(code=f"bench-import-{n}", defaults={"name": f"导入{name}"})
        categories.append(category.name)
    Department.objects.get_or_create(name="导入测试住建局")
    return workstations, categories


def _file(rows: int, workstations, categories) -> bytes:
    from openpyxl import Workbook

    from history.spreadsheet import COLUMNS

    rng = random.Random(15)
    run = uuid.uuid4().hex[:8]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([str(c.header) for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    start = datetime.date(2015, 1, 1)
    kinds = [
        ("直接答复", "已办结", "已解决"),
        ("直接答复", "已办结", "已答复"),
        ("解释说明", "已办结", "已解释说明"),
        ("咨询后答复", "已办结", "未解决"),
        ("提交建议", "已办结", "已解决"),
        ("直接答复", "已答复", ""),
        (None, "已撤回", ""),
    ]
    for n in range(rows):
        received = start + datetime.timedelta(days=rng.randrange(3650))
        track, status, outcome = rng.choice(kinds)
        values = {
            "original_number": f"{run}-{n}",
            "received_date": received,
            "workstation": rng.choice(workstations),
            "category": rng.choice(categories),
            "content": "".join(rng.choices(CJK, k=rng.randrange(20, 200))),
            "channel": rng.choice(["接待日来访", "电话", "走访收集", "扫码/网上"]),
            "track": track,
            "status": status,
            "outcome": outcome,
            "households_helped": rng.randrange(4) if outcome == "已解决" else None,
            "department": "导入测试住建局" if track in ("咨询后答复", "提交建议") else None,
            "proposal_title": f"建议 {n}" if track == "提交建议" else None,
            "livelihood_project": ("是" if n % 2 else "否") if track == "提交建议" else None,
            "closed_date": received + datetime.timedelta(days=rng.randrange(30)) if status != "已撤回" else None,
        }
        if n % 3 == 0:
            values |= {"citizen_name": "张三", "citizen_phone": f"138{n:08d}"[:11], "citizen_address": "某小区 1 栋"}
        ws.append([values.get(key) for key in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _direct(data: bytes, profiler) -> tuple[float, int]:
    """The command's path, in this process: check, import, figures rebuild."""
    from history.services import batch_check, batch_import
    from history.slots import figures_rebuild

    t0 = time.monotonic()
    check = batch_check(data=data, file_name="bench.xlsx")
    t1 = time.monotonic()
    if profiler:
        profiler.enable()
    rebuild = {}
    original = figures_rebuild._provider

    def timed_rebuild(**kwargs):
        started = time.monotonic()
        result = original(**kwargs)
        rebuild["s"] = time.monotonic() - started
        return result

    figures_rebuild._provider = timed_rebuild
    try:
        batch = batch_import(check=check)
    finally:
        figures_rebuild._provider = original
    t2 = time.monotonic()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(f"  check (read + validate): {t1 - t0:.1f} s")
    print(f"  import (one transaction): {t2 - t1 - rebuild.get('s', 0):.1f} s")
    print(f"  figures rebuild: {rebuild.get('s', 0):.1f} s")
    return t2 - t0, batch.imported_rows


def _start_worker(broker: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CELERY_BROKER_URL": broker,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
         "--without-mingle", "--without-gossip", "--loglevel=warning", "-Q", "imports"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip


def _through_worker(data: bytes) -> tuple[float, int]:
    """The page's and the API's path: the upload (what the web request does), the queue, and a
    real worker's check, import and figures rebuild, timed until the batch is done."""
    from django.db import transaction

    from common.health import check_workers
    from history.choices import RUNNING
    from history.models import ImportBatch
    from history.services import batch_upload

    worker = _start_worker(os.environ["CELERY_BROKER_URL"])
    try:
        deadline = time.monotonic() + 60
        while not check_workers()[0]:
            if time.monotonic() > deadline:
                raise SystemExit("the worker did not start")
            time.sleep(0.3)
        t0 = time.monotonic()
        with transaction.atomic():
            batch = batch_upload(data=data, file_name="bench.xlsx", user=None, valid_only=False)
        t1 = time.monotonic()
        stages = {}
        while True:
            batch.refresh_from_db()
            stages.setdefault(batch.status, time.monotonic())
            if batch.status not in RUNNING:
                break
            line = f"\r  {batch.get_status_display()} {batch.rows_done}/{batch.total_rows} rows"
            print(line + "\033[K", end="", flush=True)
            time.sleep(0.5)
        t2 = time.monotonic()
        print()
        if batch.status != "done":
            raise SystemExit(f"batch {batch.pk} ended {batch.status}: {batch.error}")
        checking = stages.get("checking", t1)
        importing = stages.get("importing", checking)
        print(f"  upload (the web request: read the header and row count, keep the file): {t1 - t0:.1f} s")
        print(f"  queued until a worker took it: {checking - t1:.1f} s")
        print(f"  check in the worker: {importing - checking:.1f} s")
        print(f"  import and figures rebuild in the worker: {t2 - importing:.1f} s (done means both)")
        return t2 - t0, ImportBatch.objects.get(pk=batch.pk).imported_rows
    finally:
        worker.terminate()
        worker.wait(timeout=120)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--path", choices=["both", "direct", "worker"], default="both", help="the command's path, the worker's, or both"
    )
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("CELERY_BROKER_URL", f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '9')}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workstations, categories = _seed()
    results = {}
    for path in ("direct", "worker") if args.path == "both" else (args.path,):
        # A new file each time (new original numbers): each run imports 50,000 new rows.
        data = _file(args.rows, workstations, categories)
        print(f"{path}: file of {args.rows} rows, {len(data) / 1e6:.1f} MB")
        profiler = cProfile.Profile() if args.profile and path == "direct" else None
        total, imported = _direct(data, profiler) if path == "direct" else _through_worker(data)
        results[path] = total
        print(f"  total: {total:.1f} s for {imported} rows = {imported / total:,.0f} rows/s (goal: < 120 s)")
    if len(results) == 2:
        print(f"worker / direct: {results['worker'] / results['direct']:.2f}x the time")


if __name__ == "__main__":
    main()
