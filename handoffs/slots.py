"""What the outbox needs from the apps above it, provided in their AppConfig.ready() (common.registry)."""

from common.registry import Slot

delivery_failed_tell = Slot(
    "handoffs.delivery_failed_tell",
    "delivery_failed_tell(*, delivery): tell the reviewers that a hand-off failed for good (reminders).",
)
