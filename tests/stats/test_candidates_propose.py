"""A candidate turned into a proposed research topic (topics.services.topic_propose): office staff
only, the candidate's cases linked as its evidence, a bad title refused with nothing saved."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from stats.selectors import workstation_tree
from stats.selectors.candidates import candidate_cases
from tests import factories
from tests.stats.candidates_data import raised  # noqa: F401 - the fixture
from tests.stats.test_candidates import YEAR, YEAR_2026
from topics.models import Topic

pytestmark = pytest.mark.django_db

CANDIDATE = {**YEAR, "dim": "place", "value": "河堤广场"}


def _url():
    from urllib.parse import urlencode

    return f"{reverse('stats:topic_propose')}?{urlencode(CANDIDATE)}"


def test_office_staff_turn_a_candidate_into_a_topic_with_its_cases(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    # the list offers the form, its title prefilled
    page = client.get(reverse("stats:topic_cases"), CANDIDATE)
    assert 'id="propose-form"' in page.content.decode()
    assert page.context["propose_title"] == "关于“河堤广场”问题的调研"
    # when they propose it
    response = client.post(_url(), {"title": "河堤广场夜间噪音治理", "year": "2026", "summary": "两件。"})
    # then the topic exists with the candidate's two cases, and they are taken to it
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        topic.get_absolute_url() if hasattr(topic, "get_absolute_url") else reverse("topics:detail", args=[topic.pk])
    )
    assert (topic.title, topic.year, topic.source) == ("河堤广场夜间噪音治理", 2026, "发生地点：河堤广场 2026年")
    tree, _ordered = workstation_tree()
    expected = candidate_cases(f=YEAR_2026, dimension="place", value="河堤广场", tree=tree, user=office_staff)
    assert set(topic.petitions.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))
    assert topic.petitions.count() == 2


def test_a_liaison_officer_sees_no_form_and_cannot_post_one(client, raised):  # noqa: F811
    officer = factories.UserFactory(username="liaison-a", roles=[Role.LIAISON_OFFICER])
    raised.a.liaison_officers.add(officer)
    client.force_login(officer)
    page = client.get(reverse("stats:topic_cases"), CANDIDATE)
    assert page.status_code == 200
    assert 'id="propose-form"' not in page.content.decode()
    assert client.post(_url(), {"title": "河堤广场", "year": "2026"}).status_code == 403
    assert not Topic.objects.exists()


def test_a_missing_title_is_refused_and_nothing_is_saved(client, office_staff, raised):  # noqa: F811
    client.force_login(office_staff)
    response = client.post(_url(), {"title": "  ", "year": "2026"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("stats:topic_cases"))
    assert [str(m) for m in response.context["messages"]]
    assert not Topic.objects.exists()
    assert client.get(_url()).status_code == 405
