"""What workstations needs from the apps above it, provided in their AppConfig.ready()
(common.registry): the public page of a workstation shows who is on duty, which members knows."""

from common.registry import Slot

duties_on = Slot(
    "workstations.duties_on",
    "duties_on(*, workstation, date) -> iterable of duty assignments with member and sector (members).",
)
duties_on_many = Slot(
    "workstations.duties_on_many",
    "duties_on_many(*, workstation_ids, date) -> {workstation id: duty assignments} in one query (members).",
)
