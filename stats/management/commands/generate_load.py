"""python manage.py generate_load --petitions N

A realistic synthetic history for load tests and benchmarks: a tree of workstations (two cities,
districts, townships, communities), members in sectors, departments, categories, duty rosters, and
N petitions over the last two years in every state and track, with their events, consultations,
proposals, assignments and results. Rows go in by PostgreSQL COPY in batches, so a million
petitions take minutes. Every CheckConstraint of the models holds for what it writes.

Never run it against a database that matters: it adds rows, and they look real.
"""

import datetime
import functools
import io
import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from common.crypto import encrypt
from common.phones import phone_lookup_hash
from departments.models import Department
from members.models import DutyAssignment, DutyRoster, Member, Sector
from petitions.models import TRACKING_ALPHABET, Category
from workstations.models import CppccBody, Workstation
from workstations.services import body_save

UTC = datetime.UTC
DAY = 86400.0
HOUR = 3600.0
SH = 8 * HOUR  # Asia/Shanghai is UTC+8 all year: local dates without a timezone lookup per row

SECTORS = ["中共", "民革", "民盟", "民建", "民进", "农工党", "经济界", "教育界", "科技界", "医药卫生界", "社会福利界"]
CATEGORIES = [
    ("water", "供水", ["停水", "水压低", "自来水浑浊", "水管破裂"]),
    ("power", "供电", ["停电", "电压不稳", "路灯不亮", "电线老化"]),
    ("road", "道路", ["路面坑洼", "井盖缺失", "道路积水", "人行道破损"]),
    ("sewer", "排污", ["下水道堵塞", "污水外溢", "化粪池满溢"]),
    ("noise", "噪音", ["广场舞音乐太响", "夜间施工噪音", "商铺音箱扰民"]),
    ("environment", "环境卫生", ["垃圾清运不及时", "背街小巷脏乱", "油烟扰民"]),
    ("traffic", "交通出行", ["公交班次太少", "停车难", "电动车充电难"]),
    ("education", "教育", ["学位紧张", "校门口拥堵", "课后托管"]),
    ("health", "医疗卫生", ["社区医院药品不全", "看病排队久"]),
    ("social", "社会保障", ["养老金认证", "低保申请", "医保报销"]),
    ("housing", "住房", ["老旧小区改造", "电梯加装", "物业服务差"]),
    ("policy", "政策咨询", ["户口迁移", "营业执照办理", "退役军人优待"]),
]
PLACES = ["河堤广场", "西流湾社区", "罗溪村", "人民路", "桃花仑", "资江大道", "龙洲路", "金银山", "会龙山", "团圆路"]
DEPARTMENTS = [
    "城管局", "住建局", "行政审批服务局", "水务局", "交通运输局", "生态环境局", "教育局", "卫健委",
    "人社局", "民政局", "公安局", "供电公司", "自来水公司", "自然资源和规划局", "市场监管局",
]  # fmt: skip
CITIES = [("load-city", "益阳市委员工作室"), ("load-city-2", "常德市委员工作室")]
DISTRICTS = ["赫山区", "资阳区", "武陵区", "鼎城区"]
CATEGORY_DEPARTMENTS = {
    "water": ["水务局", "自来水公司"], "power": ["供电公司"], "road": ["交通运输局", "住建局"],
    "sewer": ["城管局", "住建局"], "noise": ["城管局", "生态环境局", "公安局"], "environment": ["城管局", "生态环境局"],
    "traffic": ["交通运输局", "公安局"], "education": ["教育局"], "health": ["卫健委"], "social": ["人社局", "民政局"],
    "housing": ["住建局", "自然资源和规划局"], "policy": ["行政审批服务局", "公安局", "市场监管局"],
}  # fmt: skip
LIVELIHOOD = {"water": "water", "power": "power", "road": "road", "sewer": "sewer", "environment": "alley"}


def ts(value: float) -> str:
    return datetime.datetime.fromtimestamp(value, UTC).isoformat()


