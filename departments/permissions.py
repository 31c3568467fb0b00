"""Permission codenames of the departments app."""

HANDLE_HANDOFF = "handle_handoff"

PERMISSIONS = [
    (HANDLE_HANDOFF, "Can acknowledge, answer and report on the department's hand-offs"),
]
