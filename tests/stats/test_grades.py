"""Issue 16: the dashboard's department table shows the members' grades beside the on-time figures,
each department's own, co-handlers included, counted in the period the member graded them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from departments.services import assignment_acknowledge, assignment_report
from proposals.choices import AssignmentRole
from proposals.models import ProposalAssignment
from proposals.services import AssignmentGrade, proposal_confirm
from stats import selectors
from stats.filters import StatsFilter
from tests import factories
from tests.workflow_helpers import reported_proposal

pytestmark = pytest.mark.django_db


def _graded(member, workstation, reviewer, department, handler, co_department, lead_grade, co_grade, co_rating):
    proposal = reported_proposal(member, workstation, reviewer, department, handler, co_departments=[co_department])
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    co = proposal.assignments.get(role=AssignmentRole.CO)
    co_handler = co_department.handlers.get()
    assignment_acknowledge(assignment_id=co.pk, user=co_handler)
    assignment_report(assignment_id=co.pk, user=co_handler, result="已配合")
    proposal_confirm(
        user=member.user,
        proposal_id=proposal.pk,
        grades=[
            AssignmentGrade(lead.pk, lead_grade, "satisfied"),
            AssignmentGrade(co.pk, co_grade, co_rating, reason="会办不及时" if co_grade in "CD" else ""),
        ],
        reply="已办理",
        outcome="solved",
    )
    return proposal


@pytest.fixture
def graded(member, workstation, reviewer, department, department_handler):
    co_department = factories.DepartmentFactory(name="公安局")
    co_department.handlers.add(factories.UserFactory(username="co-handler", roles=[Role.DEPARTMENT_HANDLER]))
    args = (member, workstation, reviewer, department, department_handler, co_department)
    _graded(*args, "A", "C", "unsatisfied")
    _graded(*args, "B", "A", "basically_satisfied")
    return co_department


def _this_month():
    today = timezone.localdate()
    return StatsFilter(start=today.replace(day=1), end=today)


def test_the_department_rows_carry_each_departments_grades(graded, department):
    rows = {r["name"]: r for r in selectors.by_department(_this_month())}
    assert {
        name: (r["graded"], r["grade_a"], r["grade_b"], r["grade_c"], r["grade_d"]) for name, r in rows.items()
    } == {
        "城管局": (2, 1, 1, 0, 0),
        "公安局": (2, 1, 0, 1, 0),
    }
    assert (rows["城管局"]["handling_satisfaction_rate"], rows["公安局"]["handling_satisfaction_rate"]) == (100.0, 50.0)
    # the same as the assignments' own grades, read directly
    for name, row in rows.items():
        stored = list(ProposalAssignment.objects.filter(department__name=name).values_list("grade", flat=True))
        assert row["graded"] == len(stored)
        assert [row[f"grade_{g.lower()}"] for g in "ABCD"] == [stored.count(g) for g in "ABCD"]


def test_the_department_filter_and_another_period_see_only_theirs(graded, department):
    f = _this_month()
    only = selectors.by_department(StatsFilter(start=f.start, end=f.end, department_id=graded.pk))
    assert [(r["name"], r["graded"]) for r in only] == [("公安局", 2)]
    before = f.start - datetime.timedelta(days=1)
    last_year = selectors.by_department(StatsFilter(start=before.replace(day=1), end=before))
    assert [r["graded"] for r in last_year] == []


def test_the_dashboard_table_shows_the_grades(client, office_staff, graded):
    client.force_login(office_staff)
    html = client.get(reverse("stats:dashboard")).content.decode()
    table = re.search(r'<table[^>]*id="table-departments".*?</table>', html, re.S).group(0)
    assert "委员评定" in table
    assert "办理满意率" in table
    co_row = re.search(r"<tr><td>公安局</td>.*?</tr>", table, re.S).group(0)
    assert '<td class="text-end dept-graded">2</td>' in co_row
    assert '<td class="text-end text-nowrap dept-grades">1 / 0 / 1 / 0</td>' in co_row
    assert '<td class="text-end dept-handling-rate">50.0%</td>' in co_row


def test_a_finished_months_grades_come_from_the_tables_and_a_correction_rebuilds_that_month(
    graded, department, reviewer
):
    from proposals.services import proposal_grade
    from stats.services import monthly_figures_refresh, monthly_figures_sweep

    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    graded_at = timezone.make_aware(datetime.datetime.combine(first + datetime.timedelta(days=4), datetime.time(10)))
    ProposalAssignment.objects.update(graded_at=graded_at)
    last_month = StatsFilter(start=first, end=timezone.localdate().replace(day=1) - datetime.timedelta(days=1))
    live = {r["name"]: (r["graded"], r["grade_c"]) for r in selectors.by_department(last_month)}
    monthly_figures_refresh(months=[first])
    built = {r["name"]: (r["graded"], r["grade_c"]) for r in selectors.by_department(last_month)}
    # behind the tables' back (no event, no updated_at): the built month still says what it counted
    graded_a = list(ProposalAssignment.objects.filter(grade="A").values_list("pk", flat=True))
    ProposalAssignment.objects.filter(pk__in=graded_a).update(grade="B")
    unchanged = {r["name"]: (r["graded"], r["grade_a"]) for r in selectors.by_department(last_month)}
    ProposalAssignment.objects.filter(pk__in=graded_a).update(grade="A")

    # a reviewer corrects the co-handler's C: the grade keeps its date, the sweep rebuilds its month
    proposal = ProposalAssignment.objects.get(department=graded, grade="C").proposal
    lead, co = (proposal.assignments.get(role=role) for role in (AssignmentRole.LEAD, AssignmentRole.CO))
    proposal_grade(
        user=reviewer,
        proposal_id=proposal.pk,
        grades=[AssignmentGrade(lead.pk, lead.grade, "satisfied"), AssignmentGrade(co.pk, "B", "satisfied")],
    )
    co.refresh_from_db()
    monthly_figures_sweep(history_months=1)
    corrected = {r["name"]: (r["graded"], r["grade_c"]) for r in selectors.by_department(last_month)}

    assert live == built == {"城管局": (2, 0), "公安局": (2, 1)}
    assert unchanged == {"城管局": (2, 1), "公安局": (2, 1)}
    assert co.graded_at == graded_at
    assert corrected == {"城管局": (2, 0), "公安局": (2, 0)}


def test_the_department_rows_hold_the_hand_off_figures_and_then_the_grades():
    from stats.models import MonthlyDepartmentFigure
    from stats.selectors.grades import GRADE_FIGURES
    from stats.selectors.tables import DEPARTMENT_ROW_FIGURES, HANDOFF_FIGURES

    columns = {f.name for f in MonthlyDepartmentFigure._meta.concrete_fields} - {"id", "month"}
    assert DEPARTMENT_ROW_FIGURES == (*HANDOFF_FIGURES, *GRADE_FIGURES)
    assert columns == {"department_id", "workstation_id", *DEPARTMENT_ROW_FIGURES}


def test_a_range_holding_most_of_a_month_reads_it_whole_less_the_days_outside(graded, department):
    from stats.selectors.tables import period_plan
    from stats.services import monthly_figures_refresh

    # given last month's assignments graded on its 5th, and two ranges holding most of that month
    today = timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    first = last.replace(day=1)
    graded_at = timezone.make_aware(datetime.datetime.combine(first + datetime.timedelta(days=4), datetime.time(10)))
    ProposalAssignment.objects.update(graded_at=graded_at)
    ranges = {
        "from the 3rd": StatsFilter(start=first + datetime.timedelta(days=2), end=last),
        "from the 6th": StatsFilter(start=first + datetime.timedelta(days=5), end=last),
    }
    live = {name: selectors.by_department(f) for name, f in ranges.items()}
    # when the month is built
    monthly_figures_refresh(months=[first])
    # then each range reads the month whole, takes its first days away, and shows the live figures
    for name, f in ranges.items():
        assert period_plan(f, today).minus, name
        assert selectors.by_department(f) == live[name], name
    assert sum(r["graded"] for r in live["from the 3rd"]) == 4
    assert sum(r["graded"] for r in live["from the 6th"]) == 0