def local_date(value: float) -> datetime.date:
    return datetime.datetime.fromtimestamp(value + SH, UTC).date()


def workdays_after(value: float, days: int) -> datetime.date:
    day = local_date(value)
    while days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def end_of(day: datetime.date) -> float:
    """The last second of a local date, as a UTC timestamp."""
    return datetime.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC).timestamp() - SH


N = "\\N"


@functools.lru_cache(maxsize=1024)
def sealed_name(name: str) -> str:
    """A synthetic name's token, made once per name (a thousand names, a million rows): equal
    tokens for equal names would leak in real data, not in this made-up history."""
    return encrypt(name)


def row(*values) -> str:
    return "\t".join(N if v is None else str(v) for v in values) + "\n"


class Progress:
    def __init__(self, total: int, out):
        self.total, self.out, self.start = total, out, time.monotonic()

    def show(self, done: int, label: str):
        width = 30
        filled = int(width * done / max(self.total, 1))
        elapsed = time.monotonic() - self.start
        rate = done / elapsed if elapsed else 0
        self.out.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{self.total:,} {label} "
            f"{elapsed:6.1f} s {rate:8,.0f}/s"
        )
        self.out.flush()


class Command(BaseCommand):
    help = "Generate a realistic synthetic history of N petitions (PostgreSQL, COPY in batches)."

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, required=True)
        parser.add_argument("--days", type=int, default=730, help="history length in days (default two years)")
        parser.add_argument("--batch", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-events", action="store_true", help="skip the event table (faster)")

    def handle(self, *args, petitions: int, days: int, batch: int, seed: int, no_events: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_load writes with COPY and needs PostgreSQL.")
        if petitions < 1:
            raise CommandError("--petitions must be at least 1.")
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
        self.now = timezone.now().timestamp()
        self.start = self.now - days * DAY
        self.events = not no_events
        self.total = petitions
        started = time.monotonic()
        with transaction.atomic():
            self.setup()
        self.stdout.write(
            f"setup: {len(self.workstations)} workstations, {sum(map(len, self.members.values()))} members, "
            f"{len(self.departments)} departments, {len(self.categories)} categories"
        )
        progress = Progress(petitions, sys.stderr)
        done = 0
        self.ids = {name: self._next_id(table) for name, table in TABLES.items()}
        first_petition = self.ids["petition"]
        while done < petitions:
            size = min(batch, petitions - done)
            with transaction.atomic():
                self.write_batch(size, first_petition)
            done += size
            progress.show(done, "petitions")
        sys.stderr.write("\n")
        with connection.cursor() as cursor:
            # Each proposal is reviewed by the body owning its workstation (the rows are copied in).
            cursor.execute(
                "UPDATE proposals_proposal p SET body_id = w.body_id FROM workstations_workstation w "
                "WHERE p.workstation_id = w.id AND p.body_id IS NULL"
            )
            for table in TABLES.values():
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608
            for table in TABLES.values():
                # VACUUM too: the visibility map lets PostgreSQL answer counts from the indexes.
                cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(f"{petitions:,} petitions written in {time.monotonic() - started:.1f} s")
        from stats.services import monthly_figures_sweep

        built = time.monotonic()
        rows = monthly_figures_sweep(history_months=int(days / 30) + 1)
        self.stdout.write(f"monthly table: {rows:,} rows in {time.monotonic() - built:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"done in {time.monotonic() - started:.1f} s"))

    # --- small tables, through the ORM ---------------------------------------------------------

    def setup(self):
        rng = self.rng
        sectors = [
            Sector.objects.get_or_create(name=name, defaults={"sort_order": i})[0] for i, name in enumerate(SECTORS)
        ]
        self.categories = []
        for i, (code, name, problems) in enumerate(CATEGORIES):
            category, _created = Category.objects.get_or_create(
                code=f"load-{code}", defaults={"name": name, "sort_order": i}
            )
            self.categories.append((category.pk, code, problems))
        # The install's top CPPCC body (the default body of a migrated install, or a province's);
        # the departments are its own.
        top_body = CppccBody.objects.filter(parent__isnull=True).order_by("pk").first()
        if top_body is None:
            top_body = body_save(body=CppccBody(name="湖南省政协", level="province"))
        self.departments = {}
        for name in DEPARTMENTS:
            department, _created = Department.objects.get_or_create(name=name, defaults={"body": top_body})
            self.departments[name] = department.pk
        # Two cities of two districts each, each city and each district a CPPCC body of its own
        # under the install's top body: "at any level of the tree" has a city, a district and a
        # township to measure (bench/dashboard.py), and a city's figures are not the whole install's.
        cities, city_bodies, owner = [], [], {}
        for code, name in CITIES:
            body_name = name.replace("委员工作室", "政协")
            body = CppccBody.objects.filter(name=body_name).first() or body_save(
                body=CppccBody(name=body_name, level="city", parent=top_body)
            )
            city, _c = Workstation.objects.get_or_create(
                code=code, defaults={"name": name, "level": "city", "body": body}
            )
            cities.append(city)
            city_bodies.append(body)
            owner[code] = body
        workstations = list(cities)
        for d, district in enumerate(DISTRICTS):
            city = cities[d * len(cities) // len(DISTRICTS)]
            county_body = CppccBody.objects.filter(name=f"{district}政协").first() or body_save(
                body=CppccBody(
                    name=f"{district}政协", level="county", parent=city_bodies[d * len(cities) // len(DISTRICTS)]
                )
            )
            dws, _c = Workstation.objects.get_or_create(
                code=f"load-d{d}",
                defaults={"name": f"{district}委员工作室", "level": "county", "parent": city, "body": county_body},
            )
            if dws.parent_id != city.pk:  # a history generated before there were two cities
                Workstation.objects.filter(pk=dws.pk).update(parent=city)
            workstations.append(dws)
            owner[dws.code] = county_body
            for t in range(2):
                tws, _c = Workstation.objects.get_or_create(
                    code=f"load-d{d}-t{t}",
                    defaults={
                        "name": f"{district}第{t + 1}街道委员工作室",
                        "level": "township",
                        "parent": dws,
                        "body": county_body,
                    },
                )
                workstations.append(tws)
                owner[tws.code] = county_body
                for c in range(3):
                    cws, _c = Workstation.objects.get_or_create(
                        code=f"load-d{d}-t{t}-c{c}",
                        defaults={
                            "name": f"{district}第{t + 1}街道第{c + 1}社区委员工作室",
                            "level": "community",
                            "parent": tws,
                            "body": county_body,
                        },
                    )
                    workstations.append(cws)
                    owner[cws.code] = county_body
        # A history generated before there were bodies: its workstations move to theirs.
        for ws in workstations:
            if ws.body_id != owner[ws.code].pk:
                Workstation.objects.filter(pk=ws.pk).update(body=owner[ws.code])
        self.workstations = [w.pk for w in workstations]  # 2 + 4 × (1 + 2 × (1 + 3)) = 38
        self.members = {}
        all_members = []
        for ws in workstations:
            members = list(Member.objects.filter(workstations=ws))
            while len(members) < 5:
                n = User.objects.filter(username__startswith="load-member-").count()
                user = User.objects.create(username=f"load-member-{n}", full_name=f"委员{n:03d}", password="!")  # noqa: S106
                member = Member.objects.create(user=user, sector=rng.choice(sectors), title="委员")
                member.workstations.add(ws)
                members.append(member)
            self.members[ws.pk] = [m.pk for m in members]
            all_members.extend(members)
        # A published roster per workstation and month, with the month's lead member.
        month = local_date(self.start).replace(day=1)
        last = timezone.localdate().replace(day=1)
        existing = set(DutyRoster.objects.values_list("workstation_id", "month"))
        rosters = []
        while month <= last:
            for ws in workstations:
                if (ws.pk, month) not in existing:
                    rosters.append(
                        DutyRoster(workstation=ws, month=month, status="published", published_at=timezone.now())
                    )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        DutyRoster.objects.bulk_create(rosters, batch_size=2000)
        duties = [
            DutyAssignment(roster=r, member_id=rng.choice(self.members[r.workstation_id]), kind="month")
            for r in rosters
        ]
        DutyAssignment.objects.bulk_create(duties, batch_size=2000)

    def _next_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - a constant name
            return cursor.fetchone()[0]

    def _take(self, name: str) -> int:
        value = self.ids[name]
        self.ids[name] = value + 1
        return value

    # --- one batch of petitions with everything that hangs off them ------------------------------

    def write_batch(self, size: int, first_petition: int):
        rng = self.rng
        out = {name: io.StringIO() for name in TABLES}
        span = self.now - self.start
        for _ in range(size):
            pid = self._take("petition")
            # In the order they arrive, as in real life (ids rise with time), and more of them
            # lately: the office became known. The share of the span elapsed at petition i of N
            # is (i/N) ** 0.8, with a little jitter.
            position = (pid - first_petition + rng.random()) / self.total
            created = self.start + span * min(position, 1.0) ** 0.8
            ws = rng.choice(self.workstations)
            category_id, category_code, problems = rng.choice(self.categories)
            problem = rng.choice(problems)
            place = rng.choice(PLACES)
            content = f"{place}附近{problem}，已经持续一段时间，希望有关部门尽快处理。"
            channel = rng.choices(("online", "reception", "phone", "field_visit"), (55, 25, 12, 8))[0]
            anonymous = rng.random() < 0.15
            name, phone = ("", "") if anonymous else (f"群众{pid % 1000:03d}", f"138{pid % 100000000:08d}")
            age = (self.now - created) / DAY
            events = [("submitted", created, "", "received")]

            status, track, member, outcome, satisfaction = "received", None, None, "", ""
            first_due = workdays_after(created, 1)
            first_at = replied = closed = rated = None
            households, reopen, merged_into = 0, 0, None
            roll = rng.random()
            if roll < 0.02 and age > 1:
                status = "spam"
                events.append(("marked_spam", created + HOUR * 3, "received", "spam"))
            elif roll < 0.04 and pid > first_petition:
                status = "merged"
                merged_into = rng.randint(max(first_petition, pid - 5000), pid - 1)
                events.append(("merged", created + HOUR * 2, "received", "merged"))
            elif roll < 0.05:
                status = "withdrawn"
                events.append(("withdrawn", created + HOUR, "received", "withdrawn"))
            else:
                member = rng.choice(self.members[ws])
                first_at = created + rng.expovariate(1 / (10 * HOUR))
                if first_at > self.now:
                    first_at, member = None, None
                else:
                    status = "assigned"
                    events.append(("assigned", first_at, "received", "assigned"))
                    track = rng.choices((1, 2, 3, 4), (20, 35, 20, 25))[0]
                    triaged = first_at + rng.uniform(0.5, 24) * HOUR
                    if triaged < self.now:
                        events.append(("triaged", triaged, "assigned", "assigned"))
                    else:
                        track = None
            if track in (1, 2):
                replied = (first_at or created) + rng.uniform(2, 120) * HOUR
                outcome = "explained" if track == 1 else rng.choice(("answered", "solved"))
            elif track == 3:
                status = "consulting"
                replied = self._consultation(out, pid, created, first_at, member, category_code, events)
                outcome = rng.choices(("solved", "answered"), (60, 40))[0]
            elif track == 4:
                status = "proposing"
                replied = self._proposal(out, pid, ws, created, first_at, member, category_code, events)
                outcome = rng.choices(("solved", "not_solved"), (80, 20))[0]
            if replied is not None and replied > self.now:
                replied = None
            if track and replied is None:
                outcome = ""
                if track in (1, 2):
                    status = "assigned"
            elif replied is not None:
                status = "replied"
                events.append(("replied", replied, "", "replied"))
                closed = replied + rng.uniform(0, 7) * DAY
                if closed < self.now and rng.random() < 0.9:
                    status = "closed"
                    events.append(("closed", closed, "replied", "closed"))
                    if outcome == "solved" and rng.random() < 0.15:
                        households = rng.randint(1, 5)
                    if rng.random() < 0.6:
                        rated = closed + rng.uniform(1, 72) * HOUR
                        if rated < self.now:
                            satisfaction = rng.choices(
                                ("satisfied", "basically_satisfied", "unsatisfied"), (70, 20, 10)
                            )[0]
                            events.append(("rated", rated, "", ""))
                        else:
                            rated = None
                    if rng.random() < 0.02:
                        reopen = 1
                else:
                    closed = None
            out["petition"].write(
                row(
                    pid, ts(created), ts(max(created, replied or created)), self._code(), ws, channel,
                    category_id, content, place, anonymous, sealed_name(name), encrypt(phone),
                    phone_lookup_hash(phone), "", not anonymous, status, track,
                    member, first_due, ts(first_at) if first_at else None, first_due if status == "received" else None,
                    ts(replied) if replied else None, ts(closed) if closed else None, outcome, households,
                    satisfaction, "", ts(rated) if rated else None, reopen, merged_into,
                )
            )  # fmt: skip
            if self.events:
                for kind, when, before, after in events:
                    if when <= self.now:
                        out["event"].write(
                            row(self._take("event"), pid, kind, "", before, after, "internal", "", "{}", ts(when))
                        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for name, buffer in out.items():
                if buffer.tell():
                    buffer.seek(0)
                    raw.copy_expert(f"COPY {TABLES[name]} ({COLUMNS[name]}) FROM STDIN", buffer)

    def _code(self) -> str:
        return "".join(self.rng.choices(TRACKING_ALPHABET, k=12))

    def _department_for(self, category_code: str) -> int:
        return self.departments[self.rng.choice(CATEGORY_DEPARTMENTS[category_code])]

    def _consultation(self, out, pid, created, first_at, member, category_code, events) -> float | None:
        rng = self.rng
        asked = (first_at or created) + rng.uniform(2, 48) * HOUR
        if asked > self.now:
            return None
        due = workdays_after(asked, 10)
        answered = asked + rng.choices((rng.uniform(1, 14), rng.uniform(14, 30)), (80, 20))[0] * DAY
        events.append(("consultation_sent", asked, "assigned", "consulting"))
        status, answer, answered_ts = "pending", "", None
        if answered < self.now:
            status, answer, answered_ts = "answered", "经研究，相关问题已按政策答复。", ts(answered)
            events.append(("consultation_answered", answered, "consulting", "consulted"))
        out["consultation"].write(
            row(
                self._take("consultation"), ts(asked), ts(asked), pid, self._department_for(category_code),
                "请协助答复群众反映的问题。", member, status, due, answer, answered_ts,
            )
        )  # fmt: skip
        return answered + rng.uniform(2, 48) * HOUR if status == "answered" else None

    def _proposal(self, out, pid, ws, created, first_at, member, category_code, events) -> float | None:
        rng = self.rng
        drafted = (first_at or created) + rng.uniform(4, 72) * HOUR
        if drafted > self.now:
            return None
        proposal_id = self._take("proposal")
        submitted = drafted + rng.uniform(1, 48) * HOUR
        livelihood = category_code in LIVELIHOOD and rng.random() < 0.6
        status, reviewed, closed_at, grade, rating = "draft", None, None, "", ""
        replied = None
        events.append(("proposal_drafted", drafted, "assigned", "proposing"))
        assignments = []
        if submitted < self.now:
            status = "submitted"
            events.append(("proposal_submitted", submitted, "proposing", "proposing"))
            reviewed = submitted + rng.uniform(4, 72) * HOUR
            if reviewed < self.now:
                status = "assigned"
                events.append(("proposal_assigned", reviewed, "proposing", "proposing"))
                lead = self._department_for(category_code)
                others = [d for d in self.departments.values() if d != lead]
                departments = [("lead", lead)] + ([("co", rng.choice(others))] if rng.random() < 0.3 else [])
                for role, department in departments:
                    ack_due = workdays_after(reviewed, 2)
                    due = workdays_after(reviewed, 15)
                    reported = reviewed + rng.choices((rng.uniform(3, 21), rng.uniform(21, 45)), (80, 20))[0] * DAY
                    a_status, result, reported_ts, acked = "acknowledged", "", None, ts(reviewed + DAY)
                    if reported < self.now:
                        a_status, result, reported_ts = "reported", "已按建议办理完毕。", ts(reported)
                        if role == "lead":
                            status = "result_reported"
                            grade = rng.choices("ABCD", (60, 25, 10, 5))[0]
                            rating = rng.choices(("satisfied", "basically_satisfied", "unsatisfied"), (70, 22, 8))[0]
                            replied = reported + rng.uniform(2, 72) * HOUR
                            events.append(("result_reported", reported, "proposing", "result_reported"))
                    assignments.append(
                        [
                            self._take("assignment"), ts(reviewed), ts(reviewed), proposal_id, department, role,
                            a_status, ack_due, due, acked, "", result, reported_ts,
                        ]
                    )  # fmt: skip
                if replied is not None and replied < self.now:
                    status, closed_at = "closed", replied
        out["proposal"].write(
            row(
                proposal_id, ts(drafted), ts(drafted), "micro", "关于解决群众反映问题的建议",
                "经走访核实，情况属实。", "建议有关部门尽快解决。", member, ws, status, livelihood,
                LIVELIHOOD[category_code] if livelihood else "", ts(submitted) if status != "draft" else None,
                ts(reviewed) if reviewed and status not in ("draft", "submitted") else None, "", grade, rating,
                ts(closed_at) if closed_at else None,
            )
        )  # fmt: skip
        for index, values in enumerate(assignments):
            # Each department graded as the member confirmed (issue 16): the lead with the proposal's grade.
            a_grade, a_rating, reason, graded = "", "", "", None
            if status == "closed":
                a_grade = grade if index == 0 else rng.choices("ABCD", (50, 30, 15, 5))[0]
                a_rating = rating if index == 0 else rng.choices(("satisfied", "basically_satisfied"), (70, 30))[0]
                reason, graded = ("条件暂不具备" if a_grade in "CD" else ""), ts(closed_at)
            out["assignment"].write(row(*values, a_grade, reason, a_rating, graded))
        out["proposal_petition"].write(row(self._take("proposal_petition"), proposal_id, pid))
        return replied


TABLES = {
    "petition": "petitions_petition",
    "event": "petitions_petitionevent",
    "consultation": "petitions_consultation",
    "proposal": "proposals_proposal",
    "proposal_petition": "proposals_proposal_petitions",
    "assignment": "proposals_proposalassignment",
}
COLUMNS = {
    "petition": (
        "id, created_at, updated_at, tracking_code, workstation_id, channel, category_id, content, location, "
        "is_anonymous, citizen_name, citizen_phone, citizen_phone_hash, citizen_address, consent_given, status, track, "
        "assigned_member_id, first_response_due, first_responded_at, due_date, replied_at, closed_at, outcome, "
        "households_helped, satisfaction, satisfaction_comment, rated_at, reopen_count, merged_into_id"
    ),
    "event": "id, petition_id, type, actor_label, from_status, to_status, visibility, message, data, created_at",
    "consultation": (
        "id, created_at, updated_at, petition_id, department_id, question, asked_by_id, status, due_date, "
        "answer, answered_at"
    ),
    "proposal": (
        "id, created_at, updated_at, kind, title, facts, suggestion, author_id, workstation_id, status, "
        "is_livelihood_project, livelihood_type, submitted_at, reviewed_at, return_reason, result_grade, "
        "handling_rating, closed_at"
    ),
    "proposal_petition": "id, proposal_id, petition_id",
    "assignment": (
        "id, created_at, updated_at, proposal_id, department_id, role, status, acknowledge_due, due_date, "
        "acknowledged_at, contest_reason, result, reported_at, grade, grade_reason, handling_rating, graded_at"
    ),
}
