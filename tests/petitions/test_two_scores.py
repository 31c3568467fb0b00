"""Issue 16: the citizen rates a closed case twice, the handling (办理满意度) and the result
(结果满意度); both are required, and either one 不满意 lets the case be reopened once."""

import pytest
from django.urls import reverse

from petitions.choices import EventType, Satisfaction, Status, Track
from petitions.services.handling import petition_reopen
from petitions.services.intake import petition_rate
from tests import factories
from tests.workflow_helpers import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(workstation, member):
    return factories.PetitionFactory(
        workstation=workstation, assigned_member=member, status=Status.CLOSED, track=Track.ANSWER, outcome="answered"
    )


def test_the_tracking_page_asks_both_scores_and_stores_them(client, closed):
    url = reverse("petitions:track_detail", kwargs={"code": closed.tracking_code})
    html = client.get(url).content.decode()
    assert "您对办理过程（响应速度、工作态度）是否满意？" in html
    assert "您对办理结果（问题是否解决）是否满意？" in html
    assert html.count('name="satisfaction"') == 3
    assert html.count('name="result_satisfaction"') == 3
    response = client.post(
        reverse("petitions:track_rate", kwargs={"code": closed.tracking_code}),
        {"satisfaction": "basically_satisfied", "result_satisfaction": "unsatisfied"},
        follow=True,
    )
    assert "您的评价：办理过程基本满意，办理结果不满意" in response.content.decode()
    closed.refresh_from_db()
    assert (closed.satisfaction, closed.result_satisfaction) == ("basically_satisfied", "unsatisfied")
    assert closed.events.get(type=EventType.RATED).message == "群众评价：办理过程基本满意，办理结果不满意"


def test_one_score_alone_is_refused_with_a_clear_message_and_nothing_saved(client, closed):
    before = snapshot()
    response = client.post(
        reverse("petitions:track_rate", kwargs={"code": closed.tracking_code}), {"satisfaction": "satisfied"}
    )
    assert response.status_code == 400
    assert "请对办理结果选择满意、基本满意或不满意。" in response.content.decode()
    assert snapshot() == before
    closed.refresh_from_db()
    assert (closed.satisfaction, closed.result_satisfaction, closed.rated_at) == ("", "", None)


def test_the_api_needs_both_scores(client, closed):
    url = reverse("api:track-rating", kwargs={"code": closed.tracking_code})
    response = client.post(url, {"satisfaction": "satisfied"}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["result_satisfaction"]
    closed.refresh_from_db()
    assert closed.satisfaction == ""


def test_an_unsatisfied_result_tells_staff_and_opens_the_one_reopen(
    client, closed, member, notifications, django_capture_on_commit_callbacks
):
    member.phone = "13912345678"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        petition_rate(petition_id=closed.pk, satisfaction=Satisfaction.SATISFIED, result_satisfaction="unsatisfied")
    assert [n.recipient for n in notifications if "不满意" in n.body] == ["13912345678"]
    client.force_login(member.user)
    html = client.get(reverse("casework:case_detail", args=[closed.pk])).content.decode()
    assert "办理过程满意 · 办理结果不满意" in html
    assert reverse("casework:case_reopen", args=[closed.pk]) in html
    petition = petition_reopen(user=member.user, petition_id=closed.pk, reason="结果不满意")
    assert (petition.status, petition.reopen_count) == (Status.ASSIGNED, 1)


def test_both_scores_satisfied_do_not_open_a_reopen(client, closed, member):
    petition_rate(petition_id=closed.pk, satisfaction="satisfied", result_satisfaction="basically_satisfied")
    client.force_login(member.user)
    html = client.get(reverse("casework:case_detail", args=[closed.pk])).content.decode()
    assert reverse("casework:case_reopen", args=[closed.pk]) not in html
