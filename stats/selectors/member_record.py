"""A member's record (履职档案) over one calendar year: duties served, cases handled per track,
proposals filed and accepted, departments' results and ratings, citizens' satisfaction."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

import stats.selectors.figures as figures
from members.models import DutyAssignment, Member
from petitions.choices import Track
from proposals.choices import ResultGrade
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal
from stats.filters import StatsFilter
from stats.selectors.aggregates import _petition_counts, _with_rates

ACCEPTED = (ProposalStatus.ACCEPTED, ProposalStatus.ASSIGNED, ProposalStatus.RESULT_REPORTED, ProposalStatus.CLOSED)


def member_record(*, member: Member, year: int, today: datetime.date | None = None) -> dict:
    f = StatsFilter(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), member_id=member.pk, kind="year")
    figures_row = _with_rates(dict(_petition_counts(f, None, today or timezone.localdate()).get(None) or {}))
    duties = DutyAssignment.objects.filter(
        member=member, roster__month__year=year, roster__status="published"
    ).aggregate(duties=Count("pk"), months=Count("roster__month", distinct=True))
    handled_by_track = dict(
        figures.handled_petitions(f).values("track").order_by().annotate(n=Count("pk")).values_list("track", "n")
    )
    tracks = [{"track": t.value, "label": t.label, "handled": handled_by_track.get(t.value, 0)} for t in Track]
    proposals = Proposal.objects.filter(author=member, submitted_at__year=year).aggregate(
        submitted=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
        projects=Count("pk", filter=Q(is_livelihood_project=True)),
        **{f"grade_{g.value}": Count("pk", filter=Q(result_grade=g.value)) for g in ResultGrade},
        rated=Count("pk", filter=~Q(handling_rating="")),
        rated_satisfied=Count("pk", filter=Q(handling_rating__in=figures.SATISFIED)),
    )
    grades = [{"grade": g.value, "label": g.label, "count": proposals[f"grade_{g.value}"]} for g in ResultGrade]
    return {
        "member": member,
        "year": year,
        "filter": f,
        "figures": figures_row,
        "duties": duties,
        "tracks": tracks,
        "proposals": proposals,
        "grades": grades,
    }
