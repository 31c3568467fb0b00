"""A case turns to its own CPPCC body's departments and knowledge, or to the bodies above it; never
to a sibling county's or another city's. The page offers only those, and the services refuse the
rest (the API included) with a reason and nothing written."""

import pytest
from django.urls import reverse

from petitions.choices import Status, Track
from petitions.models import Consultation, PetitionEvent
from petitions.services.handling import petition_consult, petition_reply
from petitions.workflow import TransitionError
from proposals.models import Proposal
from proposals.services import proposal_draft
from tests import factories


def _case(site, track):
    return factories.PetitionFactory(
        workstation=site.workstation,
        assigned_member=site.users["member"].member,
        status=Status.ASSIGNED,
        track=track,
        content="河堤广场夜间噪音扰民",
    )


@pytest.mark.parametrize("other", ["A2", "B", "B1"])
def test_a_county_case_cannot_consult_a_sibling_or_another_city_department(db, world, other):
    county = world["A1"]
    case = _case(county, Track.CONSULT)
    events = PetitionEvent.objects.filter(petition=case).count()

    with pytest.raises(TransitionError, match="只能咨询本工作室所在政协或上级政协的部门"):
        petition_consult(
            user=county.users["member"], petition_id=case.pk, department=world[other].department, question="问"
        )

    case.refresh_from_db()
    assert case.status == Status.ASSIGNED
    assert not Consultation.objects.filter(petition=case).exists()
    assert PetitionEvent.objects.filter(petition=case).count() == events


@pytest.mark.parametrize("key", ["A1", "A"])
def test_a_county_case_consults_its_own_or_the_city_department(db, world, key):
    county = world["A1"]
    case = _case(county, Track.CONSULT)

    consultation = petition_consult(
        user=county.users["member"], petition_id=case.pk, department=world[key].department, question="问"
    )

    assert consultation.department == world[key].department


def test_the_consult_form_lists_the_county_departments_first_then_the_city(db, client, world):
    county = world["A1"]
    case = _case(county, Track.CONSULT)
    client.force_login(county.users["member"])

    form = client.get(reverse("casework:case_detail", args=[case.pk])).context["forms"]["consult"]

    names = [department.name for department in form.fields["department"].queryset]
    assert names == [world["A1"].department.name, world["A"].department.name]


def test_the_api_refuses_a_sibling_department_with_the_reason(db, client, world):
    county = world["A1"]
    case = _case(county, Track.CONSULT)
    client.force_login(county.users["member"])

    response = client.post(
        f"/api/v1/staff/petitions/{case.pk}/consult/",
        {"department": world["A2"].department.pk, "question": "问"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "上级政协的部门" in response.json()["detail"]
    assert not Consultation.objects.filter(petition=case).exists()


def test_a_reply_cites_its_own_body_entry_or_one_shared_from_above(db, world):
    county, city = world["A1"], world["A"]
    own = petition_reply(
        user=county.users["member"],
        petition_id=_case(county, Track.EXPLAIN).pk,
        message="按规定答复",
        knowledge_entry=county.entry,
    )
    shared = petition_reply(
        user=county.users["member"],
        petition_id=_case(county, Track.EXPLAIN).pk,
        message="按规定答复",
        knowledge_entry=city.entry,
    )

    assert own.status == shared.status == Status.REPLIED


@pytest.mark.parametrize("other", ["A2", "B"])
def test_a_reply_cannot_cite_a_sibling_or_another_city_entry(db, world, other):
    county = world["A1"]
    case = _case(county, Track.EXPLAIN)

    with pytest.raises(TransitionError, match="不能引用"):
        petition_reply(
            user=county.users["member"], petition_id=case.pk, message="答复", knowledge_entry=world[other].entry
        )

    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_a_reply_cannot_cite_a_city_entry_the_city_keeps_to_itself(db, world):
    county, city = world["A1"], world["A"]
    city.entry.shared_with_below = False
    city.entry.save(update_fields=["shared_with_below"])
    case = _case(county, Track.EXPLAIN)

    with pytest.raises(TransitionError, match="不能引用"):
        petition_reply(user=county.users["member"], petition_id=case.pk, message="答复", knowledge_entry=city.entry)


def test_the_reply_form_refuses_a_sibling_entry_on_the_page(db, client, world):
    county = world["A1"]
    case = _case(county, Track.EXPLAIN)
    client.force_login(county.users["member"])

    response = client.post(
        reverse("casework:case_reply", args=[case.pk]),
        {"message": "答复", "knowledge_entry": world["B1"].entry.pk},
        follow=True,
    )

    assert "不能引用" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_a_proposal_suggests_only_its_own_or_a_higher_body_department(db, world):
    county = world["A1"]
    member = county.users["member"]
    drafted = []
    for key in ("A1", "A"):
        case = _case(county, Track.PROPOSE)
        drafted.append(
            proposal_draft(
                user=member,
                petition_ids=[case.pk],
                kind="micro",
                title="河堤噪音治理",
                facts="实地走访",
                suggestion="设音量上限",
                suggested_department=world[key].department,
            )
        )
    refused_case = _case(county, Track.PROPOSE)
    before = Proposal.objects.count()

    with pytest.raises(TransitionError, match="建议承办部门只能是"):
        proposal_draft(
            user=member,
            petition_ids=[refused_case.pk],
            kind="micro",
            title="河堤噪音治理",
            facts="实地走访",
            suggestion="设音量上限",
            suggested_department=world["A2"].department,
        )

    assert [p.suggested_department for p in drafted] == [world["A1"].department, world["A"].department]
    assert Proposal.objects.count() == before
    refused_case.refresh_from_db()
    assert refused_case.status == Status.ASSIGNED
