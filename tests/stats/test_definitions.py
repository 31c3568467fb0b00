"""The definitions SPEC.md "Statistics, defined once" gives, where the code once said otherwise:
each test shows the case the old condition got wrong."""

import pytest

from petitions.choices import Outcome, Status
from petitions.models import Petition
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal
from stats import selectors
from tests.stats.conftest import FEBRUARY, TODAY, at, period

pytestmark = pytest.mark.django_db


def _handled(f, office_staff):
    listed = {p.pk for p in selectors.petition_cases(figure="handled", f=f, user=office_staff, today=TODAY)}
    assert len(listed) == selectors.summary(f, today=TODAY)["handled"]
    return listed


def test_a_merged_duplicate_is_not_collected_twice(history, office_staff):
    # p6 reported p1's problem again and was merged into it: January collects p1 once
    collected = {p.pk for p in selectors.petition_cases(figure="collected", f=period(), user=office_staff)}
    assert history.p["p1"].pk in collected
    assert history.p["p6"].pk not in collected
    assert selectors.summary(period(), today=TODAY)["collected"] == 6


def test_a_returned_proposal_never_resubmitted_is_not_handled(history, office_staff):
    assert history.p["p4"].pk in _handled(period(), office_staff)
    # the reviewer returns P (proposal_return keeps its submitted_at of 01-20) and the member
    # never resubmits: p4 had no substantive action (the old condition still counted it: 5)
    Proposal.objects.filter(pk=history.proposal.pk).update(
        status=ProposalStatus.RETURNED, return_reason="请补充调研材料。"
    )
    assert history.p["p4"].pk not in _handled(period(), office_staff)
    assert selectors.summary(period(), today=TODAY)["handled"] == 4
    # given up after the return (withdrawn): not handled either
    Proposal.objects.filter(pk=history.proposal.pk).update(status=ProposalStatus.WITHDRAWN)
    assert selectors.summary(period(), today=TODAY)["handled"] == 4


def test_a_resubmitted_proposal_is_handled_when_resubmitted(history, office_staff):
    # resubmitted on 02-10 (proposal_submit moves submitted_at): handled in February, not January
    Proposal.objects.filter(pk=history.proposal.pk).update(status=ProposalStatus.SUBMITTED, submitted_at=at(2, 10, 9))
    assert history.p["p4"].pk not in _handled(period(), office_staff)
    assert history.p["p4"].pk in _handled(period(FEBRUARY), office_staff)


def test_a_department_report_alone_is_no_project(history):
    # P's lead department reported on 01-28 (the old definition counted P in January); the
    # member has not confirmed it: only Q, confirmed solved, is January's project
    assert list(selectors.proposal_cases(figure="projects", f=period())) == [history.project]
    assert selectors.summary(period(), today=TODAY)["projects"] == 1


def test_a_project_counts_when_the_member_confirms_it_solved(history):
    # the member confirms P on 02-03 and closes p4 as solved (proposal_confirm stores the
    # proposal's closed_at and grade, and the petitions' outcome)
    Proposal.objects.filter(pk=history.proposal.pk).update(
        status=ProposalStatus.CLOSED, closed_at=at(2, 3, 9), result_grade="A"
    )
    Petition.objects.filter(pk=history.p["p4"].pk).update(
        status=Status.CLOSED, outcome=Outcome.SOLVED, closed_at=at(2, 3, 9)
    )
    assert list(selectors.proposal_cases(figure="projects", f=period(FEBRUARY))) == [history.proposal]
    assert selectors.summary(period(FEBRUARY), today=TODAY)["projects"] == 1
    # confirmed, but not solved: no project, whatever the department reported
    Petition.objects.filter(pk=history.p["p4"].pk).update(outcome=Outcome.NOT_SOLVED)
    Proposal.objects.filter(pk=history.proposal.pk).update(result_grade="C")
    assert selectors.summary(period(FEBRUARY), today=TODAY)["projects"] == 0
