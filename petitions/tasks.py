"""Celery tasks of petitions (queue `periodic`)."""

from celery import shared_task


@shared_task(name="petitions.photos_held_sweep", soft_time_limit=50, time_limit=60)
def photos_held_sweep() -> int:
    """Citizens' photos held for a similar-cases choice nobody came back to make (idempotent)."""
    from petitions.services.photos import photos_held_sweep as sweep

    return sweep()


@shared_task(name="petitions.contact_retention_sweep", soft_time_limit=110, time_limit=120)
def contact_retention_sweep() -> int:
    """Contact data and photos of cases closed more than PII_RETENTION_MONTHS ago (idempotent)."""
    from petitions.services.retention import petitions_retention_sweep

    return petitions_retention_sweep()
