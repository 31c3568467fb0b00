"""转报: a county's reviewer forwards a submitted proposal to the city; from then on the city's
reviewers decide it and assign the city's departments, the county's see it but decide nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.choices import EventType
from petitions.models import PetitionEvent
from petitions.workflow import ActionNotAllowed, TransitionError
from proposals.choices import Status
from proposals.forms import AssignForm
from proposals.models import ProposalAssignment
from proposals.services import proposal_assign, proposal_forward


def _forwarded_events(petition):
    return list(PetitionEvent.objects.filter(petition=petition, type=EventType.PROPOSAL_FORWARDED))


def test_a_county_reviewer_forwards_to_the_city_and_the_step_is_on_the_timeline(db, client, world):
    county, city = world["A1"], world["A"]
    client.force_login(county.users["reviewer"])

    response = client.post(reverse("proposals:forward", args=[county.proposal.pk]), {"reason": "涉及全市河堤管理。"})

    assert response.status_code == 302
    county.proposal.refresh_from_db()
    assert county.proposal.status == Status.SUBMITTED
    assert county.proposal.body_id == city.body.pk
    assert county.proposal.review_due > timezone.localdate()
    [event] = _forwarded_events(county.petition)
    assert event.message == "A1政协已将建议转报A政协审核：涉及全市河堤管理。"
    assert event.visibility == "public"
    assert event.data["from_body_id"] == county.body.pk
    assert event.data["to_body_id"] == city.body.pk
    # the case page shows the step
    client.force_login(city.users["office"])
    assert (
        "已将建议转报A政协审核"
        in client.get(reverse("casework:case_detail", args=[county.petition.pk])).content.decode()
    )


def test_after_a_forward_the_city_decides_and_the_county_no_longer_does(db, client, world):
    county, city = world["A1"], world["A"]
    proposal_forward(user=county.users["reviewer"], proposal_id=county.proposal.pk)

    # the city's review queue has it, the county's no longer
    client.force_login(city.users["reviewer"])
    assert county.proposal.title in client.get(reverse("proposals:review_queue")).content.decode()
    client.force_login(county.users["reviewer"])
    assert county.proposal.title not in client.get(reverse("proposals:review_queue")).content.decode()
    # the county's reviewer still sees the proposal, without the decision forms
    page = client.get(reverse("proposals:detail", args=[county.proposal.pk])).content.decode()
    assert 'id="accept-form"' not in page
    assert 'id="forward-form"' not in page
    # and the API refuses them a decision: 403, nothing changed
    response = client.post(
        reverse("api:proposal-accept", args=[county.proposal.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "这份建议由其他政协审核，您不能进行此操作。"
    county.proposal.refresh_from_db()
    assert county.proposal.status == Status.SUBMITTED
    # the city's reviewer accepts it
    client.force_login(city.users["reviewer"])
    response = client.post(
        reverse("api:proposal-accept", args=[county.proposal.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["body"] == city.body.pk


def test_the_api_forwards_and_answers_the_proposal_at_the_body_above(db, client, world):
    county, city = world["A1"], world["A"]
    client.force_login(county.users["reviewer"])

    response = client.post(
        reverse("api:proposal-forward", args=[county.proposal.pk]),
        {"reason": ""},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["body"] == city.body.pk
    assert response.json()["status"] == "submitted"
    [event] = _forwarded_events(county.petition)
    assert event.message == "A1政协已将建议转报A政协审核。"


def test_a_body_without_one_above_cannot_forward(db, client, world):
    city = world["A"]
    client.force_login(city.users["reviewer"])

    response = client.post(
        reverse("api:proposal-forward", args=[city.proposal.pk]), {}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "本级政协没有上级政协，不能转报。"
    city.proposal.refresh_from_db()
    assert city.proposal.body_id == city.body.pk
    assert _forwarded_events(city.petition) == []


@pytest.mark.parametrize(
    ("viewer", "code"),
    [("A", 403), ("A2", 404), ("B1", 404)],
    ids=["body-above", "sibling-county", "other-city's-county"],
)
def test_only_the_reviewing_body_forwards(db, client, world, viewer, code):
    county = world["A1"]
    client.force_login(world[viewer].users["reviewer"])

    response = client.post(
        reverse("api:proposal-forward", args=[county.proposal.pk]), {}, content_type="application/json"
    )

    assert response.status_code == code
    county.proposal.refresh_from_db()
    assert county.proposal.body_id == county.body.pk
    assert _forwarded_events(county.petition) == []


def test_an_accepted_proposal_is_no_longer_forwarded(db, world):
    county = world["A1"]
    county.proposal.status = Status.ACCEPTED
    county.proposal.save(update_fields=["status"])

    with pytest.raises(TransitionError):
        proposal_forward(user=county.users["reviewer"], proposal_id=county.proposal.pk)

    county.proposal.refresh_from_db()
    assert county.proposal.body_id == county.body.pk


def _accepted(site):
    site.proposal.status = Status.ACCEPTED
    site.proposal.save(update_fields=["status"])
    return site.proposal


def test_a_county_reviewer_assigns_only_the_county_departments(db, world):
    county, city = world["A1"], world["A"]
    proposal = _accepted(county)

    with pytest.raises(ActionNotAllowed) as refused:
        proposal_assign(user=county.users["reviewer"], proposal_id=proposal.pk, lead_department=city.department)

    assert refused.value.message == "A地城管局不属于审核这份建议的政协，不能交办。"
    assert not ProposalAssignment.objects.filter(proposal=proposal).exists()
    proposal_assign(user=county.users["reviewer"], proposal_id=proposal.pk, lead_department=county.department)
    assert list(proposal.assignments.values_list("department__name", flat=True)) == ["A1地城管局"]


def test_after_a_forward_the_city_assigns_its_own_departments_not_the_county_ones(db, client, world):
    county, city = world["A1"], world["A"]
    proposal_forward(user=county.users["reviewer"], proposal_id=county.proposal.pk)
    proposal = _accepted(county)
    client.force_login(city.users["reviewer"])

    refused = client.post(
        reverse("api:proposal-assign", args=[proposal.pk]),
        {"lead_department": county.department.pk},
        content_type="application/json",
    )
    assigned = client.post(
        reverse("api:proposal-assign", args=[proposal.pk]),
        {"lead_department": city.department.pk, "due_date": str(timezone.localdate() + datetime.timedelta(days=30))},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert assigned.status_code == 200
    assert [a["department"] for a in assigned.json()["assignments"]] == ["A地城管局"]


def test_the_assign_form_lists_the_reviewing_body_departments_only(db, world):
    form = AssignForm(body_id=world["A1"].body.pk)

    assert [d.name for d in form.fields["lead_department"].queryset] == ["A1地城管局"]
