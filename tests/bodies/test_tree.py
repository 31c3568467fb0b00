"""CPPCC bodies without the two cities' world: the body tree, deadline defaults through it, an
install of one body, staff of none, and the migration that keeps a single-office install working."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.roles import Role
from common.deadlines import Stage, stage_days
from stats.selectors import stats_scope
from tests import factories
from workstations.choices import BodyLevel
from workstations.models import BodyMembership, CppccBody
from workstations.permissions import user_body
from workstations.services import BodyError, body_save


def test_a_body_path_follows_its_parent_and_a_move_carries_the_bodies_below(db):
    province = factories.CppccBodyFactory(name="湖南省政协", level=BodyLevel.PROVINCE)
    city = factories.CppccBodyFactory(name="益阳市政协", level=BodyLevel.CITY)
    county = factories.CppccBodyFactory(name="赫山区政协", parent=city)
    assert county.path == f"/{city.pk}/{county.pk}/"

    city.parent = province
    body_save(body=city)

    county.refresh_from_db()
    assert county.path == f"/{province.pk}/{city.pk}/{county.pk}/"
    assert county.ancestor_ids == [province.pk, city.pk]


def test_a_body_cannot_go_under_one_of_its_own(db, admin_client):
    city = factories.CppccBodyFactory(name="益阳市政协", level=BodyLevel.CITY)
    county = factories.CppccBodyFactory(name="赫山区政协", parent=city)

    city.parent = county
    with pytest.raises(BodyError):
        body_save(body=city)
    response = admin_client.post(
        reverse("admin:workstations_cppccbody_change", args=[city.pk]),
        {
            "name": "益阳市政协",
            "level": "city",
            "parent": county.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert "上级政协不能是本级或其下级政协。" in response.content.decode()
    city.refresh_from_db()
    assert city.parent_id is None
    assert city.path == f"/{city.pk}/"


def test_deadline_defaults_come_from_the_workstation_then_its_body_then_the_bodies_above(db, settings):
    settings.DEADLINE_DEFAULTS = {**settings.DEADLINE_DEFAULTS, "proposal_review": 3, "first_response": 1}
    city = factories.CppccBodyFactory(name="益阳市政协", level=BodyLevel.CITY, proposal_review_days=7)
    county = factories.CppccBodyFactory(name="赫山区政协", parent=city)
    workstation = factories.WorkstationFactory(body=county)

    assert stage_days(Stage.PROPOSAL_REVIEW, body=county) == 7  # the city's, through the county
    county.proposal_review_days = 4
    assert stage_days(Stage.PROPOSAL_REVIEW, body=county) == 4  # the county's own
    assert stage_days(Stage.FIRST_RESPONSE, workstation=workstation) == 1  # nobody set one: settings
    city.first_response_days = 2
    city.save()
    workstation.refresh_from_db()
    assert stage_days(Stage.FIRST_RESPONSE, workstation=workstation) == 2
    workstation.first_response_days = 5
    assert stage_days(Stage.FIRST_RESPONSE, workstation=workstation) == 5  # the workstation's wins


def test_a_department_deadline_comes_from_its_body_when_it_has_none(db):
    city = factories.CppccBodyFactory(name="益阳市政协", level=BodyLevel.CITY, handling_days=20)
    department = factories.DepartmentFactory(name="城管局", body=city)

    assert stage_days(Stage.DEPARTMENT_HANDLING, department=department) == 20
    department.handling_days = 9
    assert stage_days(Stage.DEPARTMENT_HANDLING, department=department) == 9


def test_an_office_whose_body_owns_every_workstation_reads_the_install_wide_figures(db):
    office = factories.UserFactory(roles=[Role.OFFICE_STAFF])
    factories.WorkstationFactory.create_batch(2)

    assert stats_scope(office) is None


def test_staff_without_a_body_see_no_case_and_no_figure(db):
    office = factories.UserFactory(roles=[Role.OFFICE_STAFF])
    BodyMembership.objects.filter(user=office).delete()
    factories.PetitionFactory()

    assert user_body(office) is None
    assert stats_scope(office) == frozenset()
    from petitions.models import Petition

    assert Petition.objects.visible_to(office).count() == 0


def test_the_migration_puts_an_existing_install_in_one_body(db):
    reviewer = factories.UserFactory(roles=[Role.REVIEWER])
    BodyMembership.objects.all().delete()
    workstation = factories.WorkstationFactory()
    department = factories.DepartmentFactory()
    entry = factories.KnowledgeEntryFactory()
    proposal = factories.ProposalFactory(workstation=workstation)
    for model in (type(workstation), type(department), type(entry), type(proposal)):
        model.objects.update(body=None)
    CppccBody.objects.all().delete()

    importlib.import_module("workstations.migrations.0003_default_body").default_body(apps, None)
    for module in (
        "departments.migrations.0005_department_body",
        "knowledge.migrations.0002_entry_body",
        "proposals.migrations.0006_proposal_body",
    ):
        importlib.import_module(module).fill_body(apps, None)

    [body] = CppccBody.objects.all()
    assert body.name == "本级政协"
    assert body.path == f"/{body.pk}/"
    for row in (workstation, department, entry, proposal):
        row.refresh_from_db()
        assert row.body_id == body.pk
    assert BodyMembership.objects.get(user=reviewer).body == body
