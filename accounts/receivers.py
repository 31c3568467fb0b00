"""Receivers of Django's own signals (connected in AccountsConfig.ready)."""

from accounts.services import second_factor_mark_pending


def second_factor_on_login(sender, request, user, **kwargs):
    # request is None when login() is called outside a request (e.g. some test helpers).
    if request is not None and hasattr(request, "session"):
        second_factor_mark_pending(session=request.session, user=user)
