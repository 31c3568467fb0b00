import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def _admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.django_db
def test_the_admin_lists_every_model_of_the_project(superuser, client):
    client.force_login(superuser)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    listed = {model._meta.label for model in _admin_models()}
    for label in [
        "accounts.User",
        "common.CalendarDay",
        "workstations.Workstation",
        "members.Sector",
        "members.Member",
        "members.DutyRoster",
        "members.DutyAssignment",
        "departments.Department",
        "petitions.Category",
        "petitions.Petition",
        "petitions.PetitionEvent",
        "petitions.Consultation",
        "proposals.Proposal",
        "proposals.ProposalAssignment",
        "handoffs.Delivery",
    ]:
        assert label in listed


@pytest.mark.django_db
def test_every_admin_list_and_change_page_opens_on_the_demo_data(superuser, client):
    from io import StringIO

    from django.core.management import call_command

    # given: the demo seeded once (every model gets rows in every state)
    call_command("seed_demo", allow_production=True, stdout=StringIO())
    client.force_login(superuser)

    # when: each model's list (with a search) and the change page of its first row are opened
    answers = {}
    for model in _admin_models():
        opts = model._meta
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "西流湾"})
        answers[f"{opts.label} list"] = changelist.status_code
        first = model.objects.first()
        if first is not None:
            change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
            answers[f"{opts.label} change"] = change.status_code

    # then: every page opens
    assert {page: code for page, code in answers.items() if code != 200} == {}
    assert len(answers) >= 30
