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
from workstations.models import Workstation

MODELS = [
    User,
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
    assert first["Department"] == 10
    assert first["Petition"] == 22


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
