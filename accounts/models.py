import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.choices import ContactChannel

QUIET_START_DEFAULT = datetime.time(22, 0)
QUIET_END_DEFAULT = datetime.time(7, 30)


class User(AbstractUser):
    """A person who signs in: a liaison officer, a member, a reviewer, a department handler or
    office staff. Citizens never have an account."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    # Mixed into the session hash: raising it (accounts.services.user_sessions_end) makes every
    # session this user has, in every browser, stop matching at its next request.
    session_generation = models.PositiveIntegerField(_("会话代数"), default=0, editable=False)
    # How this person is told of new work (accounts.selectors.staff_contact), and the hours (in
    # settings.TIME_ZONE) in which an SMS waits for the morning unless the case is urgent.
    contact_channel = models.CharField(
        _("通知方式"), max_length=8, choices=ContactChannel.choices, default=ContactChannel.AUTO, blank=True
    )
    quiet_start = models.TimeField(_("免打扰开始"), default=QUIET_START_DEFAULT)
    quiet_end = models.TimeField(_("免打扰结束"), default=QUIET_END_DEFAULT)

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


class ApiTokenQuerySet(models.QuerySet):
    def active(self, *, now):
        """Tokens that still open the API: not revoked, not expired, their user active."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """One API token issued to a department's or the province's system, acting as one user.

    Only the SHA-256 digest of the token is stored (accounts.tokens says why and how); ``prefix``
    is the token's public first part, shown in lists and used to find the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    client_name = models.CharField(_("接入系统名称"), max_length=100)
    prefix = models.CharField(_("令牌前缀"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("令牌摘要"), max_length=64, editable=False)
    read_only = models.BooleanField(_("只读"), default=False)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-id"]
        permissions = [("manage_api_tokens", _("可签发和吊销 API 令牌"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_after_created"
            )
        ]

    def __str__(self):
        return f"{self.client_name} ({self.prefix})"


class StaffNotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class StaffNotification(models.Model):
    """One thing a staff member was told (a case assigned to them, a department's answer, a
    proposal returned, a deadline tomorrow …): the row of their in-app list, whatever channel also
    carried it. `channel` is how it was pushed ("inapp": not pushed); `held_until` is set when
    quiet hours held its SMS until that moment (the SMS itself waits as a PendingNotification).
    The text names no citizen: a tracking code, a title, a date, and a link to the page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("用户")
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True, help_text=_("站内路径，例如 /cases/12/"))
    channel = models.CharField(_("推送渠道"), max_length=8, choices=ContactChannel.choices, default="inapp")
    urgent = models.BooleanField(_("紧急"), default=False)
    held_until = models.DateTimeField(_("短信延后至"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = StaffNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="staffnotification_list_idx"),
            # The navbar's unread count on every staff page: an index-only count of unread rows.
            models.Index(
                fields=["user"], condition=models.Q(read_at__isnull=True), name="staffnotification_unread_idx"
            ),
        ]

    def __str__(self):
        return self.subject
