"""Periodic roster work. Thin: each task calls a service; the services are idempotent (a unique
row per reminder), so a second beat or a retry doubles nothing."""

import datetime

from celery import shared_task
from django.utils import timezone

from members import services


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(
    name="members.remind_duties",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def remind_duties(today: str | None = None) -> dict[str, int]:
    """Daily: remind members of their duty a few days ahead (settings.ROSTER_REMINDER_DAYS_BEFORE)."""
    return services.duty_reminders_send(today=_day(today))


@shared_task(
    name="members.remind_uncovered_slots",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def remind_uncovered_slots(today: str | None = None) -> dict[str, int]:
    """On the 20th: tell liaison officers what next month's rosters still lack."""
    return services.uncovered_reminders_send(today=_day(today))
