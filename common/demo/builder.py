"""Builds the Yiyang demo. Every step is idempotent: it looks a row up by its natural key (a
username, a workstation code, a petition's demo key) before writing it, so running the seed twice
leaves the same counts."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, role_group_name, roles_sync
from common.deadlines import Stage, stage_due_date
from common.demo import data
from departments.models import Department
from handoffs.choices import DeliveryState
from handoffs.models import Delivery
from members.choices import RosterStatus
from members.models import DutyRoster, Member, ReceptionRule, Sector
from members.services.generate import roster_generate
from members.services.reception import reception_rule_add
from members.services.rosters import roster_publish
from petitions.choices import ConsultationStatus, EventType, Outcome, Satisfaction, Status, Track
from petitions.events import event_write
from petitions.models import Category, Consultation, Petition
from proposals.choices import AssignmentRole, AssignmentStatus, HandlingRating, Kind, LivelihoodType, ResultGrade
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal, ProposalAssignment
from workstations.models import Workstation

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - printed for the local demo; seed_demo refuses DEBUG=False


@dataclass
class DemoAccounts:
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, who)

    def add(self, role: str, username: str, who: str) -> None:
        self.rows.append((role, username, who))


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


def _month_start(day: datetime.date, months_ahead: int = 0) -> datetime.date:
    month = day.month - 1 + months_ahead
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


class DemoBuilder:
    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.accounts = DemoAccounts()

    @transaction.atomic
    def build(self) -> DemoAccounts:
        roles_sync()
        self.build_people_and_places()
        self.build_rosters()
        self.build_petitions()
        return self.accounts

    # --- people and places ---------------------------------------------------------------

    def build_people_and_places(self) -> None:
        admin = _user("admin", "系统管理员", [], is_staff=True, is_superuser=True)
        self.accounts.add("管理员 (superuser)", admin.username, admin.full_name)

        self.workstations: dict[str, Workstation] = {}
        for code, name, level, parent_code, address, hours in data.WORKSTATIONS:
            workstation, _ = Workstation.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": level,
                    "parent": self.workstations.get(parent_code),
                    "address": address,
                    "reception_hours": hours,
                },
            )
            self.workstations[code] = workstation

        liaison = _user("liaison", "周联络", [Role.LIAISON_OFFICER], is_staff=False)
        for code in ("huilongshan", "xiliuwan", "luoxi"):
            self.workstations[code].liaison_officers.add(liaison)
        self.accounts.add(str(Role.LIAISON_OFFICER.label), liaison.username, "西流湾、罗溪、会龙山")
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
            self.workstations[code].liaison_officers.add(other_liaison)

        self.sectors = [
            Sector.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
            for i, name in enumerate(data.SECTORS)
        ]

        self.members: dict[str, Member] = {}
        for i, (username, name, sector_index, title, codes) in enumerate(data.MEMBERS):
            user = _user(username, name, [Role.MEMBER])
            member, _ = Member.objects.get_or_create(
                user=user,
                defaults={"sector": self.sectors[sector_index], "title": title, "phone": f"1397370{i:04d}"},
            )
            member.workstations.add(*[self.workstations[code] for code in codes])
            self.members[username] = member
        self.accounts.add(str(Role.MEMBER.label), "wangjianguo", "王建国，西流湾社区")

        reviewer = _user("reviewer", "孙审核", [Role.REVIEWER])
        self.reviewer = reviewer
        self.accounts.add(str(Role.REVIEWER.label), reviewer.username, reviewer.full_name)

        self.departments: dict[str, Department] = {}
        for name, short, contact, email, channel in data.DEPARTMENTS:
            department, _ = Department.objects.get_or_create(
                name=name,
                defaults={"short_name": short, "contact_name": contact, "email": email, "channel": channel},
            )
            self.departments[short] = department
        handler = _user("chengguan", "城管局办理员", [Role.DEPARTMENT_HANDLER])
        self.departments["城管局"].handlers.add(handler)
        self.handler = handler
        self.accounts.add(str(Role.DEPARTMENT_HANDLER.label), handler.username, "城管局")
        for i, short in enumerate(list(self.departments)[1:], start=2):
            other = _user(f"dept{i}", f"{short}办理员", [Role.DEPARTMENT_HANDLER])
            self.departments[short].handlers.add(other)

        office = _user("office", "赵办公室", [Role.OFFICE_STAFF], is_staff=True)
        self.accounts.add(str(Role.OFFICE_STAFF.label), office.username, office.full_name)

        self.categories = {
            code: Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})[0]
            for i, (code, name) in enumerate(data.CATEGORIES)
        }

    # --- rosters -------------------------------------------------------------------------

    def build_rosters(self) -> None:
        """Reception rules from each workstation's published hours, then this and next month generated
        and published through the rosters' own services, as a liaison officer would."""
        for code, rules in data.RECEPTION_RULES.items():
            workstation = self.workstations[code]
            for weekday, week_of_month, slot in rules:
                if not ReceptionRule.objects.filter(
                    workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot
                ).exists():
                    reception_rule_add(workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot)
        officer = User.objects.get(username="liaison")
        months = [_month_start(self.today), _month_start(self.today, 1)]
        roster_generate(actor=officer, workstations=list(self.workstations.values()), months=months)
        for roster in DutyRoster.objects.filter(month__in=months, status=RosterStatus.DRAFT).select_related(
            "workstation"
        ):
            roster_publish(actor=officer, workstation=roster.workstation, month=roster.month, confirm_uncovered=True)

    # --- petitions -----------------------------------------------------------------------

    def build_petitions(self) -> None:
        for scenario in SCENARIOS:
            key = f"demo:{scenario.key}"
            if Petition.objects.filter(idempotency_key=key).exists():
                continue
            scenario.build(self, key)

    def days_ago(self, days: float, hour: int = 10) -> datetime.datetime:
        moment = self.now - datetime.timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@dataclass
