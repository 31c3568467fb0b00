"""Every read of reminders that others share: which rows have a deadline running."""

from petitions.choices import ConsultationStatus, Status
from petitions.models import Consultation, Petition
from proposals.choices import AssignmentStatus
from proposals.models import ProposalAssignment
from reminders.choices import SubjectType
from reminders.models import Notice


def deadline_sources():
    """Each kind of deadline the scan watches: (subject type, the rows whose deadline runs, the date
    field). The scan and the sender both ask it, so they cannot disagree on what is still due."""
    # A petition's own deadline counts while the member owes the next step; while it waits on a
    # department (consulting, proposing) the consultation's or the assignment's deadline runs.
    member_owes = [Status.RECEIVED, Status.ASSIGNED, Status.CONSULTED, Status.RESULT_REPORTED]
    return [
        (SubjectType.PETITION, Petition.objects.filter(status__in=member_owes), "due_date"),
        (SubjectType.CONSULTATION, Consultation.objects.filter(status=ConsultationStatus.PENDING), "due_date"),
        (
            SubjectType.ASSIGNMENT_ACKNOWLEDGE,
            ProposalAssignment.objects.filter(status=AssignmentStatus.PENDING),
            "acknowledge_due",
        ),
        (
            SubjectType.ASSIGNMENT_HANDLING,
            ProposalAssignment.objects.filter(status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED]),
            "due_date",
        ),
    ]


def notices_failing_count() -> int:
    """Reminders and escalations not sent although they were tried (the gateway refused or was
    unreachable): the sweeper keeps trying; /metrics shows how many are waiting so."""
    return Notice.objects.filter(sent_at__isnull=True, attempts__gt=0).count()
