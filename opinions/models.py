from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import AppendOnlyModel, TimeStampedModel
from opinions.choices import EventType, Status


class OpinionReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports this user may see (opinions.permissions). Every page starts here."""
        from opinions.permissions import opinion_visibility_filter

        condition = opinion_visibility_filter(user)
        return self if condition is None else self.filter(condition)


class OpinionReport(TimeStampedModel):
    """One public-opinion report (社情民意信息): what citizens raised in one or more cases, written up
    in the customary layout (title, source, situation, analysis, suggestions) and forwarded to the
    CPPCC body above, which answers with its own reference number. A CPPCC product like a proposal,
    but it asks no department to act: it informs. Holds no citizen's personal data."""

    title = models.CharField(_("标题"), max_length=200)
    source = models.CharField(_("来源/反映人"), max_length=200)
    situation = models.TextField(_("基本情况"), max_length=5000)
    analysis = models.TextField(_("原因分析"), max_length=5000, blank=True)
    suggestions = models.TextField(_("意见建议"), max_length=5000)
    cases = models.ManyToManyField(
        "petitions.Petition", verbose_name=_("来源诉求"), related_name="opinion_reports", blank=True
    )
    workstation = models.ForeignKey(
        "workstations.Workstation",
        verbose_name=_("工作室"),
        on_delete=models.PROTECT,
        related_name="opinion_reports",
    )
    # The member who reflects it (反映人), when a member wrote it; liaison officers and office staff
    # write them too, then only `created_by` is set.
    author = models.ForeignKey(
        "members.Member",
        verbose_name=_("反映委员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_reports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰写人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    forwarded_at = models.DateField(_("报送日期"), null=True, blank=True)
    receiving_body = models.CharField(_("接收单位"), max_length=100, blank=True)
    receiving_reference = models.CharField(_("接收编号"), max_length=50, blank=True)

    objects = OpinionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        indexes = [models.Index(fields=["workstation", "-created_at"], name="opinion_ws_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=Status.FORWARDED)
                | (
                    models.Q(forwarded_at__isnull=False)
                    & ~models.Q(receiving_body="")
                    & ~models.Q(receiving_reference="")
                ),
                name="opinion_forwarded_has_receipt",
            ),
        ]

    def __str__(self):
        return self.title


class OpinionReportEvent(AppendOnlyModel):
    """One entry of a report's timeline: written, edited, forwarded (with the receiving body and its
    reference number in `data`)."""

    report = models.ForeignKey(
        OpinionReport, verbose_name=_("社情民意信息"), on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("事件"), max_length=16, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.CharField(_("内容"), max_length=500, blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("社情民意信息记录")
        verbose_name_plural = _("社情民意信息记录")

    def __str__(self):
        return f"{self.report_id} {self.get_type_display()}"
