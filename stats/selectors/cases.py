"""The lists behind the figures: each drill-down opens exactly the rows a figure counts, from the
same definition in `figures`, intersected with what the viewer may see."""

import datetime

from django.utils.translation import gettext_lazy as _

import stats.selectors.figures as figures
from petitions.models import Petition
from stats.filters import StatsFilter

PETITION_CASES = {
    "collected": (_("收集诉求"), figures.collected_petitions),
    "handled": (_("反映和处理"), figures.handled_petitions),
    "solved": (_("助推解决"), figures.solved_petitions),
    "households": (_("帮助困难群众（已解决诉求）"), figures.solved_petitions),
    "response_due": (_("应按时响应"), figures.response_due_petitions),
    "responded_on_time": (_("按时响应"), figures.responded_on_time_petitions),
    "rated": (_("已评价"), figures.rated_petitions),
    "satisfied": (_("满意和基本满意"), figures.satisfied_petitions),
    "result_rated": (_("已评价办理结果"), figures.result_rated_petitions),
    "result_satisfied": (_("对办理结果满意和基本满意"), figures.result_satisfied_petitions),
    "first_responded": (_("已首次响应"), figures.first_responded_petitions),
}
PROPOSAL_CASES = {"projects": (_("推进落实民生工程"), figures.project_proposals)}
HANDOFF_CASES = {"handoffs_due": _("应按时办结的部门交办"), "handoffs_on_time": _("按时办结的部门交办")}
CASES = {
    **{k: v[0] for k, v in PETITION_CASES.items()},
    **{k: v[0] for k, v in PROPOSAL_CASES.items()},
    **HANDOFF_CASES,
}


def petition_cases(*, figure: str, f: StatsFilter, user, today: datetime.date | None = None):
    builder = PETITION_CASES[figure][1]
    kwargs = {"today": today} if figure in ("response_due", "responded_on_time") else {}
    visible = Petition.objects.visible_to(user).values("pk")
    return (
        builder(f, **kwargs)
        .filter(pk__in=visible)
        .select_related("workstation", "category", "assigned_member__user")
        .order_by("-created_at", "-pk")
    )


def proposal_cases(*, figure: str, f: StatsFilter):
    return (
        PROPOSAL_CASES[figure][1](f)
        .select_related("workstation", "author__user")
        .prefetch_related("assignments__department")
        .order_by("-created_at", "-pk")
    )


def imported_project_cases(*, f: StatsFilter, user):
    """The imported cases the projects figure counts beside its proposals (figures.py)."""
    visible = Petition.objects.visible_to(user).values("pk")
    return (
        figures.imported_project_petitions(f)
        .filter(pk__in=visible)
        .select_related("workstation", "category", "imported_row")
        .order_by("-created_at", "-pk")
    )


def handoff_cases(*, figure: str, f: StatsFilter, today: datetime.date | None = None) -> tuple:
    consultations = figures.due_consultations(f, today=today).select_related("department", "petition")
    assignments = figures.due_assignments(f, today=today).select_related("department", "proposal")
    if figure == "handoffs_on_time":
        consultations = consultations.filter(figures.CONSULTATION_ON_TIME)
        assignments = assignments.filter(figures.ASSIGNMENT_ON_TIME)
    return consultations.order_by("due_date", "pk"), assignments.order_by("due_date", "pk")
