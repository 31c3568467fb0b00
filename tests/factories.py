"""factory_boy factories for every model, in one place."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import Role, role_group_name
from departments.models import Department
from members.choices import DutyKind, RosterStatus, Slot
from members.models import DutyAssignment, DutyRoster, Member, MemberUnavailability, ReceptionRule, Sector
from petitions.models import Category, Consultation, Petition, PetitionEvent
from proposals.models import Proposal, ProposalAssignment
from workstations.choices import BodyLevel, Level
from workstations.models import BodyMembership, CppccBody, Workstation
from workstations.services import body_save

# The roles that work for a CPPCC body (workstations.BodyMembership).
BODY_STAFF_ROLES = (Role.REVIEWER, Role.OFFICE_STAFF)
DEFAULT_BODY_NAME = "本级政协"


class CppccBodyFactory(DjangoModelFactory):
    """A CPPCC body, its path kept by workstations.services.body_save as the admin keeps it."""

    class Meta:
        model = CppccBody
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n}政协")
    level = BodyLevel.COUNTY
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(name=kwargs["name"]).first()
        if existing is not None:
            return existing
        return body_save(body=model_class(*args, **kwargs))


def default_body() -> CppccBody:
    """The one body of a single-office install: what every factory row belongs to unless a test
    names another (as the migration puts an existing install's rows in one body)."""
    return CppccBodyFactory(name=DEFAULT_BODY_NAME, level=BodyLevel.CITY)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pass-word-123")
    # No quiet hours: tests run at any hour of the day, and a held SMS would make them depend on
    # it. The quiet-hours tests set their own (tests/accounts/test_staff_notify.py).
    quiet_start = datetime.time(0, 0)
    quiet_end = datetime.time(0, 0)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        from django.contrib.auth.models import Group

        for role in extracted:
            group, _ = Group.objects.get_or_create(name=role_group_name(role))
            self.groups.add(group)

    @factory.post_generation
    def body(self, create, extracted, **kwargs):
        """Reviewers and office staff work for a body: the one named, else the default body."""
        if not create:
            return
        roles = self.groups.filter(name__in=[role_group_name(r) for r in BODY_STAFF_ROLES]).exists()
        if extracted is not None or roles:
            BodyMembership.objects.update_or_create(user=self, defaults={"body": extracted or default_body()})


class WorkstationFactory(DjangoModelFactory):
    class Meta:
        model = Workstation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ws-{n}")
    name = factory.Sequence(lambda n: f"第{n}委员工作室")
    level = Level.COMMUNITY
    body = factory.LazyFunction(default_body)
    address = "益阳市赫山区某社区居委会二楼"
    reception_hours = "每月第一个星期一上午"

    @factory.post_generation
    def liaison_officers(self, create, extracted, **kwargs):
        if create and extracted:
            self.liaison_officers.add(*extracted)


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"界别{n}")


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.MEMBER])
    sector = factory.SubFactory(SectorFactory)
    title = "委员"
    phone = factory.Sequence(lambda n: f"139{n:08d}")

    @factory.post_generation
    def workstations(self, create, extracted, **kwargs):
        if create and extracted:
            self.workstations.add(*extracted)


class DutyRosterFactory(DjangoModelFactory):
    class Meta:
        model = DutyRoster

    workstation = factory.SubFactory(WorkstationFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    status = RosterStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class DutyAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = DutyAssignment

    roster = factory.SubFactory(DutyRosterFactory)
    member = factory.SubFactory(MemberFactory)
    kind = DutyKind.SLOT
    date = factory.LazyAttribute(lambda o: o.roster.month)
    slot = Slot.MORNING


class ReceptionRuleFactory(DjangoModelFactory):
    """Every first Monday morning, unless told otherwise."""

    class Meta:
        model = ReceptionRule

    workstation = factory.SubFactory(WorkstationFactory)
    weekday = 0
    week_of_month = 1
    slot = Slot.MORNING


class MemberUnavailabilityFactory(DjangoModelFactory):
    class Meta:
        model = MemberUnavailability

    member = factory.SubFactory(MemberFactory)
    start = factory.LazyFunction(timezone.localdate)
    end = factory.LazyAttribute(lambda o: o.start)
    reason = "外出学习"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"部门{n}")
    body = factory.LazyFunction(default_body)

    @factory.post_generation
    def handlers(self, create, extracted, **kwargs):
        if create and extracted:
            self.handlers.add(*extracted)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"类别{n}")
    code = factory.Sequence(lambda n: f"category-{n}")


class PetitionFactory(DjangoModelFactory):
    class Meta:
        model = Petition

    workstation = factory.SubFactory(WorkstationFactory)
    category = factory.SubFactory(CategoryFactory)
    content = "河堤广场晚上九点半以后音乐声太大，影响一中高三学生休息。"
    citizen_name = "张三"
    citizen_phone = "13800138000"
    consent_given = True
    first_response_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=1))


class PetitionEventFactory(DjangoModelFactory):
    class Meta:
        model = PetitionEvent

    petition = factory.SubFactory(PetitionFactory)
    type = "submitted"
    to_status = "received"


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    title = "关于整治河堤广场夜间噪音的建议"
    facts = "经现场走访核实，广场音响晚间音量过大。"
    suggestion = "建议城管局规范广场活动时间和音量。"
    author = factory.SubFactory(MemberFactory)
    workstation = factory.SubFactory(WorkstationFactory)
    body = factory.LazyAttribute(lambda o: o.workstation.body)


class ProposalAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ProposalAssignment

    proposal = factory.SubFactory(ProposalFactory, status="assigned")
    department = factory.SubFactory(DepartmentFactory)
    acknowledge_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))


class KnowledgeEntryFactory(DjangoModelFactory):
    class Meta:
        model = "knowledge.Entry"

    category = factory.SubFactory(CategoryFactory)
    body = factory.LazyFunction(default_body)
    title = "夜间广场舞噪音的管理规定"
    question = "晚上广场音乐声太大怎么办？"
    answer = "根据规定，晚二十二时至次日六时禁止在公共场所使用音响器材产生干扰周围生活环境的过大音量。"
    policy_basis = "《中华人民共和国噪声污染防治法》第六十四条"


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    petition = factory.SubFactory(PetitionFactory, status="consulting", track=3)
    department = factory.SubFactory(DepartmentFactory)
    question = "河堤广场夜间活动的音量有无规定的上限？"
    asked_by = factory.SubFactory(MemberFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
