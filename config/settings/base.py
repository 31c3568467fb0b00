"""Settings shared by every environment. Everything that differs comes from the environment."""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, DATA_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The address citizens reach us at; QR codes and e-mailed links are built from it.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "common",
    "accounts",
    "workstations",
    "members",
    "departments",
    "petitions",
    "proposals",
    "handoffs",
    "knowledge",
    "reminders",
    "stats",
]

MIDDLEWARE = [
    "common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# With no DATABASE_URL the whole system runs on SQLite in the local data folder.
if "DATABASE_URL" not in env.ENVIRON:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait for a writer instead of failing at once when web and worker write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Simplified Chinese first; English on request (browser preference or the language switch).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from npm at install time (no CDN: the app runs on an intranet).
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}
# Redis as the cache, but a cache that may go away: unreachable, it serves misses (common/cache.py).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "common.cache.ResilientRedisCache"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="workstation@localhost")

# --- Celery -----------------------------------------------------------------------------------
_CELERY_QUEUES = ("celery", "handoffs", "notifications", "periodic")
# With no CELERY_BROKER_URL the broker is kombu's filesystem transport: no server to install.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Tasks are idempotent: acknowledge after they ran, and requeue when a worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up quickly when the broker is down: the web request must not hang on it, and
# the outbox row (or notice) is already committed for the sweeper to queue again later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Separate queues, so that a flood of reminders never delays a hand-off and the periodic sweeps
# always find a free slot. A worker started without -Q consumes every queue declared here;
# production runs one worker per queue (see Procfile.dev for the development line-up).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {name: {"exchange": name, "routing_key": name} for name in _CELERY_QUEUES}
CELERY_TASK_ROUTES = {
    "handoffs.delivery_send": {"queue": "handoffs"},
    "reminders.notice_send": {"queue": "notifications"},
    "common.notification_send": {"queue": "notifications"},
    "handoffs.delivery_sweep": {"queue": "periodic"},
    "reminders.deadline_scan": {"queue": "periodic"},
    "reminders.notice_sweep": {"queue": "periodic"},
    "reminders.digest_daily": {"queue": "periodic"},
    "members.remind_duties": {"queue": "periodic"},
    "members.remind_uncovered_slots": {"queue": "periodic"},
    "stats.monthly_figures_sweep": {"queue": "periodic"},
    "petitions.photos_held_sweep": {"queue": "periodic"},
}
# Beat runs as exactly ONE process (one `celery beat`, never `worker -B` on several hosts). Every
# periodic task is idempotent all the same: a second beat started by mistake doubles nothing.

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "委员工作室 API",
    "DESCRIPTION": "Committee-member workstation office: petitions, rosters, proposals, statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the installed sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The number of reverse proxies in front of us whose X-Forwarded-For we trust (0: none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Notifications ----------------------------------------------------------------------------
