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


class PendingNotification(models.Model):
    """One message of notify_later waiting for a Celery worker. The task is given this row's id
    only, so no phone number, e-mail address or text rides in the broker, in a task's arguments or
    in a failure report; the row is deleted once the message is sent. A message held by a staff
    member's quiet hours waits here with `hold_until` set, and the release sweep
    (common.notifications.notifications_release, on beat) sends it when that moment has come."""

    recipient = models.CharField(_("收件人"), max_length=254)
    subject = models.TextField(_("标题"))
    body = models.TextField(_("正文"))
    channel = models.CharField(_("渠道"), max_length=8, default="sms")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
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
