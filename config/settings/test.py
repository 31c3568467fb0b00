"""The test suite: PostgreSQL and Redis at their standard local addresses, overridable by env."""

import os

from config.env import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/workstation"),
}
# The alias a replica would have, as a second connection to the test database (no second database
# is created). Unused unless a test turns DATABASE_REPLICA_URL on (tests/common/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICA_URL = ""
# tests/integration/test_pgbouncer.py runs core flows through a local PgBouncer in transaction mode.
if DATABASE_POOLER == "pgbouncer":  # noqa: F405
    for _alias in DATABASES:
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Each pytest-xdist process gets its own Redis database, so that a Celery worker started by one
# test process never takes the tasks of another.
_xdist_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_redis_db = env.int("TEST_REDIS_DB_BASE", default=1) + _xdist_index
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=f"redis://127.0.0.1:6379/{_redis_db}")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Overridable so that a test's Celery worker process can use a real SMS gateway backend.
NOTIFICATION_BACKEND = env.str("NOTIFICATION_BACKEND", default="common.notifications.LocmemBackend")
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
# axes logs every attempt (at INFO and WARNING); the lockout tests make hundreds of them.
LOGGING["loggers"] = {"axes": {"level": "ERROR"}}  # noqa: F405
