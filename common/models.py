from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """Rows of an audit table are written once: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.label} is append-only.")

    def delete(self):
        raise TypeError(f"{self.model._meta.label} is append-only.")


class AppendOnlyModel(models.Model):
    """An audit table: a row once written is never rewritten or deleted through the ORM (on
    PostgreSQL a trigger refuses it to raw SQL too, see append_only_trigger). Integrity, not domain
    logic, which is why it lives in save()."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError(f"{self._meta.label} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.label} is append-only.")


def append_only_trigger(table: str):
    """A migration operation that makes PostgreSQL refuse UPDATE and DELETE on `table` (nothing on
    SQLite, which local runs use)."""
    from django.db import migrations

    create = f"""
    CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{table} is append-only';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
    """
    drop = f"""
    DROP TRIGGER IF EXISTS {table}_append_only ON {table};
    DROP FUNCTION IF EXISTS {table}_append_only();
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)


class CalendarDay(models.Model):
    """One day whose working-day status office staff set by hand: next year's official holiday
    schedule before the calendar package knows it, a make-up working day (调休), or a local day off.
    A row here wins over the package and over the weekend rule."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("例如：春节、国庆调休上班"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        kind = _("工作日") if self.is_workday else _("休息日")
        return f"{self.date:%Y-%m-%d} {kind} {self.note}".strip()


def notification_sweep_after_default():
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    return timezone.now() + timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)


class PendingNotification(models.Model):
    """One message of notify_later waiting for a Celery worker. The task is given this row's id
    only, so no phone number, e-mail address or text rides in the broker, in a task's arguments or
    in a failure report; the row is deleted once the message is sent. A row still here at
    `sweep_after` lost its message (Redis restarted empty, a worker killed holding it): the
    sweeper on beat queues it again (common.notifications.notification_sweep). A message held by a staff
    member's quiet hours waits here with `hold_until` set, and the release sweep
    (common.notifications.notifications_release, on beat) sends it when that moment has come."""

    recipient = models.CharField(_("收件人"), max_length=254)
    subject = models.TextField(_("标题"))
    body = models.TextField(_("正文"))
    channel = models.CharField(_("渠道"), max_length=8, default="sms")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sweep_after = models.DateTimeField(_("重新排队时间"), default=notification_sweep_after_default, db_index=True)
    hold_until = models.DateTimeField(_("延后至"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["hold_until"], condition=models.Q(hold_until__isnull=False), name="pendingnotification_held_idx"
            )
        ]
        verbose_name = _("待发送通知")
        verbose_name_plural = _("待发送通知")

    def __str__(self):
        return f"{self.channel} #{self.pk}"


class IdempotentRequest(models.Model):
    """One creating API request that came with an `Idempotency-Key` (common.idempotent_api): its
    scope (endpoint, caller and key, hashed as common.idempotency says), the fingerprint of its
    body, and the answer it got, replayed to a retry for IDEMPOTENCY_KEY_TTL. Only requests with a
    key write a row; petitions keep theirs on the petition itself (one lookup intake runs anyway)."""

    scope = models.CharField(_("范围摘要"), max_length=64, unique=True)
    fingerprint = models.CharField(_("内容摘要"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("状态码"))
    body = models.JSONField(_("应答"), default=dict)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")

    def __str__(self):
        return f"{self.scope[:12]} {self.status_code}"


class Heartbeat(models.Model):
    """When a periodic job last ran, by name: one row per job, overwritten at each run. The beat's
    tick (common.beat_tick, every minute) stamps "beat"; /readyz and /metrics read it to tell a beat
    that stopped scheduling (or a periodic queue nobody consumes) from a quiet night."""

    name = models.CharField(_("名称"), max_length=64, primary_key=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
