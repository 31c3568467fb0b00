"""Every periodic task, declared in one place.

Beat runs as a SINGLE instance: one `celery -A config beat` process per installation (never
`worker -B`, never one beat per host). Every task below is idempotent all the same — the sweeps
lock rows with SKIP LOCKED and the reminders are keyed rows with a unique constraint — so a second
beat started by mistake sends nothing twice. Long waits are never Celery countdowns: deadlines are
rows these jobs sweep (a countdown longer than Redis' visibility time-out would run twice).
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # The beat's own heartbeat (common.Heartbeat "beat"): /readyz and /metrics read its age.
    "common-beat-tick": {"task": "common.beat_tick", "schedule": 60.0},
    # The outbox: pending hand-offs whose next try is due (broker down at commit, worker died).
    "handoffs-delivery-sweep": {"task": "handoffs.delivery_sweep", "schedule": 30.0},
    # notify_later messages whose task was lost (Redis restarted empty, a worker killed holding it).
    "common-notification-sweep": {"task": "common.notification_sweep", "schedule": 60.0},
    # Staff SMS held by quiet hours (22:00–07:30 by default), sent within a minute of their end.
    "common-notification-release": {"task": "common.notification_release", "schedule": 60.0},
    # Reminders whose sending task was lost or failed.
    "reminders-notice-sweep": {"task": "reminders.notice_sweep", "schedule": 60.0},
    # Deadlines: a reminder one working day before, escalations when overdue. Every half hour in
    # office hours (each notice is sent once; running often only catches up after downtime).
    "reminders-deadline-scan": {"task": "reminders.deadline_scan", "schedule": crontab(minute="5,35", hour="8-18")},
    "reminders-digest-daily": {"task": "reminders.digest_daily", "schedule": crontab(minute=0, hour=8)},
    # Rosters (members app): a unique sent-reminder row per duty and day / per officer and month.
    "members.remind_duties": {
        "task": "members.remind_duties",
        "schedule": crontab(hour=8, minute=0),
    },
    "members.remind_uncovered_slots": {
        "task": "members.remind_uncovered_slots",
        "schedule": crontab(day_of_month=20, hour=9, minute=0),
    },
    # Research topics' plan steps: a reminder one working day before, a notice once overdue.
    "topics.milestone_reminders": {"task": "topics.milestone_reminders", "schedule": crontab(hour=8, minute=10)},
    # The trend's monthly table: at most a minute behind the petitions (stats/services.py).
    "stats.monthly_figures_sweep": {"task": "stats.monthly_figures_sweep", "schedule": 60.0},
    # The topic candidates' words and monthly table: new petitions segmented within a minute.
    "stats.candidates_sweep": {"task": "stats.candidates_sweep", "schedule": 60.0},
    # Citizens' photos held while they looked at similar cases and never came back for.
    "petitions.photos_held_sweep": {"task": "petitions.photos_held_sweep", "schedule": crontab(minute=17)},
    # Personal data past its retention period: closed cases' contact data and photos, and the
    # access log's old rows (batched sweeps over an index; each run takes up where one stopped).
    "petitions.contact_retention_sweep": {
        "task": "petitions.contact_retention_sweep",
        "schedule": crontab(minute=41, hour=2),
    },
    "audit.access_log_purge": {"task": "audit.access_log_purge", "schedule": crontab(minute=11, hour=3)},
    # History imports whose task message was lost or whose worker died (history.services.jobs).
    "history.batches_requeue": {"task": "history.batches_requeue", "schedule": 300.0},
    # The API's Idempotency-Key answers past their 24 hours (common.idempotent_api).
    "common.idempotent_requests_purge": {
        "task": "common.idempotent_requests_purge",
        "schedule": crontab(minute=23, hour="*/6"),
    },
}