class Scenario:
    """One demo case: where it came in, what the citizen said, and the steps it went through."""

    key: str
    workstation: str
    category: str
    content: str
    member: str | None
    final_status: str
    received_days_ago: float
    citizen: tuple[str, str] | None = ("市民", "")
    track: int | None = None
    steps: list[tuple] = field(default_factory=list)  # (days after receipt, event type, to_status, message, public)
    outcome: str = ""
    satisfaction: str = ""
    households: int = 0
    reopen_count: int = 0
    extra: str = ""  # "consultation-pending", "consultation-answered", "proposal:<status>"
    proposal_title: str = ""  # when not the category's usual one

    def build(self, demo: DemoBuilder, key: str) -> Petition:
        workstation = demo.workstations[self.workstation]
        member = demo.members[self.member] if self.member else None
        received_at = demo.days_ago(self.received_days_ago, hour=21 if self.category == "noise" else 10)
        name, phone = self.citizen or ("", "")
        petition = Petition.objects.create(
            idempotency_key=key,
            workstation=workstation,
            category=demo.categories[self.category],
            content=self.content,
            is_anonymous=self.citizen is None,
            citizen_name=name,
            citizen_phone=phone,
            consent_given=self.citizen is not None,
            first_response_due=stage_due_date(Stage.FIRST_RESPONSE, start=received_at.date(), workstation=workstation),
        )
        Petition.objects.filter(pk=petition.pk).update(created_at=received_at)
        event_write(
            petition=petition,
            type=EventType.SUBMITTED,
            actor_label="群众",
            to_status=Status.RECEIVED,
            message="您的诉求已收到。",
            public=True,
            at=received_at,
        )
        status = Status.RECEIVED
        first_response = None
        replied_at = None
        closed_at = None
        for after_days, event_type, to_status, message, public in self.steps:
            at = received_at + datetime.timedelta(days=after_days)
            event_write(
                petition=petition,
                type=event_type,
                actor=member.user if member and event_type not in _NON_MEMBER_EVENTS else None,
                actor_label=_actor_label(event_type, demo),
                from_status=status,
                to_status=to_status or status,
                message=message,
                public=public,
                at=at,
            )
            if event_type != EventType.ASSIGNED and first_response is None and member is not None:
                first_response = at
            if event_type == EventType.REPLIED:
                replied_at = at
            if to_status == Status.CLOSED:
                closed_at = at
            status = to_status or status
        fields = {
            "status": self.final_status,
            "track": self.track,
            "assigned_member": member,
            "first_responded_at": first_response,
            "replied_at": replied_at,
            "closed_at": closed_at,
            "outcome": self.outcome,
            "satisfaction": self.satisfaction,
            "rated_at": closed_at + datetime.timedelta(days=1) if self.satisfaction and closed_at else None,
            "households_helped": self.households,
            "reopen_count": self.reopen_count,
            "due_date": _open_due(self, demo, received_at),
        }
        if self.extra.startswith("merged:"):
            fields["merged_into"] = Petition.objects.get(idempotency_key=f"demo:{self.extra.removeprefix('merged:')}")
        Petition.objects.filter(pk=petition.pk).update(**fields)
        petition.refresh_from_db()
        _build_extra(self, demo, petition, member, received_at)
        return petition


