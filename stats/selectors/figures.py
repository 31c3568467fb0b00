"""Every figure of the dashboard, defined once (SPEC.md "Statistics, defined once").

Each figure is a queryset function `<figure>_petitions(f)` (or proposals, hand-offs) that returns
exactly the rows behind the number. The dashboard counts them, the drill-down list shows them, the
exports and the API read the same counts, so a number can always be checked against its cases.

Which date puts a row in a period: the date of the act the figure counts.

- counted petitions: every petition except spam (status "spam") and merged duplicates (a petition
  merged into another one, `merged_into` set). A merged duplicate is the same problem reported
  again: the surviving petition counts once, and the duplicate's citizen is followed through the
  JOINED event on it. Withdrawn petitions were received, so they count as collected.
- collected (收集): counted petitions received (created_at) in the period.
- handled (反映和处理): counted petitions that got a substantive action in the period: a reply to
  the citizen (tracks 1–3, replied_at in the period) or, on track 4, a proposal filed from it
  that stands submitted (a linked proposal whose submitted_at is in the period and that is not
  back with its author: not draft, returned or withdrawn; a returned proposal keeps its old
  submitted_at, and a resubmission moves submitted_at to the new date), or, for a track-4 case
  imported from an earlier system's records with the title of its proposal (history.ImportedRow),
  its reply on the closed date the record gives (no Proposal row stands behind it: the records
  name no author). A petition counts once per period
  however many replies or proposals it had; a reopened case re-replied later counts in the period
  of its latest reply (replied_at is the latest).
- solved (助推解决): counted petitions closed (status "closed", closed_at in the period) with the
  outcome "solved". A reopened case is open again, so it counts only once closed again.
- households helped (帮助困难群众户数): the sum of households_helped over the solved petitions.
- projects (民生工程): livelihood proposals (is_livelihood_project) whose result the member
  confirmed as solved (proposals.services.proposal_confirm: the proposal closed, closed_at in the
  period, with a petition behind it closed "solved", or, for a proposal with no petition behind
  it, the grade A "已解决"). A department's report alone does not count: the member may grade it
  unsolved. An imported track-4 case whose record names its proposal, flags it a livelihood
  project and says it closed "solved" counts as a project on its closed date
  (`imported_project_petitions`): the record is the member's confirmation.
- response rate (响应率): of the counted petitions received in the period whose first response is
  settled (it happened, or its deadline first_response_due has passed), the share whose first
  response came on or before that deadline (local date of first_responded_at <= first_response_due).
- resolution rate (解决率): solved / handled, both in the period (it can pass 100% when cases handled
  in an earlier period are solved in this one).
- satisfaction rate (满意率, 办理满意率): of the counted petitions rated in the period (rated_at in the
  period, satisfaction given), the share rated satisfied or basically satisfied. It counts the
  citizen's score of the handling (`satisfaction`, 办理满意度), the one score ratings had before the
  citizen rated twice (issue 16), so the figure reads the same across that change.
- result satisfaction rate (结果满意率): the same over the citizen's score of the result
  (`result_satisfaction`, 结果满意度): rated in the period with a result score (ratings made before
  there were two scores have none and are left out).
- departments' on-time rate (部门按时办结率): of the hand-offs due in the period (consultations not
  cancelled, proposal assignments not withdrawn or contested, due_date in the period) whose outcome
  is settled (answered, or the deadline has passed), the share answered on or before the due date:
  a consultation's answered_at, an assignment's reported_at.
- median time to first response (首次响应中位时长): the median, in hours, of first_responded_at −
  created_at over the collected petitions that had a first response, each wait rounded to the
  nearest tenth of an hour (6 minutes, half up), the precision the dashboard shows: so the median
  read from the period tables' histograms of those waits is exactly this one (stats.selectors.
  tables.wait_tenths_median), within 0.05 h of the median of the unrounded waits.

Filters: workstation (the set given, a district already expanded), sector (the assigned member's
sector; for proposals the author's), category, channel, department (petitions a department was
consulted on or given a proposal for; hand-offs of that department), member (assigned member).
"""

import datetime
from dataclasses import replace

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from history.models import ImportedRow
from petitions.choices import ConsultationStatus, Outcome, Satisfaction, Status, Track
from petitions.models import Consultation, Petition
from proposals.choices import AssignmentRole, AssignmentStatus, ResultGrade
from proposals.choices import Status as ProposalStatus
from proposals.models import Proposal, ProposalAssignment
from stats.filters import StatsFilter

PetitionProposal = Proposal.petitions.through

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
REPLY_TRACKS = (Track.EXPLAIN, Track.ANSWER, Track.CONSULT)


def in_period(field: str, f: StatsFilter) -> Q:
    return Q(**{f"{field}__gte": f.start_at, f"{field}__lt": f.end_before})


