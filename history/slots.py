"""What the history import needs from a higher app (common.registry)."""

from common.registry import Slot

# stats fills it: figures_rebuild(dates=set_of_dates) rebuilds the prebuilt monthly and daily
# figure tables of the months and days those dates fall in, so an import counts at once.
figures_rebuild = Slot("history.figures_rebuild", "Rebuild the statistics tables for the periods these dates fall in.")
