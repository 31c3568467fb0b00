"""The demo's workstations and people: the Yiyang workstation tree, liaison officers, members and
their sectors, the reviewer, the departments and their handlers, office staff, the categories."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role, role_group_name
from common.demo import data
from departments.models import Department
from members.models import Member, Sector
from petitions.models import Category
from workstations.models import Workstation

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - printed for the local demo; seed_demo refuses DEBUG=False


@dataclass
class DemoAccounts:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # (role, username, who, try first)

    def add(self, role: str, username: str, who: str, try_first: str = "") -> None:
        self.rows.append((role, username, who, try_first))


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hash once: a deliberately slow hasher run for each of ~40 accounts would take seconds.
    return make_password(DEMO_PASSWORD)


def _user(username: str, full_name: str, roles: list[Role], *, is_staff=False, is_superuser=False) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "password": _demo_password_hash(),
        },
    )
    if roles:
        user.groups.add(*Group.objects.filter(name__in=[role_group_name(role) for role in roles]))
    return user


def people_and_places_build(demo) -> None:
    admin = _user("admin", "系统管理员", [], is_staff=True, is_superuser=True)
    demo.accounts.add("管理员 (superuser)", admin.username, admin.full_name, "/admin/")

    demo.workstations: dict[str, Workstation] = {}
    for code, name, level, parent_code, address, hours in data.WORKSTATIONS:
        workstation, _ = Workstation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "parent": demo.workstations.get(parent_code),
                "address": address,
                "reception_hours": hours,
            },
        )
        demo.workstations[code] = workstation

    liaison = _user("liaison", "周联络", [Role.LIAISON_OFFICER], is_staff=False)
    for code in ("huilongshan", "xiliuwan", "luoxi"):
        demo.workstations[code].liaison_officers.add(liaison)
    demo.accounts.add(
        str(Role.LIAISON_OFFICER.label),
        liaison.username,
        "西流湾、罗溪、会龙山",
        "/rosters/swaps/：审批罗溪的换班申请",
    )
    other_liaison = _user("liaison2", "钱联络", [Role.LIAISON_OFFICER])
    for code in (
        "qiaobei",
        "taohualun",
        "yingbin",
        "dayuan",
        "taohuajiang",
        "heshan",
        "ziyang",
        "taojiang",
        "yiyang",
    ):
        demo.workstations[code].liaison_officers.add(other_liaison)

    demo.sectors = [
        Sector.objects.get_or_create(name=name, defaults={"sort_order": i})[0] for i, name in enumerate(data.SECTORS)
    ]

    demo.members: dict[str, Member] = {}
    for i, (username, name, sector_index, title, codes) in enumerate(data.MEMBERS):
        user = _user(username, name, [Role.MEMBER])
        member, _ = Member.objects.get_or_create(
            user=user,
            defaults={"sector": demo.sectors[sector_index], "title": title, "phone": f"1397370{i:04d}"},
        )
        member.workstations.add(*[demo.workstations[code] for code in codes])
        demo.members[username] = member
    demo.accounts.add(
        str(Role.MEMBER.label),
        "wangjianguo",
        "王建国，本月每天在西流湾社区值班",
        "/w/xiliuwan/submit/ 以群众身份提交诉求，再到 /inbox/ 答复并办结；滨江路货车鸣笛一案确认部门办理结果",
    )

    reviewer = _user("reviewer", "孙审核", [Role.REVIEWER])
    demo.reviewer = reviewer
    demo.accounts.add(
        str(Role.REVIEWER.label),
        reviewer.username,
        reviewer.full_name,
        "/review/：把审核通过的桃花仑背街小巷建议交办部门",
    )

    demo.departments: dict[str, Department] = {}
    for name, short, contact, email, channel in data.DEPARTMENTS:
        department, _ = Department.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "contact_name": contact, "email": email, "channel": channel},
        )
        demo.departments[short] = department
    handler = _user("chengguan", "城管局办理员", [Role.DEPARTMENT_HANDLER])
    demo.departments["城管局"].handlers.add(handler)
    demo.handler = handler
    demo.accounts.add(
        str(Role.DEPARTMENT_HANDLER.label), handler.username, "城管局", "/dept/：签收河堤广场舞清晨音响的交办"
    )
    for i, short in enumerate(list(demo.departments)[1:], start=2):
        other = _user(f"dept{i}", f"{short}办理员", [Role.DEPARTMENT_HANDLER])
        demo.departments[short].handlers.add(other)

    office = _user("office", "赵办公室", [Role.OFFICE_STAFF], is_staff=True)
    demo.accounts.add(
        str(Role.OFFICE_STAFF.label), office.username, office.full_name, "/dashboard/：本月统计、热词和导出"
    )

    demo.categories = {
        code: Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})[0]
        for i, (code, name) in enumerate(data.CATEGORIES)
    }
