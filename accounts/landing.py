"""Where a person lands after signing in: their role's own page.

Each role has one page it works from; the sign-in view and the second-factor step both ask
`landing_url(user)` when no safe ``?next=`` says otherwise. The pages are named by URL name only, so
this low layer imports nothing from the apps that serve them.
"""

from django.conf import settings
from django.urls import reverse

from accounts.roles import Role, role_group_name

# Someone holding several roles lands on the first of theirs in this order: the broader desk first
# (office staff watch everything; reviewers and department handlers have one queue each), then the
# liaison officer's workstation queue, then the member's own inbox.
_LANDINGS: tuple[tuple[Role, str, str], ...] = (
    (Role.OFFICE_STAFF, "stats:dashboard", ""),
    (Role.REVIEWER, "proposals:review_queue", ""),
    (Role.DEPARTMENT_HANDLER, "departments:home", ""),
    (Role.LIAISON_OFFICER, "casework:inbox", "?view=unassigned"),
    (Role.MEMBER, "casework:inbox", ""),
)


def landing_url(user) -> str:
    """The page of the user's role (one query for their groups); settings.LOGIN_REDIRECT_URL for a
    user without a role (a bare superuser, say)."""
    if user.is_authenticated:
        held = set(user.groups.values_list("name", flat=True))
        for role, url_name, query in _LANDINGS:
            if role_group_name(role) in held:
                return reverse(url_name) + query
    return settings.LOGIN_REDIRECT_URL
