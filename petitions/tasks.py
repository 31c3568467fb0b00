"""Celery tasks of petitions (queue `periodic`)."""

from celery import shared_task


@shared_task(name="petitions.photos_held_sweep", soft_time_limit=50, time_limit=60)
def photos_held_sweep() -> int:
    """Citizens' photos held for a similar-cases choice nobody came back to make (idempotent)."""
    from petitions.services.photos import photos_held_sweep as sweep

    return sweep()
