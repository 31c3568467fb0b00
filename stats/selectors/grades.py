"""The members' grades of departments (SPEC.md "department grades A–D per assignment"): per
department, the proposal assignments graded in the period, lead and co-handlers alike, by grade, and
the share whose handling the member rated satisfied or basically satisfied.

Which date puts a grade in a period: when the member graded it (graded_at, set as the member
confirms the result: proposals.services.proposal_confirm; a reviewer's correction keeps it). Kept
apart from the on-time figures (which count hand-offs by their due date), and like them read from
period tables where built (stats.models.MonthlyGradeFigure), the rest counted live over
assignment_graded_idx: two years of grades at 1,000,000 petitions took 178 ms to count live."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

import stats.selectors.tables as tables
from proposals.choices import HandlingRating, ResultGrade
from proposals.models import ProposalAssignment
from stats.filters import StatsFilter
from stats.selectors.figures import in_period, proposal_dimensions

GRADES = tuple(ResultGrade.values)
HANDLING_SATISFIED = (HandlingRating.SATISFIED, HandlingRating.BASICALLY_SATISFIED)
NO_GRADES = {"graded": 0, **{f"grade_{g.lower()}": 0 for g in GRADES}, "handling_satisfied": 0}


def graded_assignments(f: StatsFilter):
    """The rows behind the grades: assignments graded in the period (the filter's dimensions are
    the proposal's, as for the on-time figures; the department filter is the assignment's)."""
    if f.matches_nothing:
        return ProposalAssignment.objects.none()
    qs = ProposalAssignment.objects.filter(in_period("graded_at", f), proposal_dimensions(f, prefix="proposal__"))
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    return qs.exclude(grade="")


GRADE_FIGURES = tuple(NO_GRADES)


def grade_rows(f: StatsFilter) -> dict[tuple, dict]:
    """Live: the grades per (department, proposal workstation, author, author's sector): what the
    grade tables keep (stats.services) and the live rest of a period adds."""
    aggregates = {
        "graded": Count("pk"),
        **{f"grade_{g.lower()}": Count("pk", filter=Q(grade=g)) for g in GRADES},
        "handling_satisfied": Count("pk", filter=Q(handling_rating__in=HANDLING_SATISFIED)),
    }
    keys = ("department_id", "proposal__workstation_id", "proposal__author_id", "proposal__author__sector_id")
    rows = graded_assignments(f).values(*keys).order_by().annotate(**aggregates)
    return {tuple(row.pop(key) for key in keys): row for row in rows}


def department_grades(f: StatsFilter, today: datetime.date | None = None, plan=None) -> dict:
    """{department id: graded, grade_a … grade_d, handling_satisfied} (aggregates adds the rate):
    from MonthlyGradeFigure / DailyGradeFigure where built (as the on-time figures are read), the
    rest counted live; with a category or channel filter (the tables have neither) all live."""
    from stats.models import DailyGradeFigure, MonthlyGradeFigure

    if f.matches_nothing:
        return {}
    today = today or timezone.localdate()
    dims = ("department_id", "member_id", "sector_id")
    plan = (plan or tables.period_plan(f, today)) if tables._holds(f, dims) else tables.live_plan(f)
    result: dict = {}

    def add(department, values):
        target = result.setdefault(department, dict.fromkeys(GRADE_FIGURES, 0))
        for name, value in zip(GRADE_FIGURES, values, strict=True):
            target[name] += value or 0

    if f.member_id or f.sector_id:  # the grade tables keep the author and sector
        rows = tables._table_rows(
            MonthlyGradeFigure, DailyGradeFigure, plan, f, dims, ("department_id",), GRADE_FIGURES
        )
        for department, *values in rows:
            add(department, values)
    else:  # the department rows keep the same grades summed over authors, read with the on-time figures
        for department, row in tables.department_table_sums(f, plan).items():
            if row["graded"]:
                add(department, [row[name] for name in GRADE_FIGURES])
    # The live stretches added, the rest of an edge month read whole (plan.minus) taken away.
    for (start, end), sign in [(stretch, 1) for stretch in plan.live] + [(stretch, -1) for stretch in plan.minus]:
        for (department, *_rest), row in grade_rows(f.with_period(start, end)).items():
            add(department, [sign * row[name] for name in GRADE_FIGURES])
    return {department: row for department, row in result.items() if row["graded"]}


def with_grades(row: dict, grades: dict | None) -> dict:
    """A department's row with its grades (zeros when it had none in the period)."""
    row.update(grades or NO_GRADES)
    return row
