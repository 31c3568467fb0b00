"""Every periodic task, declared in one place. Beat runs as a single instance; the tasks are
idempotent all the same (a second beat started by mistake doubles nothing)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Rosters (members app): a unique sent-reminder row per duty and day / per officer and month.
    "members.remind_duties": {
        "task": "members.remind_duties",
        "schedule": crontab(hour=8, minute=0),
    },
    "members.remind_uncovered_slots": {
        "task": "members.remind_uncovered_slots",
        "schedule": crontab(day_of_month=20, hour=9, minute=0),
    },
}