def petition_dimensions(f: StatsFilter, prefix: str = "") -> Q:
    """The dimension filters on petitions (prefix: the path to the petition, e.g. "petition__")."""
    q = Q()
    if f.workstation_ids is not None:
        q &= Q(**{f"{prefix}workstation_id__in": f.workstation_ids})
    if f.sector_id:
        q &= Q(**{f"{prefix}assigned_member__sector_id": f.sector_id})
    if f.category_id:
        q &= Q(**{f"{prefix}category_id": f.category_id})
    if f.channel:
        q &= Q(**{f"{prefix}channel": f.channel})
    if f.member_id:
        q &= Q(**{f"{prefix}assigned_member_id": f.member_id})
    if f.department_id:
        pk = OuterRef(f"{prefix}pk") if prefix else OuterRef("pk")
        q &= Q(Exists(Consultation.objects.filter(petition=pk, department_id=f.department_id))) | Q(
            Exists(PetitionProposal.objects.filter(petition=pk, proposal__assignments__department_id=f.department_id))
        )
    return q


# --- The definitions, as conditions on a counted petition ----------------------------------------

COUNTED = ~Q(status=Status.SPAM) & Q(merged_into__isnull=True)


def collected_q(f: StatsFilter) -> Q:
    return in_period("created_at", f)


def imported_proposal_q() -> Q:
    """Track-4 cases imported with the title of the proposal their record says was filed."""
    return Q(track=Track.PROPOSE) & Q(pk__in=ImportedRow.objects.exclude(proposal_title="").values("petition_id"))


def handled_by_reply_q(f: StatsFilter) -> Q:
    """Tracks 1–3: the reply to the citizen is the substantive action; so it is for an imported
    track-4 case with its proposal's title (replied_at is its record's closed date)."""
    return (Q(track__in=REPLY_TRACKS) | imported_proposal_q()) & in_period("replied_at", f)


# A proposal back with its author (or given up) does not stand submitted, whatever its submitted_at.
NOT_SUBMITTED = (ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.WITHDRAWN)


def proposals_submitted_in(f: StatsFilter) -> QuerySet:
    """Links petition → proposal for the proposals submitted in the period that stand submitted."""
    return PetitionProposal.objects.filter(
        proposal__submitted_at__gte=f.start_at, proposal__submitted_at__lt=f.end_before
    ).exclude(proposal__status__in=NOT_SUBMITTED)


def handled_by_proposal_q(f: StatsFilter) -> Q:
    """Track 4: filing a proposal from the petition is the substantive action."""
    return Q(track=Track.PROPOSE) & Q(pk__in=proposals_submitted_in(f).values("petition_id"))


def handled_q(f: StatsFilter) -> Q:
    return handled_by_reply_q(f) | handled_by_proposal_q(f)


def solved_q(f: StatsFilter) -> Q:
    return in_period("closed_at", f) & Q(status=Status.CLOSED, outcome=Outcome.SOLVED)


def response_settled_q(today: datetime.date) -> Q:
    """The first response is settled: it came, or its deadline has passed."""
    return Q(first_response_due__isnull=False) & (Q(first_responded_at__isnull=False) | Q(first_response_due__lt=today))


RESPONDED_ON_TIME = Q(first_responded_at__isnull=False, first_responded_at__date__lte=F("first_response_due"))


def rated_q(f: StatsFilter) -> Q:
    return in_period("rated_at", f) & ~Q(satisfaction="")


SATISFIED_Q = Q(satisfaction__in=SATISFIED)


def result_rated_q(f: StatsFilter) -> Q:
    return in_period("rated_at", f) & ~Q(result_satisfaction="")


RESULT_SATISFIED_Q = Q(result_satisfaction__in=SATISFIED)


# --- The rows behind each figure -----------------------------------------------------------------


def counted_petitions(f: StatsFilter) -> QuerySet:
    """Petitions that count at all: spam and merged duplicates left out, dimensions applied."""
    if f.matches_nothing:
        return Petition.objects.none()
    return Petition.objects.filter(COUNTED, petition_dimensions(f))


def collected_petitions(f: StatsFilter) -> QuerySet:
    return counted_petitions(f).filter(collected_q(f))


def handled_petitions(f: StatsFilter) -> QuerySet:
    return counted_petitions(f).filter(handled_q(f))


def solved_petitions(f: StatsFilter) -> QuerySet:
    return counted_petitions(f).filter(solved_q(f))


def response_due_petitions(f: StatsFilter, *, today: datetime.date | None = None) -> QuerySet:
    return collected_petitions(f).filter(response_settled_q(today or timezone.localdate()))


def responded_on_time_petitions(f: StatsFilter, *, today: datetime.date | None = None) -> QuerySet:
    return response_due_petitions(f, today=today).filter(RESPONDED_ON_TIME)


def rated_petitions(f: StatsFilter) -> QuerySet:
    return counted_petitions(f).filter(rated_q(f))


def satisfied_petitions(f: StatsFilter) -> QuerySet:
    return rated_petitions(f).filter(SATISFIED_Q)


def result_rated_petitions(f: StatsFilter) -> QuerySet:
    return counted_petitions(f).filter(result_rated_q(f))


def result_satisfied_petitions(f: StatsFilter) -> QuerySet:
    return result_rated_petitions(f).filter(RESULT_SATISFIED_Q)


