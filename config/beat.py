"""Every periodic task, declared in one place. Beat runs as a single instance; the tasks are
idempotent all the same (a second beat started by mistake doubles nothing)."""

from celery.schedules import crontab  # noqa: F401 - used by the entries below as they are added

BEAT_SCHEDULE: dict[str, dict] = {
    # The trend's monthly table: at most a minute behind the petitions (stats/services.py).
    "stats.monthly_figures_sweep": {"task": "stats.monthly_figures_sweep", "schedule": 60.0},
}
