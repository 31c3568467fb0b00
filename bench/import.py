"""History import speed: a generated spreadsheet of 50,000 rows (a third with contact columns,
the statuses and tracks mixed over ten years) imported on PostgreSQL with the bench settings.
Prints the seconds of each stage (writing the file is not counted) and rows per second; the goal
is the whole import (check + import + figures rebuild) under 120 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_import_bench \\
        .venv/bin/python bench/import.py [--rows 50000] [--profile]

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
            "closed_date": received + datetime.timedelta(days=rng.randrange(30)) if status != "已撤回" else None,
        }
        if n % 3 == 0:
            values |= {"citizen_name": "张三", "citizen_phone": f"138{n:08d}"[:11], "citizen_address": "某小区 1 栋"}
        ws.append([values.get(key) for key in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from history.services import batch_check, batch_import
    from history.slots import figures_rebuild

    workstations, categories = _seed()
    data = _file(args.rows, workstations, categories)
    print(f"file: {args.rows} rows, {len(data) / 1e6:.1f} MB")
    profiler = cProfile.Profile() if args.profile else None
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
    total = t2 - t0
    print(f"check (read + validate): {t1 - t0:.1f} s")
    print(f"import (one transaction): {t2 - t1 - rebuild.get('s', 0):.1f} s")
    print(f"figures rebuild: {rebuild.get('s', 0):.1f} s")
    rate = batch.imported_rows / total
    print(f"total: {total:.1f} s for {batch.imported_rows} rows = {rate:,.0f} rows/s (goal: < 120 s)")


if __name__ == "__main__":
    main()
