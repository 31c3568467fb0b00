"""Every figure and rate against values counted by hand from the history in conftest.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stats import selectors
from stats.selectors import figures
from tests.stats.conftest import FEBRUARY, JANUARY, TODAY, period

pytestmark = pytest.mark.django_db

EMPTY = {
    "collected": 0,
    "handled": 0,
    "solved": 0,
    "households": 0,
    "response_due": 0,
    "responded_on_time": 0,
    "rated": 0,
    "satisfied": 0,
    "response_rate": None,
    "resolution_rate": None,
    "satisfaction_rate": None,
    "projects": 0,
    "result_rated": 0,
    "result_satisfied": 0,
    "result_satisfaction_rate": None,
    "handoffs_due": 0,
    "handoffs_on_time": 0,
    "department_on_time_rate": None,
    "median_first_response_hours": None,
}


def test_no_data_at_all_gives_zeros_and_no_rates():
    # given an empty database; when the summary of January is computed
    result = selectors.summary(period(), today=TODAY)
    # then every count is 0 and every rate is "—" (None), never a division by zero
    assert result == EMPTY


def test_january_figures_match_the_hand_count(history):
    # when the summary of January 2026 is computed
    result = selectors.summary(period(), today=TODAY)
    # then: collected p1 p2 p3 p4 p8 p9 (spam p5, merged p6 and December's p7 left out)
    # handled: replies p1 p2 p7(reopened, re-replied 01-03) p9 + proposal for p4
    # solved p2 p9 (households 3 + 5); response: on time p1 p3 p4 p9 of p1 p2 p3 p4 p8 p9
    # rated p1 p2 p9, satisfied p1 p9; projects: Q (confirmed solved 01-29; P only reported)
    # hand-offs due: c2 (on time), a1 (on time), a2 (overdue); first responses 4, 48, 12, 1, 2 hours
    assert result == {
        "collected": 6,
        "handled": 5,
        "solved": 2,
        "households": 8,
        "response_due": 6,
        "responded_on_time": 4,
        "rated": 3,
        "satisfied": 2,
        "response_rate": 66.7,
        "resolution_rate": 40.0,
        "satisfaction_rate": 66.7,
        "projects": 1,
        # (the history's ratings predate the result score)
        "result_rated": 0,
        "result_satisfied": 0,
        "result_satisfaction_rate": None,
        "handoffs_due": 3,
        "handoffs_on_time": 2,
        "department_on_time_rate": 66.7,
        "median_first_response_hours": 4.0,
    }


def test_a_case_that_crossed_the_month_boundary_counts_in_each_month_by_its_own_act(history):
    # p3 arrived 01-31 20:00 and was replied, closed and rated in February; c1 was answered late
    result = selectors.summary(period(FEBRUARY), today=TODAY)
    assert result == {
        **EMPTY,
        "handled": 1,
        "solved": 1,
        "households": 2,
        "rated": 1,
        "satisfied": 1,
        "resolution_rate": 100.0,
        "satisfaction_rate": 100.0,
        "handoffs_due": 1,
        "handoffs_on_time": 0,
        "department_on_time_rate": 0.0,
    }
    assert list(figures.collected_petitions(period(JANUARY)).filter(pk=history.p["p3"].pk)) == [history.p["p3"]]


def test_the_reopened_case_counts_once_in_the_period_of_its_latest_reply(history):
    p7 = history.p["p7"]
    december = period((datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)))
    # December: received there, but its reply is now dated January
    assert selectors.summary(december, today=TODAY)["collected"] == 1
    assert selectors.summary(december, today=TODAY)["handled"] == 0
    assert selectors.summary(december, today=TODAY)["rated"] == 1
    # January: handled once
    assert list(figures.handled_petitions(period()).filter(pk=p7.pk)) == [p7]


def test_spam_and_merged_duplicates_are_in_no_list(history):
    excluded = {history.p["p5"].pk, history.p["p6"].pk}
    for builder in (figures.collected_petitions, figures.response_due_petitions, figures.first_responded_petitions):
        assert not excluded & set(builder(period()).values_list("pk", flat=True))


def test_a_filter_that_matches_nothing_gives_zeros(history):
    # given a category nobody used in January
    result = selectors.summary(period(category_id=history.empty_category.pk), today=TODAY)
    assert result == EMPTY
    # and an empty workstation set (a liaison asking for another office's workstation)
    assert selectors.summary(period(workstation_ids=frozenset()), today=TODAY) == EMPTY


def test_workstation_filter(history):
    result = selectors.summary(period(workstation_ids=frozenset({history.b.pk})), today=TODAY)
    assert result == {
        **EMPTY,
        "collected": 1,
        "handled": 1,
        "solved": 1,
        "households": 5,
        "response_due": 1,
        "responded_on_time": 1,
        "rated": 1,
        "satisfied": 1,
        "response_rate": 100.0,
        "resolution_rate": 100.0,
        "satisfaction_rate": 100.0,
        "handoffs_due": 1,
        "handoffs_on_time": 1,
        "department_on_time_rate": 100.0,
        "median_first_response_hours": 2.0,
    }


def test_a_district_includes_its_descendants(history):
    from stats.filters import workstation_subtree
    from stats.selectors import workstation_tree

    tree, _ordered = workstation_tree()
    subtree = workstation_subtree(history.district.pk, tree)
    assert subtree == {history.district.pk, history.a.pk}
    result = selectors.summary(period(workstation_ids=subtree), today=TODAY)
    assert (result["collected"], result["handled"], result["solved"], result["projects"]) == (5, 4, 1, 1)
    assert (result["handoffs_due"], result["handoffs_on_time"]) == (2, 1)


def test_sector_category_channel_and_department_filters(history):
    economy = selectors.summary(period(sector_id=history.economy.pk), today=TODAY)
    assert (economy["collected"], economy["handled"], economy["solved"], economy["projects"]) == (5, 4, 1, 1)
    water = selectors.summary(period(category_id=history.water.pk), today=TODAY)
    # p2 p3 p8 p9 received; p2 p9 replied and solved; c2 (p9) due; P's petition p4 is noise
    assert (water["collected"], water["handled"], water["solved"], water["projects"]) == (4, 2, 2, 0)
    assert (water["handoffs_due"], water["handoffs_on_time"]) == (1, 1)
    phone = selectors.summary(period(channel="phone"), today=TODAY)
    assert phone == EMPTY
    zhujian = selectors.summary(period(department_id=history.zhujian.pk), today=TODAY)
    # 住建局 was consulted on p9 and given a part of P (from p4)
    assert (zhujian["collected"], zhujian["handled"], zhujian["solved"]) == (2, 2, 1)
    assert (zhujian["handoffs_due"], zhujian["handoffs_on_time"], zhujian["projects"]) == (2, 1, 0)


@pytest.mark.parametrize(
    "figure",
    ["collected", "handled", "solved", "response_due", "responded_on_time", "rated", "satisfied"],
)
def test_every_figure_equals_the_length_of_its_list(history, figure, office_staff):
    # the drill-down list and the number come from one definition
    f = period()
    listed = selectors.petition_cases(figure=figure, f=f, user=office_staff, today=TODAY).count()
    assert listed == selectors.summary(f, today=TODAY)[figure]


def test_households_projects_and_handoffs_lists(history, office_staff):
    f = period()
    solved = selectors.petition_cases(figure="households", f=f, user=office_staff)
    assert sum(p.households_helped for p in solved) == 8
    assert list(selectors.proposal_cases(figure="projects", f=f)) == [history.project]
    consultations, assignments = selectors.handoff_cases(figure="handoffs_on_time", f=f, today=TODAY)
    assert (consultations.count(), assignments.count()) == (1, 1)


def test_trend_by_month(history):
    rows = selectors.trend(period(), months=3)
    assert [(r["label"], r["collected"], r["handled"], r["solved"]) for r in rows] == [
        ("2025-11", 0, 0, 0),
        ("2025-12", 1, 0, 0),
        ("2026-01", 6, 5, 2),
    ]
    feb = selectors.trend(period(FEBRUARY), months=2)
    assert [(r["label"], r["collected"], r["handled"], r["solved"]) for r in feb] == [
        ("2026-01", 6, 5, 2),
        ("2026-02", 0, 1, 1),
    ]


def test_breakdowns(history):
    f = period()
    categories = {r["name"]: (r["collected"], r["handled"], r["solved"]) for r in selectors.by_category(f, today=TODAY)}
    assert categories == {"供水": (4, 2, 2), "噪音": (2, 3, 0)}
    workstations = [(r["rank"], r["name"], r["collected"], r["solved"]) for r in selectors.by_workstation(f)]
    assert workstations == [(1, "罗溪社区委员工作室", 1, 1), (2, "西流湾社区委员工作室", 5, 1)]
    departments = [
        (r["name"], r["due"], r["on_time"], r["on_time_rate"], r["mean_handling_days"])
        for r in selectors.by_department(f, today=TODAY)
    ]
    assert departments == [("城管局", 1, 1, 100.0, 7.0), ("住建局", 2, 1, 50.0, 3.0)]
    members = [(r["name"], r["sector"], r["open"], r["collected"], r["handled"]) for r in selectors.by_member(f)]
    # 王委员 has p4 (proposing) and p8 (assigned) open now
    assert members == [("王委员", "经济界", 2, 5, 4), ("李委员", "教育界", 0, 1, 1)]


def test_rising_categories(history):
    # January against October–December (92 days): 供水 4 new, 噪音 2 against 1 × 31/92
    rows = selectors.rising_categories(period())
    assert [(r["name"], r["recent"], r["expected"], r["rise"]) for r in rows] == [
        ("供水", 4, 0.0, 4.0),
        ("噪音", 2, 0.3, 1.7),
    ]


def _dashboard_queries(f):
    with CaptureQueriesContext(connection) as ctx:
        selectors.dashboard(f, today=TODAY)
    return len(ctx.captured_queries)


def _many(n):
    from tests import factories
    from tests.stats.conftest import at, make_petition

    for i in range(n):
        ws = factories.WorkstationFactory()
        member = factories.MemberFactory(workstations=[ws])
        category = factories.CategoryFactory()
        department = factories.DepartmentFactory()
        petition = make_petition(
            created=at(1, 10 + i % 10, 9), workstation=ws, category=category, member=member, track=2,
            status="closed", replied_at=at(1, 20, 9), closed_at=at(1, 21, 9), outcome="solved",
            first_response_due=datetime.date(2026, 1, 25), first_responded_at=at(1, 20, 9),
        )  # fmt: skip
        from petitions.models import Consultation

        Consultation.objects.create(
            petition=petition, department=department, question="?", asked_by=member, status="answered",
            due_date=datetime.date(2026, 1, 25), answer="!", answered_at=at(1, 22, 9),
        )  # fmt: skip


@pytest.mark.parametrize("rows", [2, 20])
def test_dashboard_query_budget_is_the_same_for_2_and_20_rows(rows, django_assert_num_queries):
    _many(rows)
    # the period's plan 1 (built months), petition counts 2 (live; shared by summary, breakdowns,
    # trend, rising; the result score among them), summary 3 (projects, imported projects, median),
    # trend 5 (built months + 4 live), names 2, departments 6 (per kind the hand-offs, then the
    # cases' workstations and first deliveries of those there are, and the members' grades; the
    # summary sums them), members 2, rising 3
    with django_assert_num_queries(24):
        data = selectors.dashboard(period(), today=TODAY)
    assert data["summary"]["collected"] == rows
    assert len(data["workstations"]) == rows
    assert len(data["members"]) == rows
    assert len(data["departments"]) == rows
