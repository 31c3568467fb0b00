"""The beat's deadline scan over 1,000,000 petitions of which 10,000 are due.

    .venv/bin/python bench/deadline_scan.py            # builds the data once, then times the scan

Data (bench database ws_celery_bench, built with one INSERT ... SELECT generate_series per batch):
940,000 closed petitions, 50,000 open ones due later, and 10,000 due: 5,000 due the next working
day (reminders), 3,000 one day overdue (escalation to the liaison officer), 2,000 five working days
overdue (escalation to the liaison officer and to the reviewers). The scan should create 5,000 +
3,000 + 2 * 2,000 = 12,000 notices (queued on the in-memory broker), and a second scan none.
Target: under 1 s.
"""

import datetime
import statistics
import time

from _setup import setup

TOTAL = 1_000_000
TODAY = datetime.date(2026, 11, 26)  # a Thursday, a working day


def build() -> None:
    from django.db import connection

    from petitions.models import Petition
    from workstations.models import Workstation

    if Petition.objects.filter(workstation__code="bench").count() == TOTAL:
        return
    print("building 1,000,000 petitions …", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE petitions_petition CASCADE")
    workstation, _ = Workstation.objects.get_or_create(
        code="bench", defaults={"name": "基准测试工作室", "level": "community"}
    )
    groups = [
        # (how many, status, due_date expression)
        (940_000, "closed", "DATE '2025-01-01' + mod(n, 600)"),
        (50_000, "assigned", "DATE '2026-12-10' + mod(n, 60)"),
        (5_000, "assigned", "DATE '2026-11-27'"),
        (3_000, "received", "DATE '2026-11-25'"),
        (2_000, "consulted", "DATE '2026-11-19'"),
    ]
    offset = 0
    with connection.cursor() as cursor:
        for count, status, due in groups:
            for start in range(0, count, 200_000):
                size = min(200_000, count - start)
                first = offset + start + 1
                cursor.execute(
                    f"""
                    INSERT INTO petitions_petition (
                        tracking_code, workstation_id, channel, content, location, is_anonymous,
                        citizen_name, citizen_phone, citizen_address, consent_given, status,
                        due_date, outcome, households_helped, satisfaction, satisfaction_comment,
                        reopen_count, created_at, updated_at)
                    SELECT 'B' || lpad(n::text, 11, '0'), %s, 'online', '基准测试诉求', '', false,
                        '', '', '', false, %s, {due}, '', 0, '', '', 0, now(), now()
                    FROM generate_series(%s, %s) AS n
                    """,  # noqa: S608 - constant expressions from this file
                    [workstation.pk, status, first, first + size - 1],
                )
            offset += count
        cursor.execute("ANALYZE petitions_petition")
    print(f"built in {time.monotonic() - started:.1f} s", flush=True)


def main() -> None:
    setup()
    build()
    from django.db import connection

    from reminders.models import Notice
    from reminders.services import deadline_scan

    def reset():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE reminders_notice")
            cursor.execute("ANALYZE reminders_notice")

    first_runs, second_runs = [], []
    for _round in range(3):
        reset()
        started = time.perf_counter()
        created = deadline_scan(today=TODAY)
        first_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = deadline_scan(today=TODAY)
        second_runs.append(time.perf_counter() - started)
    print(f"petitions: {TOTAL:,}; due: 10,000; notices created: {Notice.objects.count():,} {created}")
    print(f"second scan created: {again}")
    print(
        f"scan with 12,000 new notices: median {statistics.median(first_runs):.3f} s "
        f"(runs: {', '.join(f'{t:.3f}' for t in first_runs)})"
    )
    print(
        f"scan with nothing new:        median {statistics.median(second_runs):.3f} s "
        f"(runs: {', '.join(f'{t:.3f}' for t in second_runs)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id, due_date FROM petitions_petition WHERE status IN "
            "('received','assigned','consulted','result_reported') AND due_date BETWEEN %s AND %s",
            [TODAY, TODAY + datetime.timedelta(days=1)],
        )
        print("plan of the reminder read:\n  " + "\n  ".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
