"""Who may read the access log. The permission is Django's default view permission on AccessLog,
granted to office staff in accounts/roles.py."""

VIEW_ACCESSLOG = "audit.view_accesslog"


def can_view_access_log(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VIEW_ACCESSLOG)
