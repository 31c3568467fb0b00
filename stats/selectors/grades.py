"""The members' grades of departments (SPEC.md "department grades A–D per assignment"): per
department, the proposal assignments graded in the period, lead and co-handlers alike, by grade, and
the share whose handling the member rated satisfied or basically satisfied.

Which date puts a grade in a period: when the member graded it (graded_at, set as the member
confirms the result: proposals.services.proposal_confirm). One query over assignment_graded_idx,
kept apart from the on-time figures (which count hand-offs by their due date) so that each can change
its source without the other."""

from django.db.models import Count, Q

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


def department_grades(f: StatsFilter) -> dict:
    """{department id: graded, grade_a … grade_d, handling_satisfied} (aggregates adds the rate)."""
    aggregates = {
        "graded": Count("pk"),
        **{f"grade_{g.lower()}": Count("pk", filter=Q(grade=g)) for g in GRADES},
        "handling_satisfied": Count("pk", filter=Q(handling_rating__in=HANDLING_SATISFIED)),
    }
    rows = graded_assignments(f).values("department_id").order_by().annotate(**aggregates)
    result = {}
    for row in rows:
        result[row.pop("department_id")] = row
    return result


def with_grades(row: dict, grades: dict | None) -> dict:
    """A department's row with its grades (zeros when it had none in the period)."""
    row.update(grades or NO_GRADES)
    return row
