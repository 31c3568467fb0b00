"""Scope rules of CPPCC bodies over the two cities' world: the dashboard's scope, the knowledge
base's sharing, the admin's rows."""

from django.urls import reverse

from knowledge.models import Entry
from stats.selectors import stats_scope
from tests import factories


def test_the_dashboard_scope_is_the_body_subtree(db, world):
    scope = stats_scope(world["A"].users["office"])

    assert scope == frozenset(world[key].workstation.pk for key in ("A", "A1", "A2"))
    assert stats_scope(world["A1"].users["office"]) == frozenset({world["A1"].workstation.pk})


def test_an_entry_not_shared_stays_with_its_body(db, client, world):
    city, county = world["A"], world["A1"]
    Entry.objects.filter(pk=city.entry.pk).update(shared_with_below=False)
    client.force_login(county.users["member"])

    page = client.get(reverse("knowledge:list")).content.decode()

    assert city.entry.title not in page
    assert county.entry.title in page


def test_office_staff_keep_only_their_own_body_entries(db, client, world):
    city, county = world["A"], world["A1"]
    client.force_login(county.users["office"])

    refused = client.get(reverse("knowledge:edit", args=[city.entry.pk]))
    created = client.post(
        reverse("knowledge:new"),
        {
            "category": city.entry.category_id,
            "title": "赫山区答复口径",
            "question": "问",
            "answer": "答",
            "policy_basis": "依据",
            "shared_with_below": "on",
        },
    )

    assert refused.status_code == 404
    assert created.status_code == 302
    entry = Entry.objects.get(title="赫山区答复口径")
    assert (entry.body_id, entry.shared_with_below) == (county.body.pk, True)


def test_office_staff_in_the_admin_see_their_bodies_departments_only(db, client, world):
    office = world["A"].users["office"]
    office.is_staff = True
    office.save(update_fields=["is_staff"])
    client.force_login(office)

    departments = client.get(reverse("admin:departments_department_changelist")).content.decode()
    proposals = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    members = client.get(reverse("admin:members_member_changelist"))

    assert "A地城管局" in departments
    assert "A1地城管局" in departments
    assert "B地城管局" not in departments
    assert "A1地关于河堤噪音的建议" in proposals
    assert "B地关于河堤噪音的建议" not in proposals
    assert {m.user.username for m in members.context["cl"].result_list} == {"member-A", "member-A1", "member-A2"}


def test_the_case_page_offers_the_case_body_answers_and_those_shared_from_above(db, client, world):
    county, city, other = world["A1"], world["A"], world["B"]
    member = county.users["member"].member
    petition = factories.PetitionFactory(
        workstation=county.workstation,
        category=county.entry.category,
        assigned_member=member,
        status="assigned",
        track=2,
    )
    client.force_login(county.users["member"])

    page = client.get(reverse("casework:case_detail", args=[petition.pk]), {"kb": "噪音答复口径"}).content.decode()

    assert county.entry.title in page
    assert city.entry.title in page
    assert other.entry.title not in page