_NON_MEMBER_EVENTS = {
    EventType.SUBMITTED,
    EventType.CONSULTATION_ANSWERED,
    EventType.PROPOSAL_ACCEPTED,
    EventType.PROPOSAL_RETURNED,
    EventType.PROPOSAL_ASSIGNED,
    EventType.DEPARTMENT_ACKNOWLEDGED,
    EventType.DEPARTMENT_CONTESTED,
    EventType.RESULT_REPORTED,
    EventType.RATED,
    EventType.MARKED_SPAM,
    EventType.WITHDRAWN,
}


def _actor_label(event_type: str, demo: DemoBuilder) -> str:
    if event_type in {EventType.CONSULTATION_ANSWERED, EventType.DEPARTMENT_ACKNOWLEDGED, EventType.RESULT_REPORTED}:
        return "承办部门"
    if event_type in {EventType.PROPOSAL_ACCEPTED, EventType.PROPOSAL_RETURNED, EventType.PROPOSAL_ASSIGNED}:
        return "市政协"
    if event_type in {EventType.RATED, EventType.WITHDRAWN}:
        return "群众"
    if event_type == EventType.MARKED_SPAM:
        return "联络员"
    return ""


def _open_due(scenario: Scenario, demo: DemoBuilder, received_at: datetime.datetime) -> datetime.date | None:
    if scenario.final_status in {Status.CLOSED, Status.SPAM, Status.WITHDRAWN, Status.MERGED}:
        return None
    stage = {
        Status.RECEIVED: Stage.FIRST_RESPONSE,
        Status.ASSIGNED: Stage.FIRST_RESPONSE,
        Status.CONSULTING: Stage.CONSULTATION,
        Status.PROPOSING: Stage.DEPARTMENT_HANDLING,
    }.get(scenario.final_status, Stage.DIRECT_REPLY)
    return stage_due_date(stage, start=received_at.date(), workstation=demo.workstations[scenario.workstation])


def _build_extra(scenario: Scenario, demo: DemoBuilder, petition: Petition, member, received_at) -> None:
    if not scenario.extra or scenario.extra.startswith("merged:"):
        return
    if scenario.extra.startswith("consultation"):
        department = demo.departments["行政审批服务局"]
        answered = scenario.extra == "consultation-answered"
        consultation = Consultation.objects.create(
            petition=petition,
            department=department,
            question="居民咨询老旧小区加装电梯的审批条件和补贴标准，请告知具体政策。",
            asked_by=member,
            status=ConsultationStatus.ANSWERED if answered else ConsultationStatus.PENDING,
            due_date=stage_due_date(Stage.CONSULTATION, start=received_at.date(), department=department),
            answer="根据《益阳市既有住宅加装电梯实施办法》，需本单元三分之二以上业主同意，每台补贴15万元。"
            if answered
            else "",
            answered_at=received_at + datetime.timedelta(days=4) if answered else None,
            answered_by=department.handlers.first() if answered else None,
        )
        Delivery.objects.create(
            kind="consultation",
            department=department,
            channel=department.channel,
            consultation=consultation,
            payload={"type": "consultation", "consultation_id": consultation.pk},
            state=DeliveryState.DELIVERED,
            attempts=1,
            delivered_at=received_at + datetime.timedelta(days=1),
        )
        return
    proposal_status = scenario.extra.removeprefix("proposal:")
    _build_proposal(demo, petition, member, received_at, proposal_status, title=scenario.proposal_title)


