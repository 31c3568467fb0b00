"""What proposals needs from the apps above it (departments, handoffs), provided in their
AppConfig.ready() (common.registry)."""

from common.registry import Slot

assignment_handoff = Slot(
    "proposals.assignment_handoff",
    "assignment_handoff(*, assignment): write the assignment's hand-off to the outbox, in the caller's "
    "transaction (handoffs).",
)
department_handler_check = Slot(
    "proposals.department_handler_check",
    "department_handler_check(user, department) -> bool: a signed-in handler of this department (departments).",
)
departments_active = Slot(
    "proposals.departments_active",
    "departments_active() -> QuerySet: the departments a proposal may be assigned to (departments).",
)
