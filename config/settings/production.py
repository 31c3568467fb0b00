"""Production: every secret and address must come from the environment."""

from config.env import env

from .base import *  # noqa: F403

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Personal data at rest: no development fallback on a server (common/crypto.py).
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS")
PII_HASH_KEY = env.str("PII_HASH_KEY")

# One JSON object per log line, for the log collector (LOG_FORMAT=plain for a person reading).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Reviewers, office staff and superusers sign in with a second factor (等保 2.0).
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The proxy's and the monitor's probes reach the web processes directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The browser HSTS preload list is for sites on the public internet; an intranet deployment opts in
# with SECURE_HSTS_PRELOAD=true only if it also serves publicly.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
