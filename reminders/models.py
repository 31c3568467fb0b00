from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reminders.choices import NoticeKind, SubjectType


class Notice(models.Model):
    """One reminder, escalation, digest or alert the system decided to send: what it is about, its
    kind and the date it concerns (the deadline, or the digest's day). The unique key is what makes a
    second beat, a repeated scan or a redelivered task send nothing twice; `sent_at` stays empty
    until the message went out, so the sweeper can send again what a lost task never sent."""

    subject_type = models.CharField(_("对象类型"), max_length=16, choices=SubjectType.choices)
    subject_id = models.BigIntegerField(_("对象编号"))
    kind = models.CharField(_("类型"), max_length=24, choices=NoticeKind.choices)
    due_date = models.DateField(_("相关日期"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("收件人数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("提醒与督办")
        verbose_name_plural = _("提醒与督办")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "due_date"], name="notice_once_per_subject_kind_date"
            ),
        ]
        indexes = [
            # The sweeper reads only unsent notices that are due.
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(sent_at__isnull=True), name="notice_unsent_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_type}#{self.subject_id} {self.due_date}"
