"""Celery tasks of audit (queue `periodic`)."""

from celery import shared_task


@shared_task(name="audit.access_log_purge", soft_time_limit=110, time_limit=120)
def access_log_purge() -> int:
    """Rows past AUDIT_RETENTION_MONTHS (idempotent: a second run finds none)."""
    from audit.services import access_log_purge as purge

    return purge()
