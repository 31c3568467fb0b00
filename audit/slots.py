"""What audit needs from the apps above it, provided in their AppConfig.ready() (common.registry)."""

from common.registry import Slot

access_log_scope = Slot(
    "audit.access_log_scope",
    "access_log_scope(user) -> Q | None: the access log rows of this viewer's CPPCC bodies (the cases "
    "of their workstations, the acts of their staff); None for every row (petitions).",
)
