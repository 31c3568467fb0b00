"""A member's own unavailable dates (travel, sessions, illness): the roster generator leaves them
out, and an officer adding a duty on such a day is refused (members.services.rosters)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import DutyAssignment, Member, MemberUnavailability
from members.selectors import member_duties
from members.services.errors import RosterError

MAX_DAYS = 366


@dataclass(frozen=True)
class UnavailabilityResult:
    period: MemberUnavailability
    # Published duties already in the period: they stay (an officer decides), the member is told
    # to ask for a swap.
    conflicts: list[DutyAssignment]


@transaction.atomic
def unavailability_add(
    *, member: Member, start: datetime.date, end: datetime.date, reason: str = ""
) -> UnavailabilityResult:
    today = timezone.localdate()
    if end < start:
        raise RosterError(_("结束日期不能早于开始日期。"))
    if start < today:
        raise RosterError(_("不能登记已经过去的日期。"))
    if (end - start).days + 1 > MAX_DAYS:
        raise RosterError(_("一次最多登记一年。"))
    period = MemberUnavailability.objects.create(
        member=member, start=start, end=end, reason=(reason or "").strip()[:200]
    )
    conflicts = [
        duty
        for duty in member_duties(member=member, since=start)
        if (duty.date is not None and duty.date <= end)
        or (duty.date is None and duty.roster.month <= end.replace(day=1))
    ]
    return UnavailabilityResult(period=period, conflicts=conflicts)


def unavailability_remove(*, member: Member, pk: int) -> None:
    """Only the member's own periods; another member's is as if it did not exist."""
    deleted, _rows = MemberUnavailability.objects.filter(member=member, pk=pk).delete()
    if not deleted:
        raise RosterError(_("没有找到这段不可值班日期。"))
