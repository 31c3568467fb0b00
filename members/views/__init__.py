"""Roster pages: liaison officers' (officer.py) and members' own (own.py)."""

from members.views.officer import (
    duty_add,
    duty_move,
    duty_remove,
    month_calendar,
    overview,
    reception_rule_add,
    reception_rule_remove,
    roster_export,
    roster_generate,
    roster_generate_all,
    roster_publish,
    swap_decide,
    swap_list,
)
from members.views.own import (
    my_duties,
    my_duties_ics,
    my_feed_reset,
    my_swap_cancel,
    my_swap_request,
    my_unavailability_add,
    my_unavailability_remove,
)

__all__ = [
    "duty_add",
    "duty_move",
    "duty_remove",
    "month_calendar",
    "my_duties",
    "my_duties_ics",
    "my_feed_reset",
    "my_swap_cancel",
    "my_swap_request",
    "my_unavailability_add",
    "my_unavailability_remove",
    "overview",
    "reception_rule_add",
    "reception_rule_remove",
    "roster_export",
    "roster_generate",
    "roster_generate_all",
    "roster_publish",
    "swap_decide",
    "swap_list",
]
