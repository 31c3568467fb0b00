"""Permission codenames of the members app (rosters and duties)."""

MANAGE_ROSTERS = "manage_rosters"

PERMISSIONS = [
    (MANAGE_ROSTERS, "Can build, edit and publish duty rosters"),
]
