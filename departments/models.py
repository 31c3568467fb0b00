import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.crypto import EncryptedCharField
from common.models import TimeStampedModel
from departments import permissions
from departments.choices import DeliveryChannel


def new_webhook_secret() -> str:
    """Made by the application, never typed: 256 random bits."""
    return secrets.token_urlsafe(32)


class Department(TimeStampedModel):
    """A government department (承办单位) that answers consultations and handles assigned proposals:
    城管局, 住建局, 行政审批服务局 and so on. Hand-offs reach it by e-mail, by a signed webhook to its
    own system, or only in this application."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    channel = models.CharField(
        _("交办方式"), max_length=16, choices=DeliveryChannel.choices, default=DeliveryChannel.IN_APP
    )
    webhook_url = models.URLField(_("Webhook 地址"), blank=True)
    # Write-only: generated here, shown once (on creation and on rotation), never in the admin; and
    # encrypted at rest like citizens' contact data (common.crypto): a database dump must not let
    # anyone sign hand-offs as this office.
    webhook_secret = EncryptedCharField(_("Webhook 密钥"), max_length=100, default=new_webhook_secret)
    # After a rotation the department's system may still sign with the old secret for a while:
    # inbound signatures made with it are accepted until webhook_secret_previous_until.
    webhook_secret_previous = EncryptedCharField(_("上一个 Webhook 密钥"), max_length=100, blank=True, default="")
    webhook_secret_previous_until = models.DateTimeField(_("上一个密钥有效至"), null=True, blank=True)
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人员"), blank=True, related_name="departments"
    )
    # The CPPCC body whose reviewers may assign this department (a city's bureaus, a county's).
    body = models.ForeignKey(
        "workstations.CppccBody",
        verbose_name=_("所属政协"),
        null=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    # Working-day deadlines that override the office-wide defaults for this department.
    consultation_days = models.PositiveSmallIntegerField(_("咨询答复时限（工作日）"), null=True, blank=True)
    acknowledge_days = models.PositiveSmallIntegerField(_("签收时限（工作日）"), null=True, blank=True)
    handling_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        permissions = permissions.PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel=DeliveryChannel.WEBHOOK) | ~models.Q(webhook_url=""),
                name="department_webhook_needs_url",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel=DeliveryChannel.EMAIL) | ~models.Q(email=""),
                name="department_email_needs_address",
            ),
        ]

    def __str__(self):
        return self.name

    def inbound_webhook_secrets(self, *, now: datetime.datetime) -> list[str]:
        """The secrets a signature on a message from this department's system may be made with:
        the current one, and the previous one during the grace period after a rotation."""
        secrets_accepted = [self.webhook_secret]
        if (
            self.webhook_secret_previous
            and self.webhook_secret_previous_until is not None
            and now < self.webhook_secret_previous_until
        ):
            secrets_accepted.append(self.webhook_secret_previous)
        return secrets_accepted
