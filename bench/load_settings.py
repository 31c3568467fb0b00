"""Settings for bench/load.py: the bench's production-like settings (bench/settings.py: DEBUG off,
Redis cache, persistent health-checked connections) with what a load run needs on top:

- a recording notification backend (bench.recording_backend) that, like the production gateway,
  is deferred (messages go through PendingNotification rows and a Celery worker) and appends each
  message it "sends" to a file, so that the run can count notices sent twice or never;
- the citizens' abuse limits lifted (every locust user comes from 127.0.0.1);
- the second factor off for the bench's staff accounts (they sign in with a password only).

The outbox's timers come from the environment as in production; bench/load.py shortens them so
that a run of a few minutes drains (its docstring says by how much)."""

from bench.settings import *  # noqa: F403
from config.env import env

NOTIFICATION_BACKEND = "bench.recording_backend.RecordingBackend"
TRACKING_RATE_PER_IP = "1000000/m"
STAFF_2FA_REQUIRED = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
