"""The navbar's unread-notification count on every page a signed-in person sees."""

from functools import cached_property

from accounts.selectors import notification_unread_count


class UnreadNotifications:
    """Counted on first use and once per request (one indexed query); pages that do not show the
    navbar, and anonymous visitors, pay nothing."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def count(self) -> int:
        if not self._user.is_authenticated:
            return 0
        return notification_unread_count(user=self._user)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
