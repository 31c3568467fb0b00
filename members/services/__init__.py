"""Every write of the members app (rosters, duties, swaps, reminders, feed tokens)."""

from members.services.errors import RosterError, UncoveredSlotsError
from members.services.feed import calendar_token_get_or_create, calendar_token_reset
from members.services.generate import GenerationReport, generation_months, roster_generate
from members.services.reception import reception_rule_add, reception_rule_remove
from members.services.reminders import duty_reminders_send, uncovered_reminders_send
from members.services.rosters import (
    check_member_can_take,
    duty_add,
    duty_move,
    duty_remove,
    roster_get_or_create,
    roster_publish,
)
from members.services.swaps import (
    swap_request_approve,
    swap_request_cancel,
    swap_request_create,
    swap_request_decline,
)
from members.services.unavailability import UnavailabilityResult, unavailability_add, unavailability_remove

__all__ = [
    "GenerationReport",
    "RosterError",
    "UnavailabilityResult",
    "UncoveredSlotsError",
    "calendar_token_get_or_create",
    "calendar_token_reset",
    "check_member_can_take",
    "duty_add",
    "duty_move",
    "duty_reminders_send",
    "duty_remove",
    "generation_months",
    "reception_rule_add",
    "reception_rule_remove",
    "roster_generate",
    "roster_get_or_create",
    "roster_publish",
    "swap_request_approve",
    "swap_request_cancel",
    "swap_request_create",
    "swap_request_decline",
    "unavailability_add",
    "unavailability_remove",
    "uncovered_reminders_send",
]
