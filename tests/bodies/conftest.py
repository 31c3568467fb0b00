"""Two cities with two counties each, built once per module: every body with a workstation, its
liaison officer and member, a case and a submitted proposal filed from it, a department with its
handler, a knowledge entry shared with the bodies below, a reviewer and an office staff member.

The rows are written inside one transaction opened for the module and rolled back at its end;
each test runs in a savepoint of it (pytest-django's `db`), so a test that accepts a proposal
leaves it submitted for the next one."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction

from accounts.roles import Role
from audit.choices import AccessKind
from audit.models import AccessLog
from petitions.choices import Status as PetitionStatus
from petitions.choices import Track
from proposals.choices import Status
from tests import factories
from workstations.choices import BodyLevel, Level

BODIES = {
    # name: (level, parent)
    "A": (BodyLevel.CITY, None),
    "B": (BodyLevel.CITY, None),
    "A1": (BodyLevel.COUNTY, "A"),
    "A2": (BodyLevel.COUNTY, "A"),
    "B1": (BodyLevel.COUNTY, "B"),
    "B2": (BodyLevel.COUNTY, "B"),
}


@dataclass
class Site:
    """What one body holds in the world."""

    body: object
    workstation: object
    petition: object
    proposal: object
    department: object
    entry: object
    users: dict = field(default_factory=dict)  # role name → user


def _site(key: str, body, category) -> Site:
    workstation = factories.WorkstationFactory(
        code=f"ws-{key.lower()}", name=f"{key}地委员工作室", body=body, level=Level.COUNTY
    )
    liaison = factories.UserFactory(username=f"liaison-{key}", roles=[Role.LIAISON_OFFICER])
    workstation.liaison_officers.add(liaison)
    member = factories.MemberFactory(user__username=f"member-{key}", workstations=[workstation])
    petition = factories.PetitionFactory(
        workstation=workstation,
        category=category,
        assigned_member=member,
        status=PetitionStatus.PROPOSING,
        track=Track.PROPOSE,
        content=f"{key}地河堤广场夜间噪音扰民",
    )
    proposal = factories.ProposalFactory(
        title=f"{key}地关于河堤噪音的建议",
        author=member,
        workstation=workstation,
        body=body,
        status=Status.SUBMITTED,
    )
    proposal.petitions.add(petition)
    handler = factories.UserFactory(username=f"handler-{key}", roles=[Role.DEPARTMENT_HANDLER])
    department = factories.DepartmentFactory(name=f"{key}地城管局", body=body, handlers=[handler])
    entry = factories.KnowledgeEntryFactory(
        title=f"{key}地噪音答复口径", category=category, body=body, shared_with_below=True
    )
    # A member of this body looked at the case's contact: a row of the access log.
    AccessLog.objects.create(
        kind=AccessKind.CONTACT_VIEW,
        actor=liaison,
        actor_label=liaison.username,
        petition_id=petition.pk,
        tracking_code=petition.tracking_code,
    )
    users = {
        "office": factories.UserFactory(username=f"office-{key}", roles=[Role.OFFICE_STAFF], body=body),
        "reviewer": factories.UserFactory(username=f"reviewer-{key}", roles=[Role.REVIEWER], body=body),
        "handler": handler,
        "liaison": liaison,
        "member": member.user,
    }
    return Site(body, workstation, petition, proposal, department, entry, users)


def build_world() -> dict[str, Site]:
    category = factories.CategoryFactory(name="环境噪音", code="noise")
    bodies = {}
    for key, (level, parent) in BODIES.items():
        bodies[key] = factories.CppccBodyFactory(
            name=f"{key}政协", level=level, parent=bodies[parent] if parent else None
        )
    return {key: _site(key, bodies[key], category) for key in BODIES}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