NOTIFICATION_BACKEND = env.str("NOTIFICATION_BACKEND", default="common.notifications.ConsoleBackend")
# Messages are written from templates/notifications/<language>/.
NOTIFICATION_LANGUAGE = env.str("NOTIFICATION_LANGUAGE", default="zh-hans")
# SMS through an adapter (common.notifications.SmsGateway) when NOTIFICATION_BACKEND is
# common.notifications.GatewayBackend; the generic HTTP gateway is configured here.
SMS_GATEWAY = env.str("SMS_GATEWAY", default="common.notifications.HttpSmsGateway")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_SENDER = env.str("SMS_GATEWAY_SENDER", default="")
SMS_GATEWAY_TIMEOUT = (
    env.float("SMS_GATEWAY_CONNECT_TIMEOUT", default=3.05),
    env.float("SMS_GATEWAY_READ_TIMEOUT", default=10),
)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Hand-off delivery ------------------------------------------------------------------------
# After this many failed attempts a delivery is marked failed and a reviewer is told.
HANDOFF_MAX_ATTEMPTS = env.int("HANDOFF_MAX_ATTEMPTS", default=8)
# Exponential backoff with jitter: base * 2^(attempt-1), capped, times a random factor in [0.5, 1.5).
HANDOFF_RETRY_BASE_SECONDS = env.float("HANDOFF_RETRY_BASE_SECONDS", default=30)
HANDOFF_RETRY_MAX_SECONDS = env.float("HANDOFF_RETRY_MAX_SECONDS", default=3600)
# Retries further away than this wait for the sweeper instead of a Celery countdown: a countdown
# longer than the broker's visibility time-out would run twice.
HANDOFF_MAX_COUNTDOWN_SECONDS = env.float("HANDOFF_MAX_COUNTDOWN_SECONDS", default=300)
HANDOFF_WEBHOOK_TIMEOUT = (
    env.float("HANDOFF_WEBHOOK_CONNECT_TIMEOUT", default=3.05),
    env.float("HANDOFF_WEBHOOK_READ_TIMEOUT", default=10),
)
# The sweeper re-enqueues pending rows due at least this long ago (a fresh row's own task is
# normally already in the queue), at most SWEEP_BATCH of them per run.
HANDOFF_SWEEP_GRACE_SECONDS = env.float("HANDOFF_SWEEP_GRACE_SECONDS", default=60)
HANDOFF_SWEEP_BATCH = env.int("HANDOFF_SWEEP_BATCH", default=500)
# A swept row is not swept again for this long: its task is on its way.
HANDOFF_SWEEP_LEASE_SECONDS = env.float("HANDOFF_SWEEP_LEASE_SECONDS", default=300)
# How long the signed link in a hand-off e-mail opens the department portal.
HANDOFF_PORTAL_LINK_MAX_AGE_DAYS = env.int("HANDOFF_PORTAL_LINK_MAX_AGE_DAYS", default=30)
# Inbound webhooks: a signature older (or further in the future) than this is refused.
INBOUND_WEBHOOK_MAX_AGE_SECONDS = env.int("INBOUND_WEBHOOK_MAX_AGE_SECONDS", default=300)

# Every line carries the request id (common.logs) and has mobile numbers masked; `make run` writes
# readable lines, production one JSON object per line (LOG_FORMAT=json, set by production.py).
# The Celery worker logs through this too (config/celery_app.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
# Take a proxy's X-Request-ID (when it looks like one) instead of drawing a new id: only when the
# proxy in front sets it for every request (nginx: proxy_set_header X-Request-ID $request_id).
REQUEST_ID_FROM_HEADER = env.bool("REQUEST_ID_FROM_HEADER", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "common.logs.RequestIdFilter"},
        "personal_data": {"()": "common.logs.PersonalDataFilter"},
    },
    "formatters": {
        "plain": {
            "()": "common.logs.PlainFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "common.logs.JsonLineFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}


def _beat_schedule():
    from config.beat import BEAT_SCHEDULE

    return BEAT_SCHEDULE


CELERY_BEAT_SCHEDULE = _beat_schedule()

# --- Deadlines (working days) -----------------------------------------------------------------
# Office-wide defaults per stage; a workstation, a department or a proposal kind may override them.
DEADLINE_DEFAULTS = {
    "first_response": env.int("DEADLINE_FIRST_RESPONSE_DAYS", default=1),
    "direct_reply": env.int("DEADLINE_DIRECT_REPLY_DAYS", default=5),
    "consultation": env.int("DEADLINE_CONSULTATION_DAYS", default=10),
    "proposal_review": env.int("DEADLINE_PROPOSAL_REVIEW_DAYS", default=3),
    "department_acknowledge": env.int("DEADLINE_DEPARTMENT_ACKNOWLEDGE_DAYS", default=2),
    "department_handling": env.int("DEADLINE_DEPARTMENT_HANDLING_DAYS", default=15),
}
# Overdue work escalates to the workstation's liaison officers at once, and to the reviewers once it
# is this many working days past its deadline.
DEADLINE_ESCALATE_TO_REVIEWER_AFTER_DAYS = env.int("DEADLINE_ESCALATE_TO_REVIEWER_AFTER_DAYS", default=2)
# Unsent reminders older than this are re-enqueued by the sweeper (the broker lost them).
NOTICE_SWEEP_GRACE_SECONDS = env.float("NOTICE_SWEEP_GRACE_SECONDS", default=120)
