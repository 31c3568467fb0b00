"""Who sees which petition: one matrix over the roles, the right and the wrong workstation or
department. Pages and the API build on Petition.objects.visible_to, so this is where it is decided."""

import pytest

from accounts.roles import Role
from petitions.models import Consultation, Petition
from tests import factories


@pytest.fixture
def world(db):
    here = factories.WorkstationFactory(code="here")
    there = factories.WorkstationFactory(code="there")
    department = factories.DepartmentFactory(name="城管局")
    other_department = factories.DepartmentFactory(name="水务局")
    petition_here = factories.PetitionFactory(workstation=here)
    petition_there = factories.PetitionFactory(workstation=there)
    petition_assigned_elsewhere = factories.PetitionFactory(workstation=there)
    consulted = factories.PetitionFactory(workstation=there)
    proposed = factories.PetitionFactory(workstation=there)

    member_here = factories.MemberFactory(user__username="member_here", workstations=[here])
    petition_assigned_elsewhere.assigned_member = member_here
    petition_assigned_elsewhere.save(update_fields=["assigned_member"])
    Consultation.objects.create(
        petition=consulted, department=department, question="问题", asked_by=member_here, due_date="2026-12-31"
    )
    assignment = factories.ProposalAssignmentFactory(department=department, proposal__workstation=there)
    assignment.proposal.petitions.add(proposed)

    users = {
        "anonymous": None,
        "member_here": member_here.user,
        "member_there": factories.MemberFactory(user__username="member_there", workstations=[there]).user,
        "inactive_member_here": factories.MemberFactory(
            user__username="inactive", workstations=[here], is_active=False
        ).user,
        "liaison_here": factories.UserFactory(username="liaison_here", roles=[Role.LIAISON_OFFICER]),
        "handler": factories.UserFactory(username="handler", roles=[Role.DEPARTMENT_HANDLER]),
        "other_handler": factories.UserFactory(username="other_handler", roles=[Role.DEPARTMENT_HANDLER]),
        "reviewer": factories.UserFactory(username="reviewer", roles=[Role.REVIEWER]),
        "office_staff": factories.UserFactory(username="office", roles=[Role.OFFICE_STAFF]),
        "no_role": factories.UserFactory(username="nobody"),
    }
    here.liaison_officers.add(users["liaison_here"])
    department.handlers.add(users["handler"])
    other_department.handlers.add(users["other_handler"])
    petitions = {
        "here": petition_here,
        "there": petition_there,
        "assigned_to_member_here": petition_assigned_elsewhere,
        "consulted_with_department": consulted,
        "proposed_to_department": proposed,
    }
    return users, petitions


ALL = {"here", "there", "assigned_to_member_here", "consulted_with_department", "proposed_to_department"}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", set()),
        ("no_role", set()),
        ("member_here", {"here", "assigned_to_member_here"}),
        ("member_there", ALL - {"here"}),
        ("inactive_member_here", set()),
        ("liaison_here", {"here"}),
        # handlers see their hand-offs in the portal, never the cases behind them
        ("handler", set()),
        ("other_handler", set()),
        ("reviewer", ALL),
        ("office_staff", ALL),
    ],
)
def test_each_role_sees_exactly_its_petitions(world, who, sees):
    from django.contrib.auth.models import AnonymousUser

    users, petitions = world
    user = users[who] or AnonymousUser()

    visible = set(Petition.objects.visible_to(user).values_list("pk", flat=True))

    assert visible == {petitions[name].pk for name in sees}


@pytest.mark.parametrize(
    ("who", "sees_contact"),
    [
        ("assigned_member", True),
        ("liaison_of_the_workstation", True),
        ("other_member_of_the_workstation", False),
        ("office_staff", False),
        ("reviewer", False),
    ],
)
def test_only_those_handling_the_case_see_the_citizens_contact(db, who, sees_contact):
    from petitions.permissions import can_see_citizen_contact

    workstation = factories.WorkstationFactory()
    assigned = factories.MemberFactory(workstations=[workstation])
    petition = factories.PetitionFactory(workstation=workstation, assigned_member=assigned)
    liaison = factories.UserFactory(roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(liaison)
    users = {
        "assigned_member": assigned.user,
        "liaison_of_the_workstation": liaison,
        "other_member_of_the_workstation": factories.MemberFactory(workstations=[workstation]).user,
        "office_staff": factories.UserFactory(roles=[Role.OFFICE_STAFF]),
        "reviewer": factories.UserFactory(roles=[Role.REVIEWER]),
    }

    assert can_see_citizen_contact(users[who], petition) is sees_contact
