"""Benchmark: generate a whole year of duty rosters for 36 workstations with 20 members each.

    .venv/bin/python bench/roster_generate.py            # the generator alone (pure Python)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_bench \
        .venv/bin/python bench/roster_generate.py --db   # end to end: load, generate, write (rolled back)

Each workstation receives citizens every first Monday morning and every Thursday afternoon (about
64 reception slots a year) and has a month lead each month; one member in ten also serves a second
workstation and one in five is away for two weeks. Target: under 1 second.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

WORKSTATIONS = 36
MEMBERS_PER_WORKSTATION = 20
YEAR = 2027


def scenario(seed: int = 7):
    rng = random.Random(seed)
    members, workstations = [], []
    serving = {}
    next_id = 1
    for ws in range(1, WORKSTATIONS + 1):
        ids = list(range(next_id, next_id + MEMBERS_PER_WORKSTATION))
        next_id += MEMBERS_PER_WORKSTATION
        serving[ws] = ids
    all_ids = list(range(1, next_id))
    for member_id in all_ids:
        if rng.random() < 0.1:  # also serves a second workstation
            serving[rng.randint(1, WORKSTATIONS)].append(member_id)
    for member_id in all_ids:
        away = ()
        if rng.random() < 0.2:
            start = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, 350))
            away = ((start, start + datetime.timedelta(days=13)),)
        members.append((member_id, rng.randint(1, 34), away))
    for ws in range(1, WORKSTATIONS + 1):
        workstations.append((ws, f"ws-{ws:02d}", tuple(sorted(set(serving[ws])))))
    return workstations, members


def bench_pure(repeat: int) -> list[float]:
    import django

    django.setup()
    from members import generator
    from members.choices import Slot

    rules = (generator.Rule(0, 1, Slot.MORNING), generator.Rule(3, None, Slot.AFTERNOON))
    workstations, members = scenario()
    ws_inputs = [generator.WorkstationInput(ws, code, ids, rules) for ws, code, ids in workstations]
    member_inputs = [generator.MemberInput(mid, sector, away) for mid, sector, away in members]
    months = [datetime.date(YEAR, m, 1) for m in range(1, 13)]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = generator.generate(workstations=ws_inputs, members=member_inputs, months=months)
        timings.append(time.perf_counter() - start)
    print(f"planned duties: {len(result.planned)}, unfilled: {len(result.unfilled)}")
    return timings


def bench_db(repeat: int) -> list[float]:
    import django

    django.setup()
    from django.db import connection, transaction

    connection.creation.create_test_db(verbosity=0, keepdb=True)
    from accounts.models import User
    from members import services
    from members.choices import Slot
    from members.models import DutyAssignment, Member, MemberUnavailability, ReceptionRule, Sector
    from workstations.models import Workstation

    workstations, members = scenario()
    timings = []
    for _ in range(repeat):
        with transaction.atomic():
            sectors = {s: Sector.objects.create(name=f"bench-sector-{s}") for s in range(1, 35)}
            ws_rows = {
                ws: Workstation.objects.create(code=f"bench-{ws:02d}", name=f"工作室{ws}", level="community")
                for ws, _code, _ids in workstations
            }
            for ws in ws_rows.values():
                ReceptionRule.objects.create(workstation=ws, weekday=0, week_of_month=1, slot=Slot.MORNING)
                ReceptionRule.objects.create(workstation=ws, weekday=3, week_of_month=None, slot=Slot.AFTERNOON)
            users = User.objects.bulk_create(
                [User(username=f"bench-{mid}", full_name=f"委员{mid}") for mid, *_ in members]
            )
            member_rows = Member.objects.bulk_create(
                [
                    Member(user=user, sector=sectors[sector])
                    for user, (_mid, sector, _away) in zip(users, members, strict=True)
                ]
            )
            by_id = {mid: row for (mid, *_), row in zip(members, member_rows, strict=True)}
            Member.workstations.through.objects.bulk_create(
                [
                    Member.workstations.through(member=by_id[mid], workstation=ws_rows[ws])
                    for ws, _code, ids in workstations
                    for mid in ids
                ]
            )
            MemberUnavailability.objects.bulk_create(
                [
                    MemberUnavailability(member=by_id[mid], start=start, end=end)
                    for mid, _sector, away in members
                    for start, end in away
                ]
            )
            start = time.perf_counter()
            report = services.roster_generate(
                actor=None,
                workstations=list(ws_rows.values()),
                months=[datetime.date(YEAR, m, 1) for m in range(1, 13)],
            )
            timings.append(time.perf_counter() - start)
            written = DutyAssignment.objects.filter(roster__workstation__in=ws_rows.values()).count()
            print(f"written duties: {written} (report: added {report.added}, unfilled {len(report.unfilled)})")
            transaction.set_rollback(True)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="store_true", help="end to end through the database (rolled back)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    timings = bench_db(args.repeat) if args.db else bench_pure(args.repeat)
    mode = "end to end (PostgreSQL)" if args.db else "generator only"
    print(
        f"{mode}: {WORKSTATIONS} workstations x {MEMBERS_PER_WORKSTATION} members, year {YEAR}: "
        f"median {statistics.median(timings) * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms, "
        f"worst {max(timings) * 1000:.0f} ms over {len(timings)} runs (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
