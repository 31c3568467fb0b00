import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from common.cache_generations import generation_cached
from workstations.models import Workstation
from workstations.slots import duties_on, duties_on_many


def workstation_list_public() -> QuerySet[Workstation]:
    """Active workstations for the public home page, with their parent for grouping."""
    return Workstation.objects.active().select_related("parent").order_by("parent__name", "level", "name")


# Public pages look a workstation up by its code on every request (the intake form twice per
# petition). The row is kept in the cache for a minute; saving or deleting any workstation starts a
# new generation of keys (common.cache_generations, connected in WorkstationsConfig.ready), so an
# edit or a deactivation applies at once in this process and, with a shared cache (Redis),
# everywhere; with a per-process cache (locmem) the other processes follow within PUBLIC_TIMEOUT.
PUBLIC_TIMEOUT = 60
PUBLIC_GENERATION = "workstations-public"


def workstation_get_public(*, code: str) -> Workstation:
    """An active workstation by its public code, or 404."""
    return generation_cached(
        PUBLIC_GENERATION,
        f"workstations:public:{code}",
        # An unknown code raises 404 from here, before anything is cached.
        # With its body chain (county → city → province): the intake reads their deadline defaults.
        lambda: get_object_or_404(Workstation.objects.active().select_related("body__parent__parent"), code=code),
        PUBLIC_TIMEOUT,
    )


@dataclass(frozen=True)
class OnDuty:
    """What the public may know of a member on duty: the name and the sector, nothing else."""

    name: str
    sector: str
    slot: str


def workstation_on_duty_public(*, workstation: Workstation, date: datetime.date) -> list[OnDuty]:
    return _public_on_duty(duties_on(workstation=workstation, date=date))


def workstations_on_duty_public(*, workstations, date: datetime.date) -> dict[int, list[OnDuty]]:
    """workstation_on_duty_public for a list of workstations, in one query: {workstation id: ...}."""
    duties = duties_on_many(workstation_ids=[workstation.pk for workstation in workstations], date=date)
    return {pk: _public_on_duty(rows) for pk, rows in duties.items()}


def _public_on_duty(duties) -> list[OnDuty]:
    seen = set()
    result = []
    for duty in duties:
        if duty.member_id in seen:
            continue
        seen.add(duty.member_id)
        slot = duty.get_slot_display() if duty.slot else duty.get_kind_display()
        result.append(OnDuty(name=duty.member.name, sector=duty.member.sector.name, slot=str(slot)))
    return result


def workstation_list_for_offline_intake(*, user) -> QuerySet[Workstation]:
    """The workstations where this user may record a petition taken offline: those they are a
    liaison officer of, and those they serve at as a member."""
    if not user.is_authenticated or not user.has_perm("petitions.record_offline_petition"):
        return Workstation.objects.none()
    liaison = Workstation.objects.filter(liaison_officers=user).values("pk")
    served = Workstation.members.through.objects.filter(member__user=user, member__is_active=True).values("workstation")
    return Workstation.objects.active().filter(Q(pk__in=liaison) | Q(pk__in=served)).order_by("name")
