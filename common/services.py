"""Writes of the shared app: the heartbeats of periodic jobs."""

from django.utils import timezone

from common.models import Heartbeat


def heartbeat_stamp(*, name: str) -> None:
    """Record that the job `name` ran now (one row per name, overwritten)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
