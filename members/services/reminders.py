"""Reminders: to members some days before a duty, to liaison officers about next month's gaps.

Idempotent by construction: a reminder is sent only by the transaction that inserts its unique
row (DutyReminder, UncoveredSlotsReminder). A second beat, a retried task or a re-run finds the row
and sends nothing; if sending fails, the row is rolled back with it and the next run tries again.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from accounts.selectors import staff_contact
from common.notifications import notify
from members.choices import DutyKind, RosterStatus
from members.generator import month_add
from members.models import DutyAssignment, DutyReminder, DutyRoster, ReceptionRule, UncoveredSlotsReminder
from members.selectors import gaps_of, month_workdays, rules_of
from workstations.models import Workstation

logger = logging.getLogger(__name__)


def reminder_days_before() -> int:
    return getattr(settings, "ROSTER_REMINDER_DAYS_BEFORE", 2)


def duty_reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Remind each member whose published duty is `reminder_days_before()` days after `today`
    (a month lead: before the month begins). Returns counts of sent and already-sent reminders."""
    target = today + datetime.timedelta(days=reminder_days_before())
    condition = Q(kind=DutyKind.SLOT, date=target)
    if target.day == 1:
        condition |= Q(kind=DutyKind.MONTH, roster__month=target)
    duties = (
        DutyAssignment.objects.filter(condition, roster__status=RosterStatus.PUBLISHED, member__is_active=True)
        .select_related("roster__workstation", "member__user")
        .order_by("pk")
    )
    counts = {"sent": 0, "already_sent": 0}
    for duty in duties:
        with transaction.atomic():
            _row, created = DutyReminder.objects.get_or_create(duty=duty, sent_on=today)
            if not created:
                counts["already_sent"] += 1
                continue
            workstation = duty.roster.workstation
            if duty.kind == DutyKind.MONTH:
                body = _("%(name)s委员您好：%(month)s由您负责%(workstation)s的值班，地址：%(address)s。") % {
                    "name": duty.member.name,
                    "month": f"{duty.roster.month:%Y年%m月}",
                    "workstation": workstation.name,
                    "address": workstation.address,
                }
            else:
                body = _("%(name)s委员您好：%(date)s%(slot)s请到%(workstation)s值班接待群众，地址：%(address)s。") % {
                    "name": duty.member.name,
                    "date": f"{duty.date:%m月%d日}",
                    "slot": duty.get_slot_display(),
                    "workstation": workstation.name,
                    "address": workstation.address,
                }
            contact = staff_contact(duty.member.user, prefer="sms", phone=duty.member.phone)
            if contact is not None:
                notify(recipient=contact.address, subject=_("值班提醒"), body=body, channel=contact.channel)
            counts["sent"] += 1
    return counts


def uncovered_reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Tell each liaison officer which of their workstations still has gaps (or no published
    roster) for the month after `today`. One reminder per officer and month."""
    month = month_add(today.replace(day=1), 1)
    workstations = (
        Workstation.objects.active()
        .prefetch_related(
            "liaison_officers",
            Prefetch("reception_rules", queryset=ReceptionRule.objects.filter(is_active=True)),
            Prefetch(
                "rosters",
                queryset=DutyRoster.objects.filter(month=month).prefetch_related("assignments"),
                to_attr="month_rosters",
            ),
        )
        .order_by("code")
    )
    lines = defaultdict(list)
    totals = defaultdict(int)
    officers = {}
    workdays = month_workdays(month)
    for workstation in workstations:
        roster = workstation.month_rosters[0] if workstation.month_rosters else None
        duties = roster.assignments.all() if roster else []
        gaps = gaps_of(rules=rules_of(workstation), month=month, duties=duties, workdays=workdays)
        unpublished = roster is None or roster.status != RosterStatus.PUBLISHED
        if not gaps and not unpublished:
            continue
        line = _("%(workstation)s：%(count)d 处未安排") % {"workstation": workstation.name, "count": len(gaps)}
        if gaps:
            line += "（" + "、".join(gap.label for gap in gaps) + "）"
        if unpublished:
            line += _("，尚未发布")
        for officer in workstation.liaison_officers.all():
            if not officer.is_active:
                continue
            officers[officer.pk] = officer
            lines[officer.pk].append(line)
            totals[officer.pk] += len(gaps)
    counts = {"sent": 0, "already_sent": 0}
    for officer_id in sorted(lines):
        officer = officers[officer_id]
        with transaction.atomic():
            _row, created = UncoveredSlotsReminder.objects.get_or_create(
                officer=officer, month=month, defaults={"uncovered": totals[officer_id]}
            )
            if not created:
                counts["already_sent"] += 1
                continue
            body = _("%(month)s值班表待完善：\n%(lines)s") % {
                "month": f"{month:%Y年%m月}",
                "lines": "\n".join(lines[officer_id]),
            }
            contact = staff_contact(officer, prefer="sms")
            if contact is not None:
                notify(recipient=contact.address, subject=_("下月值班表缺岗提醒"), body=body, channel=contact.channel)
            counts["sent"] += 1
    return counts
