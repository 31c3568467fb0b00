"""`make run` shows CPPCC bodies: a city with two counties, each county's office seeing its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from proposals.models import Proposal
from workstations.models import CppccBody, Workstation

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_city_body_with_two_counties_each_seeing_its_own(client):
    call_command("seed_demo", allow_production=True, stdout=StringIO())

    city = CppccBody.objects.get(name="益阳市政协")
    assert sorted(city.children.values_list("name", flat=True)) == ["桃江县政协", "资阳区政协"]
    assert Workstation.objects.filter(body__isnull=True).count() == 0
    assert Workstation.objects.get(code="dayuan").body.name == "资阳区政协"
    client.force_login(User.objects.get(username="office_ziyang"))
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert "大码头社区委员工作室" in page
    assert "西流湾社区委员工作室" not in page
    assert "桃花江社区委员工作室" not in page
    client.force_login(User.objects.get(username="office"))
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert "大码头社区委员工作室" in page
    assert "西流湾社区委员工作室" in page


def test_the_county_reviewer_has_a_proposal_to_accept_or_forward_and_the_city_only_watches(client):
    call_command("seed_demo", allow_production=True, stdout=StringIO())
    title = "关于整治大码头农贸市场门口占道经营的建议"

    client.force_login(User.objects.get(username="reviewer_ziyang"))
    queue = client.get(reverse("proposals:review_queue")).content.decode()
    proposal = Proposal.objects.get(title=title)
    detail = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    forwarded = client.post(reverse("proposals:forward", args=[proposal.pk]), {"reason": "涉及全市农贸市场管理"})
    proposal.refresh_from_db()

    assert title in queue
    assert 'id="forward-form"' in detail
    assert proposal.suggested_department.name == "资阳区城市管理和综合执法局"
    assert forwarded.status_code == 302
    assert (proposal.status, proposal.body.name) == ("submitted", "益阳市政协")
    client.force_login(User.objects.get(username="reviewer_ziyang"))
    assert title not in client.get(reverse("proposals:review_queue")).content.decode()
    client.force_login(User.objects.get(username="reviewer"))
    assert title in client.get(reverse("proposals:review_queue")).content.decode()
