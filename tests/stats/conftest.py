"""A small, hand-countable history for the statistics tests (January 2026 is the period under test).

| petition | workstation | received | first resp. (due) | track | replied | closed / outcome | rated |
|---|---|---|---|---|---|---|---|
| p1 | A | 01-05 10:00 | 01-05 14:00 (01-06) | 1 | 01-06 | 01-07 explained | 01-08 satisfied |
| p2 | A | 01-10 09:00 | 01-12 09:00 (01-11) late | 2 | 01-12 | 01-12 solved, 3 households | 01-13 unsatisfied |
| p3 | A | 01-31 20:00 | 02-01 08:00 (02-02) | 3 | 02-04 | 02-05 solved, 2 households | 02-06 basically |
| p4 | A | 01-15 08:00 | 01-15 09:00 (01-16) | 4 | proposal submitted 01-20 | — | — |
| p5 | A | 01-06 spam | 01-06 (resp. after 30 min) | — | — | — | — |
| p6 | A | 01-07 merged into p1 | +100 h | — | — | — | — |
| p7 | A | 2025-12-20 | 12-20 (12-22) | 2 | reopened, re-replied 01-03 | — | 12-28 unsatisfied |
| p8 | A | 01-19 10:00 | none (01-20) overdue | — | — | — | — |
| p9 | B | 01-12 08:00 | 01-12 10:00 (01-13) | 1 | 01-12 | 01-12 solved, 5 households | 01-13 satisfied |

Hand-offs: c1 (p3 → 城管局, due 02-02, answered 02-03: late, February); c2 (p9 → 住建局, created
01-15 10:00, due 01-20, answered 01-18 10:00: on time, 3 days); proposal P from p4 (livelihood,
submitted 01-20, not yet confirmed): a1 lead 城管局 created 01-21, due 01-30, reported 01-28 (on time, 7 days); a2 co
住建局 due 01-25, never reported (overdue). Proposal Q (livelihood, no petition) confirmed solved
(grade A) 01-29: January's one project.
"""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest

from petitions.choices import ConsultationStatus, Outcome, Satisfaction, Status, Track
from petitions.models import Consultation, Petition
from proposals.choices import AssignmentRole, AssignmentStatus
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal, ProposalAssignment
from stats.filters import StatsFilter
from tests import factories
from workstations.choices import Level

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
JANUARY = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
FEBRUARY = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
TODAY = datetime.date(2026, 3, 15)


