"""A workstation's fixed reception days (ReceptionRule): what a month's roster must cover.

Permissions are the caller's: views fetch the workstation through
`members.selectors.workstation_get_for_officer`."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.choices import Slot, Weekday, WeekOfMonth
from members.models import ReceptionRule
from members.services.errors import RosterError


@transaction.atomic
def reception_rule_add(*, workstation, weekday: int, week_of_month: int | None, slot: str) -> ReceptionRule:
    if weekday not in Weekday.values or slot not in Slot.values:
        raise RosterError(_("请选择星期和时段。"))
    if week_of_month is not None and week_of_month not in WeekOfMonth.values:
        raise RosterError(_("请选择第几周，或留空表示每周。"))
    rule = ReceptionRule(workstation=workstation, weekday=weekday, week_of_month=week_of_month, slot=slot)
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError as error:
        raise RosterError(_("已有相同的接待日：%(rule)s。") % {"rule": rule}) from error
    return rule


@transaction.atomic
def reception_rule_remove(*, rule: ReceptionRule) -> None:
    """Duties already on rosters stay; the rule no longer counts towards what must be covered."""
    rule.delete()