PROPOSAL_TEXT = {
    "noise": (
        "关于整治资江河堤夜间广场音响扰民的建议",
        "经实地走访核实：每晚21时后河堤广场仍有多处音响高音量播放，距市一中高三宿舍不足200米，学生反映难以入睡。",
        "建议城管局会同公安部门规范河堤广场活动时间和音量，21时后禁止使用大功率音响，并设置噪声监测提示牌。",
        "城管局",
        False,
        "",
    ),
    "water": (
        "关于改造罗溪社区老旧供水管网的建议",
        "罗溪社区3栋至8栋供水管网建于上世纪九十年代，近一年爆管6次，高峰期水压不足，涉及居民320户。",
        "建议水务局将罗溪社区供水管网纳入年度老旧管网改造计划，更换主管道并加装增压设施。",
        "水务局",
        True,
        LivelihoodType.WATER,
    ),
    "roads": (
        "关于修复桃花仑社区背街小巷路面的建议",
        "桃花仑社区二巷路面坑洼积水，雨天老人出行困难，已有两名老人摔伤。",
        "建议住建局将二巷纳入背街小巷改造项目，硬化路面并完善排水。",
        "住建局",
        True,
        LivelihoodType.ALLEY,
    ),
}


def _build_proposal(
    demo: DemoBuilder, petition: Petition, member, received_at, proposal_status: str, *, title: str = ""
) -> None:
    default_title, facts, suggestion, department_short, livelihood, livelihood_type = PROPOSAL_TEXT[
        petition.category.code
    ]
    title = title or default_title
    department = demo.departments[department_short]
    reached = _PROPOSAL_ORDER.index(proposal_status)
    submitted = reached >= _PROPOSAL_ORDER.index("submitted")
    proposal = Proposal.objects.create(
        kind=Kind.MICRO,
        title=title,
        facts=facts,
        suggestion=suggestion,
        author=member,
        workstation=petition.workstation,
        suggested_department=department,
        # An acknowledged or contested hand-off is a state of the assignment; the proposal is assigned.
        status=ProposalStatus.ASSIGNED if proposal_status in {"acknowledged", "contested"} else proposal_status,
        is_livelihood_project=livelihood,
        livelihood_type=livelihood_type,
        submitted_at=received_at + datetime.timedelta(days=1) if submitted else None,
        review_due=stage_due_date(Stage.PROPOSAL_REVIEW, start=received_at.date()) if submitted else None,
        reviewed_by=demo.reviewer if reached >= _PROPOSAL_ORDER.index("returned") else None,
        reviewed_at=received_at + datetime.timedelta(days=2) if reached >= _PROPOSAL_ORDER.index("returned") else None,
        return_reason="请补充现场核实的具体时间和涉及户数。"
        if proposal_status in {ProposalStatus.RETURNED, ProposalStatus.WITHDRAWN}
        else "",
        result_grade=ResultGrade.A if proposal_status == ProposalStatus.CLOSED else "",
        handling_rating=HandlingRating.SATISFIED if proposal_status == ProposalStatus.CLOSED else "",
        closed_at=received_at + datetime.timedelta(days=8) if proposal_status == ProposalStatus.CLOSED else None,
    )
    proposal.petitions.add(petition)
    if reached < _PROPOSAL_ORDER.index("assigned"):
        return
    assignment_status = {
        "assigned": AssignmentStatus.PENDING,
        "acknowledged": AssignmentStatus.ACKNOWLEDGED,
        "contested": AssignmentStatus.CONTESTED,
    }.get(proposal_status, AssignmentStatus.REPORTED)
    assigned_on = (received_at + datetime.timedelta(days=2)).date()
    reported = assignment_status == AssignmentStatus.REPORTED
    assignment = ProposalAssignment.objects.create(
        proposal=proposal,
        department=department,
        role=AssignmentRole.LEAD,
        status=assignment_status,
        assigned_by=demo.reviewer,
        acknowledge_due=stage_due_date(Stage.DEPARTMENT_ACKNOWLEDGE, start=assigned_on, department=department),
        due_date=stage_due_date(Stage.DEPARTMENT_HANDLING, start=assigned_on, department=department),
        acknowledged_at=received_at + datetime.timedelta(days=3)
        if assignment_status != AssignmentStatus.PENDING
        else None,
        contest_reason="该路段属住建局管养范围，请改派住建局。"
        if assignment_status == AssignmentStatus.CONTESTED
        else "",
        result="已责令河堤广场各活动团队21时后关闭音响，设置噪声提示牌4块，夜间巡查已常态化。" if reported else "",
        reported_at=received_at + datetime.timedelta(days=7) if reported else None,
        reported_by=department.handlers.first() if reported else None,
    )
    if proposal_status in {"result_reported", "closed"} and department.short_name == "城管局":
        co = demo.departments["生态环境局"]
        ProposalAssignment.objects.create(
            proposal=proposal,
            department=co,
            role=AssignmentRole.CO,
            status=AssignmentStatus.REPORTED,
            assigned_by=demo.reviewer,
            acknowledge_due=assignment.acknowledge_due,
            due_date=assignment.due_date,
            acknowledged_at=received_at + datetime.timedelta(days=3),
            result="会办意见：已在河堤广场布设噪声监测点，数据共享城管局。",
            reported_at=received_at + datetime.timedelta(days=6),
        )
    Delivery.objects.create(
        kind="assignment",
        department=department,
        channel=department.channel,
        assignment=assignment,
        payload={"type": "assignment", "assignment_id": assignment.pk},
        state=DeliveryState.DELIVERED,
        attempts=1,
        delivered_at=received_at + datetime.timedelta(days=2, minutes=1),
    )


