import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.choices import DeliveryChannel
from handoffs.choices import DeliveryKind, DeliveryState


class Delivery(models.Model):
    """The outbox: one hand-off (a consultation or a proposal assignment) to be delivered to a
    department. Written in the same transaction as the state change that caused it, delivered by a
    Celery task after commit, and swept again by beat until it is delivered or has failed for good,
    so that a lost broker message or a killed worker loses nothing."""

    kind = models.CharField(_("类型"), max_length=16, choices=DeliveryKind.choices)
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="deliveries"
    )
    channel = models.CharField(_("投递方式"), max_length=16, choices=DeliveryChannel.choices)
    consultation = models.ForeignKey(
        "petitions.Consultation",
        verbose_name=_("咨询"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    assignment = models.ForeignKey(
        "proposals.ProposalAssignment",
        verbose_name=_("交办"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The receiver drops a repeat with the same key; we send it as the Idempotency-Key header.
    idempotency_key = models.UUIDField(_("幂等键"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("内容"), default=dict)
    state = models.CharField(_("状态"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    last_error = models.TextField(_("最近错误"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("交接投递")
        verbose_name_plural = _("交接投递")
        indexes = [
            # The sweeper reads only what is due: pending rows by next attempt time.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state=DeliveryState.PENDING),
                name="delivery_pending_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=DeliveryKind.CONSULTATION, consultation__isnull=False, assignment__isnull=True)
                    | models.Q(kind=DeliveryKind.ASSIGNMENT, consultation__isnull=True, assignment__isnull=False)
                ),
                name="delivery_has_exactly_its_subject",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=DeliveryState.DELIVERED) | models.Q(delivered_at__isnull=False),
                name="delivery_delivered_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.department}（{self.get_state_display()}）"


class DeliveryAttempt(models.Model):
    """One try at delivering a hand-off, with what the other side answered; shown on the case page."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("投递"), on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    succeeded = models.BooleanField(_("成功"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP 状态码"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        ordering = ["delivery", "started_at"]
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")

    def __str__(self):
        return f"{self.delivery_id} {self.started_at:%Y-%m-%d %H:%M:%S} {'OK' if self.succeeded else 'ERR'}"


class InboundMessage(models.Model):
    """One message a department's system sent to our webhook receiver (an answer, an
    acknowledgement, a result report), kept with its signature and Idempotency-Key. The unique
    constraints are what refuse a replay."""

    department = models.ForeignKey(
        "departments.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="inbound_messages"
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100)
    signature = models.CharField(_("签名"), max_length=64)
    sent_at = models.DateTimeField(_("对方签名时间"))
    type = models.CharField(_("消息类型"), max_length=40)
    payload = models.JSONField(_("内容"), default=dict)
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("部门回传消息")
        verbose_name_plural = _("部门回传消息")
        constraints = [
            models.UniqueConstraint(fields=["department", "idempotency_key"], name="inbound_one_per_idempotency_key"),
            models.UniqueConstraint(fields=["department", "signature"], name="inbound_one_per_signature"),
        ]

    def __str__(self):
        return f"{self.department_id} {self.type} {self.idempotency_key}"
