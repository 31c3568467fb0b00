"""Issue 16: the dashboard's satisfaction rate counts the citizen's score of the handling and says
so; the rate of the result score is beside it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.choices import Status
from stats import selectors
from stats.filters import StatsFilter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(workstation):
    now = timezone.now()
    scores = [("satisfied", "unsatisfied"), ("basically_satisfied", "satisfied"), ("unsatisfied", "unsatisfied")]
    for handling, result in scores:
        factories.PetitionFactory(
            workstation=workstation, status=Status.CLOSED, closed_at=now, satisfaction=handling,
            result_satisfaction=result, rated_at=now,
        )  # fmt: skip
    # a rating from before there were two scores: counted in the handling rate only
    factories.PetitionFactory(
        workstation=workstation, status=Status.CLOSED, closed_at=now, satisfaction="satisfied", rated_at=now
    )


def _this_month():
    today = timezone.localdate()
    return StatsFilter(start=today.replace(day=1), end=today)


def test_the_two_rates_count_their_own_score(rated):
    s = selectors.summary(_this_month())
    assert (s["satisfied"], s["rated"], s["satisfaction_rate"]) == (3, 4, 75.0)
    assert (s["result_satisfied"], s["result_rated"], s["result_satisfaction_rate"]) == (1, 3, 33.3)


def test_the_dashboard_names_the_score_each_rate_counts(client, office_staff, rated):
    client.force_login(office_staff)
    html = client.get(reverse("stats:dashboard")).content.decode()
    handling = re.search(r'<a[^>]*data-figure="satisfied".*?</a>', html, re.S).group(0)
    result = re.search(r'<a[^>]*data-figure="result_satisfied".*?</a>', html, re.S).group(0)
    assert 'title="按群众对办理过程的评价（办理满意度）计算：满意和基本满意 / 已评价"' in handling
    assert "满意率（办理过程）" in handling
    assert "75.0" in handling
    assert "结果满意率" in result
    assert "33.3" in result
    assert "1 / 3 件对结果满意" in result
    # the drill-down behind the result figure lists the rows it counts
    context = client.get(reverse("stats:cases", args=["result_satisfied"])).context
    assert (context["title"], context["count"]) == ("对办理结果满意和基本满意", 1)


def test_a_finished_months_result_score_is_read_from_the_figure_tables(workstation):
    from petitions.models import Petition
    from stats.services import monthly_figures_refresh

    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    rated_at = timezone.make_aware(datetime.datetime.combine(first + datetime.timedelta(days=9), datetime.time(10)))
    for result in ("satisfied", "unsatisfied", "unsatisfied"):
        factories.PetitionFactory(
            workstation=workstation, status=Status.CLOSED, satisfaction="satisfied",
            result_satisfaction=result, rated_at=rated_at,
        )  # fmt: skip
    f = StatsFilter(start=first, end=(first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1))
    live = selectors.summary(f)
    monthly_figures_refresh(months=[first])

    # the petitions change behind the tables' back: the built month still says what it counted
    Petition.objects.update(result_satisfaction="satisfied")
    built = selectors.summary(f)

    assert (live["result_satisfied"], live["result_rated"]) == (1, 3)
    assert (built["result_satisfied"], built["result_rated"], built["result_satisfaction_rate"]) == (1, 3, 33.3)
