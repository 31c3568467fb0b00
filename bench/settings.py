"""Settings for bench/intake_throughput.py only: production-like (DEBUG off, PostgreSQL, persistent
connections), plus a bench-only URLconf holding the floor view. Never used by the product."""

from pathlib import Path

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
MEDIA_ROOT = Path(env.str("BENCH_MEDIA_ROOT", default="/tmp/intake-bench-media"))  # noqa: S108
WHITENOISE_USE_FINDERS = True
# The benchmark measures throughput, not the abuse limits: one client address sends everything.
INTAKE_RATE_PER_IP = "1000000/h"
INTAKE_RATE_PER_PHONE = "1000000/h"
NOTIFICATION_BACKEND = "common.notifications.LocmemBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
