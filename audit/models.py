from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.choices import AccessKind
from common.models import AppendOnlyModel


class AccessLog(AppendOnlyModel):
    """One access to personal data or one security event: who (the user, or the name typed at a
    failed sign-in), when, what kind, which case, from which address. Append-only (on PostgreSQL
    a trigger refuses UPDATE and DELETE, except the retention purge, see audit.services).

    The case is named by its id and tracking code, not a foreign key: this app sits below
    petitions in the layer order, and a row must outlive nothing it points to. A row never holds
    the citizen's name, phone or address."""

    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    kind = models.CharField(_("类型"), max_length=32, choices=AccessKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        # Deleting a user would rewrite their rows: users are deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # accesslog_actor_idx starts with it
    )
    # The username as it was (or as typed, for a failed sign-in).
    actor_label = models.CharField(_("账号"), max_length=150, blank=True)
    # Indexed by accesslog_petition_idx, which starts with it.
    petition_id = models.BigIntegerField(_("诉求编号"), null=True, blank=True)
    tracking_code = models.CharField(_("查询码"), max_length=16, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    path = models.CharField(_("访问路径"), max_length=300, blank=True)
    # What was exported, why something was refused: never personal data.
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")
        indexes = [
            # The retention purge and the audit page's date range.
            models.Index(fields=["created_at"], name="accesslog_created_idx"),
            # A case's own log on the case page.
            models.Index(fields=["petition_id", "created_at"], name="accesslog_petition_idx"),
            models.Index(fields=["actor", "created_at"], name="accesslog_actor_idx"),
            models.Index(fields=["kind", "created_at"], name="accesslog_kind_idx"),
            models.Index(fields=["tracking_code"], name="accesslog_tracking_code_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_kind_display()}"
