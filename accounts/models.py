from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a liaison officer, a member, a reviewer, a department handler or
    office staff. Citizens never have an account."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    # Mixed into the session hash: raising it (accounts.services.user_sessions_end) makes every
    # session this user has, in every browser, stop matching at its next request.
    session_generation = models.PositiveIntegerField(_("会话代数"), default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [("unlock_signin", _("可解除登录锁定"))]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def _session_hash(self, secret=None) -> str:
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}\x00{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self):
        """Django's check that a session still belongs to this user (password and, here, the
        session generation): a changed password or a sign-out elsewhere ends the session."""
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)
