"""Reads of the shared app for the monitoring: heartbeats and messages waiting for a worker."""

import datetime

from django.utils import timezone

from common.models import Heartbeat, PendingNotification


def heartbeat_age_seconds(*, name: str, now: datetime.datetime | None = None) -> float | None:
    """Seconds since the job `name` last stamped its heartbeat; None if it never has."""
    at = Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()
    if at is None:
        return None
    return max(0.0, ((now or timezone.now()) - at).total_seconds())


def notifications_stuck_count(*, older_than_seconds: float, now: datetime.datetime | None = None) -> int:
    """Messages of notify_later still unsent this long after they were queued: the worker's
    retries failed so far (the gateway refuses or is down) or no worker takes the queue."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=older_than_seconds)
    return PendingNotification.objects.filter(created_at__lt=cutoff).count()
