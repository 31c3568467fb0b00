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
from workstations.models import BodyMembership, CppccBody, Workstation
from workstations.services import body_save

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
    bodies_build(demo)

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

    BodyMembership.objects.get_or_create(user=reviewer, defaults={"body": demo.bodies["yiyang"]})
    demo.departments: dict[str, Department] = {}
    for name, short, contact, email, channel in data.DEPARTMENTS:
        department, _ = Department.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "contact_name": contact,
                "email": email,
                "channel": channel,
                "body": demo.bodies["yiyang"],
            },
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
    BodyMembership.objects.get_or_create(user=office, defaults={"body": demo.bodies["yiyang"]})
    demo.accounts.add(
        str(Role.OFFICE_STAFF.label),
        office.username,
        f"{office.full_name}（益阳市政协：全市及资阳区、桃江县）",
        "/dashboard/：本月统计、热词和导出",
    )
    county_staff_build(demo)

    demo.categories = {
        code: Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})[0]
        for i, (code, name) in enumerate(data.CATEGORIES)
    }


def bodies_build(demo) -> None:
    """The city's CPPCC and its two counties', each owning its workstations and those below."""
    demo.bodies: dict[str, CppccBody] = {}
    children: dict = {}
    for workstation in demo.workstations.values():
        children.setdefault(workstation.parent_id, []).append(workstation)
    for key, name, level, parent, roots in data.BODIES:
        body = CppccBody.objects.filter(name=name).first() or body_save(
            body=CppccBody(name=name, level=level, parent=demo.bodies.get(parent))
        )
        demo.bodies[key] = body
        owned, stack = [], [demo.workstations[code] for code in roots]
        while stack:
            workstation = stack.pop()
            owned.append(workstation.pk)
            stack.extend(children.get(workstation.pk, []))
        Workstation.objects.filter(pk__in=owned).update(body=body)
    for workstation in demo.workstations.values():
        workstation.refresh_from_db(fields=["body"])


def county_staff_build(demo) -> None:
    """Each county's reviewer, office staff and bureau: they see their county, never the other."""
    for key, name, short, contact in data.COUNTY_DEPARTMENTS:
        department, _ = Department.objects.get_or_create(
            name=name, defaults={"short_name": short, "contact_name": contact, "body": demo.bodies[key]}
        )
        demo.departments[short] = department
    for key, reviewer_name, office_name in (("ziyang", "钟审核", "林办公室"), ("taojiang", "贺审核", "曾办公室")):
        body = demo.bodies[key]
        reviewer = _user(f"reviewer_{key}", reviewer_name, [Role.REVIEWER])
        office = _user(f"office_{key}", office_name, [Role.OFFICE_STAFF], is_staff=True)
        for user in (reviewer, office):
            BodyMembership.objects.get_or_create(user=user, defaults={"body": body})
    demo.accounts.add(
        str(Role.REVIEWER.label),
        "reviewer_ziyang",
        "钟审核（资阳区政协）",
        "/review/：审核资阳区的建议，可转报益阳市政协",
    )
    demo.accounts.add(
        str(Role.OFFICE_STAFF.label),
        "office_ziyang",
        "林办公室（资阳区政协）",
        "/dashboard/：只看资阳区的统计",
    )
