"""`make run` shows CPPCC bodies: a city with two counties, each county's office seeing its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
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