def at(month, day, hour=0, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def period(bounds=JANUARY, **kwargs) -> StatsFilter:
    return StatsFilter(start=bounds[0], end=bounds[1], **kwargs)


def make_petition(*, created, workstation, category, member=None, **fields):
    petition = factories.PetitionFactory(
        workstation=workstation, category=category, assigned_member=member, first_response_due=None
    )
    Petition.objects.filter(pk=petition.pk).update(created_at=created, **fields)
    petition.refresh_from_db()
    return petition


def set_created(obj, created):
    type(obj).objects.filter(pk=obj.pk).update(created_at=created)


@pytest.fixture
def history(db):
    district = factories.WorkstationFactory(code="heshan", name="赫山区委员工作室", level=Level.COUNTY)
    a = factories.WorkstationFactory(code="xiliuwan", name="西流湾社区委员工作室", parent=district)
    b = factories.WorkstationFactory(code="luoxi", name="罗溪社区委员工作室")
    noise = factories.CategoryFactory(code="noise", name="噪音")
    water = factories.CategoryFactory(code="water", name="供水")
    empty_category = factories.CategoryFactory(code="roads", name="道路")
    economy = factories.SectorFactory(name="经济界")
    education = factories.SectorFactory(name="教育界")
    member_a = factories.MemberFactory(
        user__username="wang", user__full_name="王委员", sector=economy, workstations=[a]
    )
    member_b = factories.MemberFactory(
        user__username="li", user__full_name="李委员", sector=education, workstations=[b]
    )
    chengguan = factories.DepartmentFactory(name="城管局")
    zhujian = factories.DepartmentFactory(name="住建局")

    common = {"workstation": a, "member": member_a}
    p1 = make_petition(
        created=at(1, 5, 10), category=noise, **common, track=Track.EXPLAIN, status=Status.CLOSED,
        first_response_due=datetime.date(2026, 1, 6), first_responded_at=at(1, 5, 14), replied_at=at(1, 6, 9),
        closed_at=at(1, 7, 9), outcome=Outcome.EXPLAINED, satisfaction=Satisfaction.SATISFIED, rated_at=at(1, 8, 9),
    )  # fmt: skip
    p2 = make_petition(
        created=at(1, 10, 9), category=water, **common, track=Track.ANSWER, status=Status.CLOSED,
        first_response_due=datetime.date(2026, 1, 11), first_responded_at=at(1, 12, 9), replied_at=at(1, 12, 10),
        closed_at=at(1, 12, 11), outcome=Outcome.SOLVED, households_helped=3,
        satisfaction=Satisfaction.UNSATISFIED, rated_at=at(1, 13, 9),
    )  # fmt: skip
    p3 = make_petition(
        created=at(1, 31, 20), category=water, **common, track=Track.CONSULT, status=Status.CLOSED,
        first_response_due=datetime.date(2026, 2, 2), first_responded_at=at(2, 1, 8), replied_at=at(2, 4, 9),
        closed_at=at(2, 5, 9), outcome=Outcome.SOLVED, households_helped=2,
        satisfaction=Satisfaction.BASICALLY_SATISFIED, rated_at=at(2, 6, 9),
    )  # fmt: skip
    p4 = make_petition(
        created=at(1, 15, 8), category=noise, **common, track=Track.PROPOSE, status=Status.PROPOSING,
        first_response_due=datetime.date(2026, 1, 16), first_responded_at=at(1, 15, 9),
    )  # fmt: skip
    p5 = make_petition(
        created=at(1, 6, 8), category=noise, **common, status=Status.SPAM,
        first_response_due=datetime.date(2026, 1, 7), first_responded_at=at(1, 6, 8, 30),
    )  # fmt: skip
    p6 = make_petition(
        created=at(1, 7, 8), category=noise, **common, status=Status.MERGED, merged_into=p1,
        first_response_due=datetime.date(2026, 1, 8), first_responded_at=at(1, 11, 12),
    )  # fmt: skip
    p7 = make_petition(
        created=at(12, 20, 9, year=2025), category=noise, **common, track=Track.ANSWER, status=Status.REPLIED,
        first_response_due=datetime.date(2025, 12, 22), first_responded_at=at(12, 20, 11, year=2025),
        replied_at=at(1, 3, 9), outcome=Outcome.ANSWERED, reopen_count=1,
        satisfaction=Satisfaction.UNSATISFIED, rated_at=at(12, 28, 9, year=2025),
    )  # fmt: skip
    p8 = make_petition(
        created=at(1, 19, 10), category=water, **common, status=Status.ASSIGNED,
        first_response_due=datetime.date(2026, 1, 20),
    )  # fmt: skip
    p9 = make_petition(
        created=at(1, 12, 8), category=water, workstation=b, member=member_b, track=Track.EXPLAIN,
        status=Status.CLOSED, first_response_due=datetime.date(2026, 1, 13), first_responded_at=at(1, 12, 10),
        replied_at=at(1, 12, 11), closed_at=at(1, 12, 12), outcome=Outcome.SOLVED, households_helped=5,
        satisfaction=Satisfaction.SATISFIED, rated_at=at(1, 13, 9),
    )  # fmt: skip

    c1 = Consultation.objects.create(
        petition=p3, department=chengguan, question="学区划分政策？", asked_by=member_a,
        status=ConsultationStatus.ANSWERED, due_date=datetime.date(2026, 2, 2), answer="按政策执行。",
        answered_at=at(2, 3, 9),
    )  # fmt: skip
    set_created(c1, at(2, 1, 9))
    c2 = Consultation.objects.create(
        petition=p9, department=zhujian, question="供水管网改造计划？", asked_by=member_b,
        status=ConsultationStatus.ANSWERED, due_date=datetime.date(2026, 1, 20), answer="已列入计划。",
        answered_at=at(1, 18, 10),
    )  # fmt: skip
    set_created(c2, at(1, 15, 10))

    proposal = factories.ProposalFactory(
        author=member_a, workstation=a, status=ProposalStatus.ASSIGNED, submitted_at=at(1, 20, 9),
        is_livelihood_project=True, livelihood_type="road",
    )  # fmt: skip
    proposal.petitions.add(p4)
    a1 = ProposalAssignment.objects.create(
        proposal=proposal, department=chengguan, role=AssignmentRole.LEAD, status=AssignmentStatus.REPORTED,
        acknowledge_due=datetime.date(2026, 1, 23), due_date=datetime.date(2026, 1, 30), result="已整改。",
        reported_at=at(1, 28, 0),
    )  # fmt: skip
    set_created(a1, at(1, 21, 0))
    a2 = ProposalAssignment.objects.create(
        proposal=proposal, department=zhujian, role=AssignmentRole.CO, status=AssignmentStatus.ACKNOWLEDGED,
        acknowledge_due=datetime.date(2026, 1, 22), due_date=datetime.date(2026, 1, 25),
    )  # fmt: skip
    set_created(a2, at(1, 21, 0))
    # A draft proposal (never submitted) and a non-livelihood one do not count.
    factories.ProposalFactory(author=member_a, workstation=a)
    # Q: a livelihood project from no petition, whose result the member confirmed as solved
    # (grade A) on 01-29: the one project of January. P's lead department reported on 01-28, but
    # the member has not confirmed P: it is no project yet.
    project = factories.ProposalFactory(
        author=member_a, workstation=a, status=ProposalStatus.CLOSED, submitted_at=at(12, 10, 9, year=2025),
        is_livelihood_project=True, livelihood_type="road", result_grade="A", closed_at=at(1, 29, 9),
    )  # fmt: skip
    return SimpleNamespace(
        district=district, a=a, b=b, noise=noise, water=water, empty_category=empty_category,
        economy=economy, education=education, member_a=member_a, member_b=member_b,
        chengguan=chengguan, zhujian=zhujian, proposal=proposal, project=project,
        p={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "p7": p7, "p8": p8, "p9": p9},
    )  # fmt: skip


@pytest.fixture
def proposal_model():
    return Proposal
