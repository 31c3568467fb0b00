"""Settings for bench/intake_throughput.py only: production-like (DEBUG off, PostgreSQL with
persistent, health-checked connections, Redis as the cache, personal data encrypted under keys of
its own), plus a bench-only URLconf holding the floor view. Never used by the product.

CACHE_URL defaults to redis://127.0.0.1:6379/1, as the README deploys; point it at a Redis
database of your own when others share the machine."""

from pathlib import Path

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": env.cache("CACHE_URL", default="redis://127.0.0.1:6379/1")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "common.cache.ResilientRedisCache"
# Production refuses to start without keys of its own (config/settings/production.py); so does
# this bench, rather than measure the development fallback.
PII_ENCRYPTION_KEYS = ["Pm8bPZ3Xl6lLQ0oJ6m3b6qSx0qkLrP0bqkKpJ7kWqCw="]
PII_HASH_KEY = "bench-only-hash-key"
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
