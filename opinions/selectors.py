"""Reads of public-opinion reports: every one starts from `OpinionReport.objects.visible_to(user)`."""

from django.db.models import Q, QuerySet
from django.http import Http404

from opinions.models import OpinionReport
from opinions.permissions import is_office_staff
from petitions.models import Petition
from petitions.permissions import member_for


def opinion_list(*, user) -> QuerySet[OpinionReport]:
    return (
        OpinionReport.objects.visible_to(user)
        .select_related("workstation", "author__user", "author__sector", "created_by")
        .order_by("-created_at", "-pk")
    )


def opinion_get_for_user(*, user, pk) -> OpinionReport:
    """The report if this user may see it, else 404: one step, one queryset."""
    report = (
        OpinionReport.objects.visible_to(user)
        .select_related("workstation", "author__user", "author__sector", "created_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def opinion_timeline(*, report: OpinionReport):
    return report.events.select_related("actor").order_by("created_at", "pk")


def opinion_cases(*, report: OpinionReport):
    """The cases behind a report, without their citizens' contact columns."""
    return report.cases.select_related("category", "workstation").defer(*Petition.CONTACT_FIELDS).order_by("pk")


def opinion_source_cases(*, user, ids) -> list[Petition]:
    """Of these cases, those this user may write a report from: members the cases they handle (lead
    or co-member), liaison officers their workstations' cases, office staff any case they see.
    Loaded with their contact (the prefill removes it from the text, see services)."""
    petitions = Petition.objects.visible_to(user).filter(pk__in=[int(i) for i in ids])
    if not is_office_staff(user):
        member = member_for(user)
        condition = Q(workstation__liaison_officers=user)
        if member is not None:
            condition |= Q(assigned_member=member) | Q(co_members__member=member)
        petitions = petitions.filter(condition).distinct()
    return list(petitions.select_related("workstation", "category").order_by("created_at", "pk"))