def first_responded_petitions(f: StatsFilter) -> QuerySet:
    """The rows behind the median time to first response."""
    return collected_petitions(f).filter(first_responded_at__isnull=False)


# --- Proposals ----------------------------------------------------------------------------------


def proposal_dimensions(f: StatsFilter, prefix: str = "") -> Q:
    q = Q()
    if f.workstation_ids is not None:
        q &= Q(**{f"{prefix}workstation_id__in": f.workstation_ids})
    if f.sector_id:
        q &= Q(**{f"{prefix}author__sector_id": f.sector_id})
    if f.member_id:
        q &= Q(**{f"{prefix}author_id": f.member_id})
    petition_q = Q()
    if f.category_id:
        petition_q &= Q(petition__category_id=f.category_id)
    if f.channel:
        petition_q &= Q(petition__channel=f.channel)
    if petition_q:
        q &= Q(
            Exists(PetitionProposal.objects.filter(petition_q, proposal=OuterRef(f"{prefix}pk" if prefix else "pk")))
        )
    return q


def project_proposals(f: StatsFilter) -> QuerySet:
    """The livelihood proposals behind the projects figure: closed in the period with the result
    the member confirmed as solved (see the module docstring)."""
    if f.matches_nothing:
        return Proposal.objects.none()
    confirmed = Q(in_period("closed_at", f), status=ProposalStatus.CLOSED, is_livelihood_project=True)
    # Led from the proposals closed in the period (indexed by closed_at) to their petitions.
    solved_case = PetitionProposal.objects.filter(
        in_period("proposal__closed_at", f),
        proposal__status=ProposalStatus.CLOSED,
        proposal__is_livelihood_project=True,
        petition__status=Status.CLOSED,
        petition__outcome=Outcome.SOLVED,
    ).values("proposal_id")
    any_case = PetitionProposal.objects.filter(proposal=OuterRef("pk"))
    qs = Proposal.objects.filter(proposal_dimensions(f), confirmed).filter(
        Q(pk__in=solved_case) | (~Q(Exists(any_case)) & Q(result_grade=ResultGrade.A))
    )
    if f.department_id:
        # The project is the lead department's, as its hand-off is.
        lead = ProposalAssignment.objects.filter(
            proposal=OuterRef("pk"), department_id=f.department_id, role=AssignmentRole.LEAD
        ).exclude(status=AssignmentStatus.WITHDRAWN)
        qs = qs.filter(Exists(lead))
    return qs


def imported_project_petitions(f: StatsFilter) -> QuerySet:
    """The imported cases behind the projects figure, beside `project_proposals`: track 4 with a
    proposal title and the livelihood flag, closed "solved" in the period."""
    projects = ImportedRow.objects.filter(livelihood_project=True).exclude(proposal_title="")
    return counted_petitions(f).filter(solved_q(f), track=Track.PROPOSE, pk__in=projects.values("petition_id"))


def projects_count(f: StatsFilter) -> int:
    """The projects figure: the livelihood proposals and the imported projects, in one query."""
    proposals = project_proposals(f).values("pk").order_by()
    imported = imported_project_petitions(f).values("pk").order_by()
    return proposals.union(imported, all=True).count()


# --- Hand-offs to departments -------------------------------------------------------------------


def due_consultations(f: StatsFilter, *, today: datetime.date | None = None) -> QuerySet:
    """Consultations due in the period whose outcome is settled (answered, or overdue)."""
    today = today or timezone.localdate()
    if f.matches_nothing:
        return Consultation.objects.none()
    # The sector is the consulting member's, as a proposal's is its author's.
    dims = petition_dimensions(replace(f, sector_id=None, department_id=None), prefix="petition__")
    if f.sector_id:
        dims &= Q(asked_by__sector_id=f.sector_id)
    if f.department_id:
        dims &= Q(department_id=f.department_id)
    return (
        Consultation.objects.exclude(status=ConsultationStatus.CANCELLED)
        .filter(dims, due_date__gte=f.start, due_date__lte=f.end)
        .filter(Q(answered_at__isnull=False) | Q(due_date__lt=today))
    )


CONSULTATION_ON_TIME = Q(answered_at__isnull=False, answered_at__date__lte=F("due_date"))


def due_assignments(f: StatsFilter, *, today: datetime.date | None = None) -> QuerySet:
    """Proposal assignments due in the period whose outcome is settled (reported, or overdue)."""
    today = today or timezone.localdate()
    if f.matches_nothing:
        return ProposalAssignment.objects.none()
    dims = proposal_dimensions(f, prefix="proposal__")
    if f.department_id:
        dims &= Q(department_id=f.department_id)
    return (
        ProposalAssignment.objects.exclude(status__in=[AssignmentStatus.WITHDRAWN, AssignmentStatus.CONTESTED])
        .filter(dims, due_date__gte=f.start, due_date__lte=f.end)
        .filter(Q(reported_at__isnull=False) | Q(due_date__lt=today))
    )


ASSIGNMENT_ON_TIME = Q(reported_at__isnull=False, reported_at__date__lte=F("due_date"))
