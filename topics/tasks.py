"""Periodic topic work. Thin: the service is idempotent (each milestone remembers the due date it
was reminded for), so a second beat or a retry doubles nothing."""

import datetime

from celery import shared_task
from django.utils import timezone

from topics import services


@shared_task(
    name="topics.milestone_reminders",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def milestone_reminders(today: str | None = None) -> dict[str, int]:
    """Working-day mornings: remind the lead of plan steps due by the next working day, tell the
    lead and office staff of those overdue."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.milestone_reminders_send(today=day)
