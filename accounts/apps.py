from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与角色")

    def ready(self):
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts.forms import AdminSigninForm
        from accounts.receivers import second_factor_on_login
        from accounts.roles import roles_sync_after_migrate

        # Like django.contrib.auth's permissions: groups follow the code after every migrate.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="accounts.roles_sync")
        # Every way of signing in and out goes through auth.login()/auth.logout() (the sign-in page,
        # the admin), so the session rules and the second factor hang on their signals.
        user_logged_in.connect(_session_start, dispatch_uid="accounts.session_start")
        user_logged_in.connect(second_factor_on_login, dispatch_uid="accounts.second_factor_on_login")
        user_logged_out.connect(_sessions_end, dispatch_uid="accounts.sessions_end")
        # The admin's login says "locked out" the way the sign-in page does.
        admin.site.login_form = AdminSigninForm


def _session_start(sender, request, user, **kwargs):
    from accounts.sessions import session_start

    session_start(request=request)


def _sessions_end(sender, request, user, **kwargs):
    from accounts.services import user_sessions_end

    if user is not None and user.is_authenticated:
        user_sessions_end(user=user)
