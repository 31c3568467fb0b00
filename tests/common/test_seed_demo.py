from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role, role_group_name
from departments.models import Department
from handoffs.models import Delivery
from members.models import DutyAssignment, DutyRoster, Member
from petitions.choices import Status, Track
from petitions.models import Category, Consultation, Petition, PetitionEvent
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal, ProposalAssignment
from workstations.models import CppccBody, Workstation

MODELS = [
    User,
    CppccBody,
    Workstation,
    Member,
    Department,
    Category,
    DutyRoster,
    DutyAssignment,
    Petition,
    PetitionEvent,
    Consultation,
    Proposal,
    ProposalAssignment,
    Delivery,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _seed():
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_twice_leaves_the_same_counts():
    # given: the demo seeded once
    _seed()
    first = _counts()

    # when: it is seeded again
    _seed()

    # then: not one row more
    assert _counts() == first
    assert first["Workstation"] == 12
    assert first["Member"] == 24
    assert first["Department"] == 12  # the city's ten and a bureau of each of its two counties
    assert first["CppccBody"] == 3
    assert first["Petition"] == 23


@pytest.mark.django_db
def test_seed_covers_every_state_every_track_and_every_proposal_state():
    _seed()

    assert set(Petition.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Petition.objects.exclude(track=None).values_list("track", flat=True)) == set(Track.values)
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(ProposalAssignment.objects.values_list("status", flat=True)) == {
        "pending",
        "acknowledged",
        "contested",
        "reported",
    }
    codes = set(Workstation.objects.values_list("code", flat=True))
    assert {"xiliuwan", "luoxi"} <= codes
    departments = set(Department.objects.values_list("short_name", flat=True))
    assert departments >= {"城管局", "住建局", "行政审批服务局", "水务局"}


@pytest.mark.django_db
def test_seed_publishes_this_and_next_month_with_somebody_on_duty_today():
    from django.utils import timezone

    from members.selectors import member_on_duty

    _seed()

    today = timezone.localdate()
    months = set(DutyRoster.objects.filter(status="published").values_list("month", flat=True))
    assert today.replace(day=1) in months
    assert len(months) == 2
    xiliuwan = Workstation.objects.get(code="xiliuwan")
    on_duty = member_on_duty(workstation=xiliuwan, date=today)
    assert on_duty is not None
    assert xiliuwan in on_duty.workstations.all()


@pytest.mark.django_db
def test_seed_prints_one_demo_account_per_role_and_each_can_sign_in(client):
    out = _seed()

    for username, role in [
        ("liaison", Role.LIAISON_OFFICER),
        ("wangjianguo", Role.MEMBER),
        ("reviewer", Role.REVIEWER),
        ("chengguan", Role.DEPARTMENT_HANDLER),
        ("office", Role.OFFICE_STAFF),
    ]:
        assert f"  {username} " in out
        user = User.objects.get(username=username)
        assert user.groups.filter(name=role_group_name(role)).exists()
        # Through the sign-in page: authenticate() needs the request (the lockout checks it).
        response = client.post("/accounts/login/", {"username": username, "password": "demo-2026"})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


@pytest.mark.django_db
def test_seed_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == 0


# --- the demo tells the story: every demo account has work it can act on today --------------


@pytest.mark.django_db
def test_the_readme_member_is_on_duty_at_the_readme_workstation_every_day_of_this_month():
    import calendar

    from django.utils import timezone

    from members.selectors import member_on_duty

    _seed()
    today = timezone.localdate()
    xiliuwan = Workstation.objects.get(code="xiliuwan")
    days = calendar.monthrange(today.year, today.month)[1]
    on_duty = {
        member_on_duty(workstation=xiliuwan, date=today.replace(day=day)).user.username for day in range(1, days + 1)
    }
    assert on_duty == {"wangjianguo"}


@pytest.mark.django_db
def test_a_citizens_case_at_the_readme_workstation_goes_to_the_readme_member(django_capture_on_commit_callbacks):
    from petitions.services.intake import IntakeData, petition_submit

    _seed()
    xiliuwan = Workstation.objects.get(code="xiliuwan")
    petition = petition_submit(
        workstation=xiliuwan,
        data=IntakeData(
            content="西流湾路口的路灯坏了一个星期，晚上很黑。",
            category=Category.objects.filter(is_active=True).first(),
            citizen_name="试用者",
            citizen_phone="13800000009",
            consent_given=True,
        ),
    ).petition
    assert petition.assigned_member.user.username == "wangjianguo"
    assert petition.status == Status.ASSIGNED


@pytest.mark.django_db
def test_the_demo_liaison_officer_can_approve_a_pending_swap():
    from members.choices import SwapStatus
    from members.models import DutySwapRequest
    from members.selectors import swap_request_get_for_officer
    from members.services.swaps import swap_request_approve

    _seed()
    officer = User.objects.get(username="liaison")
    pending = DutySwapRequest.objects.filter(status=SwapStatus.PENDING)
    served = set(officer.liaison_workstations.values_list("pk", flat=True))
    mine = [swap for swap in pending.select_related("duty__roster") if swap.duty.roster.workstation_id in served]
    assert len(mine) == 1
    swap = swap_request_get_for_officer(user=officer, pk=mine[0].pk)
    swap_request_approve(actor=officer, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    # and seeding again does not ask for another one while none is pending at that workstation... nor
    # more than one when one is
    _seed()
    assert DutySwapRequest.objects.filter(status=SwapStatus.PENDING).count() == 1


@pytest.mark.django_db
def test_the_demo_reviewer_can_assign_an_accepted_proposal():
    from proposals.selectors import review_queue
    from proposals.services import proposal_assign

    _seed()
    reviewer = User.objects.get(username="reviewer")
    accepted = [p for p in review_queue(user=reviewer) if p.status == ProposalStatus.ACCEPTED]
    assert accepted
    proposal = proposal_assign(
        user=reviewer, proposal_id=accepted[0].pk, lead_department=accepted[0].suggested_department
    )
    assert proposal.status == ProposalStatus.ASSIGNED


@pytest.mark.django_db
def test_the_demo_department_handler_can_acknowledge_a_hand_off(client):
    from django.urls import reverse

    from departments.services import assignment_acknowledge

    _seed()
    handler = User.objects.get(username="chengguan")
    pending = ProposalAssignment.objects.filter(department__handlers=handler, status="pending")
    assert pending.count() >= 1
    client.force_login(handler)
    assert pending.first().proposal.title in client.get(reverse("departments:home")).content.decode()
    assignment = assignment_acknowledge(assignment_id=pending.first().pk, user=handler)
    assert assignment.status == "acknowledged"


@pytest.mark.django_db
def test_the_readme_member_has_a_departments_result_to_confirm_on_the_case_page(client):
    from django.urls import reverse

    _seed()
    member = User.objects.get(username="wangjianguo")
    reported = Proposal.objects.get(status=ProposalStatus.RESULT_REPORTED, author__user=member)
    client.force_login(member)
    html = client.get(reverse("casework:case_detail", args=[reported.petitions.get().pk])).content.decode()
    assert 'id="case-confirm-form"' in html


@pytest.mark.django_db
def test_each_seeded_proposal_speaks_of_what_its_title_says():
    _seed()
    horns = Proposal.objects.get(title="关于整治滨江路夜间货车鸣笛的建议")
    assert "鸣笛" in horns.facts
    assert "鸣笛" in horns.suggestion
    assert "音响" not in horns.facts + horns.suggestion
    lead = horns.assignments.get(role="lead")
    assert "鸣笛" in lead.result
    assert "音响" not in lead.result
    morning = Proposal.objects.get(title="关于规范河堤广场舞清晨活动时间的建议")
    assert "早上" in morning.facts
    assert "21时" not in morning.facts


@pytest.mark.django_db
def test_the_seed_says_what_each_demo_account_should_try_first():
    out = _seed()
    for username in ("liaison", "wangjianguo", "reviewer", "chengguan", "office"):
        line = out.split(f"  {username} ", 1)[1].split("\n", 2)[1]
        assert line.strip().startswith("先试：")
