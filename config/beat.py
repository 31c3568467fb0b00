"""Every periodic task, declared in one place. Beat runs as a single instance; the tasks are
idempotent all the same (a second beat started by mistake doubles nothing)."""

from celery.schedules import crontab  # noqa: F401 - used by the entries below as they are added

BEAT_SCHEDULE: dict[str, dict] = {}
