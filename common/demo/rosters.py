"""The demo's duty rosters: reception rules, then this month and the next generated and published."""

import datetime

from accounts.models import User
from common.demo import data
from members.choices import RosterStatus
from members.models import DutyRoster, ReceptionRule
from members.services.generate import roster_generate
from members.services.reception import reception_rule_add
from members.services.rosters import roster_publish


def _month_start(day: datetime.date, months_ahead: int = 0) -> datetime.date:
    month = day.month - 1 + months_ahead
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def rosters_build(demo) -> None:
    """Reception rules from each workstation's published hours, then this and next month generated
    and published through the rosters' own services, as a liaison officer would."""
    for code, rules in data.RECEPTION_RULES.items():
        workstation = demo.workstations[code]
        for weekday, week_of_month, slot in rules:
            if not ReceptionRule.objects.filter(
                workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot
            ).exists():
                reception_rule_add(workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot)
    officer = User.objects.get(username="liaison")
    months = [_month_start(demo.today), _month_start(demo.today, 1)]
    roster_generate(actor=officer, workstations=list(demo.workstations.values()), months=months)
    for roster in DutyRoster.objects.filter(month__in=months, status=RosterStatus.DRAFT).select_related("workstation"):
        roster_publish(actor=officer, workstation=roster.workstation, month=roster.month, confirm_uncovered=True)
