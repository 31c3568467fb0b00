"""What common needs from the apps above it, provided in their AppConfig.ready() (common.registry)."""

from common.registry import Slot

backup_figures = Slot(
    "common.backup_figures",
    "backup_figures(*, today) -> dict: the dashboard's figures to date, JSON-ready, that a backup records "
    "and a restore drill recomputes on the restored database (stats).",
)
