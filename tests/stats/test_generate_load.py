"""generate_load writes a history the constraints accept, in every state and track, whose figures
agree with the lists behind them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.models import Consultation, Petition, PetitionEvent
from proposals.models import Proposal, ProposalAssignment
from stats import selectors
from stats.filters import StatsFilter, month_bounds
from stats.models import BuiltMonth


@pytest.mark.django_db(transaction=True)
def test_generate_load_writes_a_consistent_history(office_staff):
    # when 3,000 petitions over two years are generated
    out = io.StringIO()
    call_command("generate_load", petitions=3000, batch=1000, stdout=out, stderr=io.StringIO())
    # then they are all there, in every final state and every track, with what hangs off them
    assert Petition.objects.count() == 3000
    assert set(Petition.objects.values_list("status", flat=True)) >= {
        "closed",
        "replied",
        "spam",
        "merged",
        "withdrawn",
    }
    assert set(Petition.objects.exclude(track=None).values_list("track", flat=True)) == {1, 2, 3, 4}
    assert Consultation.objects.exists()
    assert ProposalAssignment.objects.filter(status="reported").exists()
    assert Proposal.objects.filter(is_livelihood_project=True).exists()
    assert PetitionEvent.objects.filter(type="submitted").count() == 3000
    oldest = Petition.objects.order_by("created_at").first().created_at
    assert timezone.now() - oldest > datetime.timedelta(days=700)
    # the finished months are built for the trend
    assert BuiltMonth.objects.count() >= 24
    # and last month's figures equal the lengths of their lists
    start, end = month_bounds(timezone.localdate().replace(day=1) - datetime.timedelta(days=1))
    f = StatsFilter(start=start, end=end)
    summary = selectors.summary(f)
    assert summary["collected"] > 50
    for figure in ("collected", "handled", "solved", "rated", "satisfied", "response_due", "responded_on_time"):
        assert selectors.petition_cases(figure=figure, f=f, user=office_staff).count() == summary[figure], figure
    assert selectors.proposal_cases(figure="projects", f=f).count() == summary["projects"]
