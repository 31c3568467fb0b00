"""Benchmark: the members' grades per department (stats.selectors.grades.department_grades, issue 16)
beside the on-time figures of the same department table (stats.selectors.by_department), on a
generated database, for a month and "to date".

    createdb -h 127.0.0.1 -U postgres ws_grading2_bench
    export DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_grading2_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_load --petitions 100000
    .venv/bin/python bench/department_grades.py --runs 20

Prints the median and p95 of the grades query alone and of the whole department table (which
includes it), and their ratio.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _time(call, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main():
    import django

    django.setup()
    from django.utils import timezone

    from proposals.models import ProposalAssignment
    from stats.filters import PeriodKind, StatsFilter
    from stats.selectors import by_department
    from stats.selectors.grades import department_grades

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    today = timezone.localdate()
    graded = ProposalAssignment.objects.exclude(grade="").count()
    print(f"assignments: {ProposalAssignment.objects.count()}, graded: {graded}")
    last = today.replace(day=1) - datetime.timedelta(days=1)
    scenarios = {
        "last month": StatsFilter(start=last.replace(day=1), end=last),
        "to date": StatsFilter(start=datetime.date(1900, 1, 1), end=today, kind=PeriodKind.TO_DATE),
    }
    for name, f in scenarios.items():
        grades = _time(lambda f=f: department_grades(f), args.runs)
        table = _time(lambda f=f: by_department(f, today=today), args.runs)
        print(
            f"{name:>10}: grades median {grades[0]:.1f} ms p95 {grades[1]:.1f} ms; "
            f"department table median {table[0]:.1f} ms p95 {table[1]:.1f} ms; "
            f"grades / table {grades[0] / table[0]:.2f}"
        )


if __name__ == "__main__":
    main()
