"""Permission codenames of the departments app."""

HANDLE_HANDOFF = "handle_handoff"

PERMISSIONS = [
    (HANDLE_HANDOFF, "Can acknowledge, answer and report on the department's hand-offs"),
]


def is_department_handler(user, department) -> bool:
    """A signed-in handler of this very department (the role alone is not enough)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(f"departments.{HANDLE_HANDOFF}")
        and department.handlers.filter(pk=user.pk).exists()
    )


def has_handler_role(user) -> bool:
    """Holds the department handler's role (which department's rows is the selectors' business)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(f"departments.{HANDLE_HANDOFF}"))