_PROPOSAL_ORDER = [
    "draft",
    "submitted",
    "returned",
    "withdrawn",
    "accepted",
    "assigned",
    "acknowledged",
    "contested",
    "result_reported",
    "closed",
]

E = EventType
S = Status


def _assign_step() -> tuple:
    return (0.02, E.ASSIGNED, S.ASSIGNED, "已分派给值班委员办理。", True)


SCENARIOS: list[Scenario] = [
    # The case from the spec: noise on the river bank at 21:30, a micro-proposal, 城管局, solved.
    Scenario(
        key="noise-riverbank",
        workstation="xiliuwan",
        category="noise",
        content="晚上九点半以后，资江河堤广场的音乐声音很大，一中高三学生晚上没法休息，希望管一管。",
        member="wangjianguo",
        citizen=("刘女士", "13973700101"),
        final_status=S.CLOSED,
        received_days_ago=12,
        track=Track.PROPOSE,
        outcome=Outcome.SOLVED,
        satisfaction=Satisfaction.SATISFIED,
        households=0,
        steps=[
            _assign_step(),
            (0.6, E.TRIAGED, S.PROPOSING, "委员已到现场走访核实，将提交微建议。", True),
            (0.7, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (1.5, E.PROPOSAL_ACCEPTED, None, "市政协审核通过。", True),
            (1.6, E.PROPOSAL_ASSIGNED, None, "已交办城管局办理。", True),
            (2.0, E.DEPARTMENT_ACKNOWLEDGED, None, "城管局已签收。", True),
            (7.0, E.RESULT_REPORTED, S.RESULT_REPORTED, "城管局反馈：已规范广场活动时间和音量，21时后关闭音响。", True),
            (
                7.2,
                E.REPLIED,
                S.REPLIED,
                "您反映的河堤广场噪音问题已解决，城管局已落实夜间管理措施，感谢您的监督。",
                True,
            ),
            (7.3, E.CLOSED, S.CLOSED, "已办结。", True),
            (8.0, E.RATED, None, "群众评价：满意。", True),
        ],
        extra="proposal:closed",
    ),
    Scenario(
        key="queued",
        workstation="luoxi",
        category="environment",
        content="罗溪社区菜市场旁边的垃圾站三天没有清运，气味很大，苍蝇很多。",
        member=None,
        citizen=None,
        final_status=S.RECEIVED,
        received_days_ago=0.2,
    ),
    Scenario(
        key="assigned",
        workstation="xiliuwan",
        category="roads",
        content="西流湾小学门口的斑马线已经磨得看不清了，上下学时间车很多，孩子过马路很危险。",
        member="lixiuying",
        citizen=("陈先生", "13973700102"),
        final_status=S.ASSIGNED,
        received_days_ago=0.5,
        steps=[_assign_step()],
    ),
    Scenario(
        key="explain-replied",
        workstation="xiliuwan",
        category="social-security",
        content="我想把农村户口的养老保险转到城里来，并且要求一次性补缴二十年，为什么不给办？",
        member="zhangwei",
        citizen=("赵大爷", "13973700103"),
        final_status=S.REPLIED,
        received_days_ago=3,
        track=Track.EXPLAIN,
        outcome=Outcome.EXPLAINED,
        steps=[
            _assign_step(),
            (0.5, E.TRIAGED, S.ASSIGNED, "委员将对相关政策进行解释说明。", True),
            (
                1,
                E.REPLIED,
                S.REPLIED,
                "根据《城乡养老保险制度衔接暂行办法》，城乡居民养老保险可以转入城镇职工养老保险，但不能一次性补缴超过规定年限，已为您详细说明办理流程。",
                True,
            ),
        ],
    ),
    Scenario(
        key="explain-closed",
        workstation="luoxi",
        category="housing",
        content="小区旁边要建变电站，我们要求马上停工搬走。",
        member="chenjing",
        citizen=("黄女士", "13973700104"),
        final_status=S.CLOSED,
        received_days_ago=20,
        track=Track.EXPLAIN,
        outcome=Outcome.EXPLAINED,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        steps=[
            _assign_step(),
            (
                1,
                E.REPLIED,
                S.REPLIED,
                "该变电站已依法完成规划许可和环评公示，电磁环境符合国家标准，已向您解释说明。",
                True,
            ),
            (2, E.CLOSED, S.CLOSED, "已办结。", True),
            (3, E.RATED, None, "群众评价：基本满意。", True),
        ],
    ),
    Scenario(
        key="answer-replied",
        workstation="taohualun",
        category="policy",
        content="请问老年人乘坐公交车的优惠卡在哪里办理，需要带什么材料？",
        member="huangmin",
        citizen=("孙奶奶", "13973700105"),
        final_status=S.REPLIED,
        received_days_ago=2,
        track=Track.ANSWER,
        outcome=Outcome.ANSWERED,
        steps=[
            _assign_step(),
            (
                0.3,
                E.REPLIED,
                S.REPLIED,
                "65周岁以上老人可携带身份证和一寸照片到市公交集团服务大厅办理免费乘车卡，当场办结。",
                True,
            ),
        ],
    ),
    Scenario(
        key="answer-closed-solved",
        workstation="yingbin",
        category="water",
        content="迎宾社区5栋停水两天了，没有任何通知。",
        member="wuxia",
        citizen=("钱先生", "13973700106"),
        final_status=S.CLOSED,
        received_days_ago=30,
        track=Track.ANSWER,
        outcome=Outcome.SOLVED,
        satisfaction=Satisfaction.SATISFIED,
        households=2,
        steps=[
            _assign_step(),
            (0.2, E.NOTE, None, "已电话联系供水公司抢修班。", False),
            (
                0.5,
                E.REPLIED,
                S.REPLIED,
                "经协调，供水公司已完成管道抢修，5栋已恢复供水，并为两户困难家庭送去了饮用水。",
                True,
            ),
            (1, E.CLOSED, S.CLOSED, "已办结。", True),
            (2, E.RATED, None, "群众评价：满意。", True),
        ],
    ),
    Scenario(
        key="consult-pending",
        workstation="xiliuwan",
        category="housing",
        content="我们是老旧小区，想加装电梯，需要什么条件，政府有没有补贴？",
        member="liuyang",
        citizen=("吴先生", "13973700107"),
        final_status=S.CONSULTING,
        received_days_ago=2,
        track=Track.CONSULT,
        steps=[
            _assign_step(),
            (
                0.5,
                E.CONSULTATION_SENT,
                S.CONSULTING,
                "委员已就您的问题咨询行政审批服务局，收到答复后将及时回复您。",
                True,
            ),
        ],
        extra="consultation-pending",
    ),
    Scenario(
        key="consult-answered",
        workstation="luoxi",
        category="housing",
        content="加装电梯的审批要多久，需要全部业主签字吗？",
        member="zhaolei",
        citizen=("郑女士", "13973700108"),
        final_status=S.CONSULTED,
        received_days_ago=6,
        track=Track.CONSULT,
        steps=[
            _assign_step(),
            (0.5, E.CONSULTATION_SENT, S.CONSULTING, "委员已就您的问题咨询行政审批服务局。", True),
            (4, E.CONSULTATION_ANSWERED, S.CONSULTED, "行政审批服务局已答复，委员正在整理回复。", True),
        ],
        extra="consultation-answered",
    ),
    Scenario(
        key="proposal-draft",
        workstation="luoxi",
        category="water",
        content="罗溪社区水压太低，高层住户白天经常没水，水管还老是爆。",
        member="yangfan",
        citizen=("冯先生", "13973700109"),
        final_status=S.PROPOSING,
        received_days_ago=4,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员已走访核实，正在起草微建议。", True),
            (1.1, E.PROPOSAL_DRAFTED, None, "微建议草稿已保存。", False),
        ],
        extra="proposal:draft",
    ),
    Scenario(
        key="proposal-submitted",
        workstation="taohualun",
        category="roads",
        content="桃花仑社区二巷路面坑坑洼洼，一下雨全是积水，老人摔倒过好几次。",
        member="zhouqiang",
        citizen=("何大妈", "13973700110"),
        final_status=S.PROPOSING,
        received_days_ago=3,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员已现场查看，将提交微建议。", True),
            (1.2, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
        ],
        extra="proposal:submitted",
    ),
    Scenario(
        key="proposal-returned",
        workstation="xiliuwan",
        category="noise",
        content="西流湾夜市烧烤摊到凌晨两点还很吵。",
        member="lixiuying",
        citizen=("林先生", "13973700111"),
        final_status=S.PROPOSING,
        received_days_ago=5,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (1.2, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (2, E.PROPOSAL_RETURNED, None, "市政协退回：请补充现场核实的具体时间和涉及户数。", False),
        ],
        extra="proposal:returned",
        proposal_title="关于规范西流湾夜市经营时间的建议",
    ),
    Scenario(
        key="proposal-accepted",
        workstation="taohualun",
        category="roads",
        content="桃花仑社区四巷排水沟盖板破损，晚上容易踩空。",
        member="zhouqiang",
        citizen=("蒋先生", "13973700119"),
        final_status=S.PROPOSING,
        received_days_ago=2,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (0.5, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (0.8, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (1.5, E.PROPOSAL_ACCEPTED, None, "市政协审核通过，即将交办。", True),
        ],
        extra="proposal:accepted",
    ),
    Scenario(
        key="proposal-withdrawn",
        workstation="yingbin",
        category="roads",
        content="迎宾路口红绿灯时间太短，老人过不去。",
        member="xujun",
        citizen=("段先生", "13973700120"),
        final_status=S.ASSIGNED,
        received_days_ago=6,
        steps=[
            _assign_step(),
            (0.5, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (0.8, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (1.5, E.PROPOSAL_RETURNED, None, "市政协退回：请补充路口车流量数据。", False),
            (2.5, E.TRIAGED, S.ASSIGNED, "委员撤回建议，改为直接协调交警部门。", True),
        ],
        extra="proposal:withdrawn",
    ),
    Scenario(
        key="proposal-assigned",
        workstation="xiliuwan",
        category="noise",
        content="河堤边的广场舞音响周末早上六点就开始放，吵得睡不着。",
        member="wangjianguo",
        citizen=("罗女士", "13973700112"),
        final_status=S.PROPOSING,
        received_days_ago=3,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (0.5, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (0.8, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (1.5, E.PROPOSAL_ACCEPTED, None, "市政协审核通过。", True),
            (2, E.PROPOSAL_ASSIGNED, None, "已交办城管局办理。", True),
        ],
        extra="proposal:assigned",
        proposal_title="关于规范河堤广场舞清晨活动时间的建议",
    ),
    Scenario(
        key="proposal-acknowledged",
        workstation="luoxi",
        category="water",
        content="罗溪社区8栋楼下的下水道经常堵，污水冒到路面上。",
        member="chenjing",
        citizen=("唐先生", "13973700113"),
        final_status=S.PROPOSING,
        received_days_ago=6,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (1.2, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (2, E.PROPOSAL_ACCEPTED, None, "市政协审核通过。", True),
            (2.1, E.PROPOSAL_ASSIGNED, None, "已交办水务局办理。", True),
            (3, E.DEPARTMENT_ACKNOWLEDGED, None, "水务局已签收。", True),
        ],
        extra="proposal:acknowledged",
    ),
    Scenario(
        key="proposal-contested",
        workstation="taohualun",
        category="roads",
        content="桃花仑社区三巷路灯坏了半个月，晚上一片漆黑。",
        member="huangmin",
        citizen=("邓女士", "13973700114"),
        final_status=S.PROPOSING,
        received_days_ago=5,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (1.2, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (2, E.PROPOSAL_ACCEPTED, None, "市政协审核通过。", True),
            (2.1, E.PROPOSAL_ASSIGNED, None, "已交办住建局办理。", True),
            (3, E.DEPARTMENT_CONTESTED, None, "承办部门申请退单，市政协正在协调。", False),
        ],
        extra="proposal:contested",
    ),
    Scenario(
        key="proposal-result-reported",
        workstation="xiliuwan",
        category="noise",
        content="滨江路的货车晚上十一点以后还在鸣笛。",
        member="zhangwei",
        citizen=("谢先生", "13973700115"),
        final_status=S.RESULT_REPORTED,
        received_days_ago=10,
        track=Track.PROPOSE,
        steps=[
            _assign_step(),
            (1, E.TRIAGED, S.PROPOSING, "委员将提交微建议。", True),
            (1.2, E.PROPOSAL_SUBMITTED, None, "已向市政协提交微建议。", True),
            (2, E.PROPOSAL_ACCEPTED, None, "市政协审核通过。", True),
            (2.1, E.PROPOSAL_ASSIGNED, None, "已交办城管局办理。", True),
            (3, E.DEPARTMENT_ACKNOWLEDGED, None, "城管局已签收。", True),
            (7, E.RESULT_REPORTED, S.RESULT_REPORTED, "城管局已反馈办理结果，委员正在确认。", True),
        ],
        extra="proposal:result_reported",
        proposal_title="关于整治滨江路夜间货车鸣笛的建议",
    ),
    Scenario(
        key="proposal-closed-not-solved-reopened",
        workstation="luoxi",
        category="water",
        content="罗溪社区老水管一直没换，自来水发黄。",
        member="yangfan",
        citizen=("马先生", "13973700116"),
        final_status=S.ASSIGNED,
        received_days_ago=40,
        track=None,
        outcome="",
        satisfaction=Satisfaction.UNSATISFIED,
        reopen_count=1,
        steps=[
            _assign_step(),
            (1, E.REPLIED, S.REPLIED, "已联系供水公司冲洗管道，水质已恢复。", True),
            (2, E.CLOSED, S.CLOSED, "已办结。", True),
            (5, E.RATED, None, "群众评价：不满意。", True),
            (5.1, E.REOPENED, S.ASSIGNED, "根据您的评价，已重新办理。", True),
        ],
    ),
    Scenario(
        key="spam",
        workstation="yingbin",
        category="other",
        content="低价代办各类证件，加微信详谈。",
        member=None,
        citizen=None,
        final_status=S.SPAM,
        received_days_ago=8,
        steps=[(0.3, E.MARKED_SPAM, S.SPAM, "广告信息，标记为无效。", False)],
    ),
    Scenario(
        key="merged-duplicate",
        workstation="xiliuwan",
        category="noise",
        content="河堤广场晚上音响太吵了，孩子要高考，请管一管。",
        member="wangjianguo",
        citizen=("周先生", "13973700118"),
        final_status=S.MERGED,
        received_days_ago=11.5,
        steps=[
            _assign_step(),
            (0.2, E.MERGED, S.MERGED, "与他人反映的同一问题合并办理，您可继续通过本查询码查看进度。", True),
        ],
        extra="merged:noise-riverbank",
    ),
    Scenario(
        key="withdrawn",
        workstation="dayuan",
        category="health",
        content="社区卫生服务站周末不开门，看病不方便。",
        member="guoping",
        citizen=("韩女士", "13973700117"),
        final_status=S.WITHDRAWN,
        received_days_ago=9,
        steps=[
            _assign_step(),
            (1, E.WITHDRAWN, S.WITHDRAWN, "群众来电表示问题已自行解决，申请撤回。", True),
        ],
    ),
]
