"""Settings shared by every environment. Everything that differs comes from the environment."""

from datetime import timedelta

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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "common",
    "accounts",
    "audit",
    "workstations",
    "members",
    "departments",
    "petitions",
    "proposals",
    "opinions",
    "handoffs",
    "knowledge",
    "reminders",
    "history",
    "topics",
    "stats",
]

MIDDLEWARE = [
    # First: request rates and latencies by view for /metrics, every response counted.
    "config.metrics.RequestMetricsMiddleware",
    "common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so that static files carry the policy as well as pages, the API and downloads.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After AuthenticationMiddleware: request.user.is_verified() (django-otp), then the policy that
    # sends staff who signed in with a password only to the second-factor pages.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a signed-in session that sat idle or lived too long (needs the user and messages).
    "accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused by the lockout into the sign-in page with status 429.
    "axes.middleware.AxesMiddleware",
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
                "accounts.context_processors.notifications",
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
# A read replica (streaming replication) for the dashboard, exports and the API's list reads, used
# only inside common.replica.use_replica() and only while it lags less than the limit below.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=30)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    # A replica that does not answer is skipped (common/replica.py): let it say so within seconds.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # The replica is the same database: tests create no second one (config/settings/test.py).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
# PgBouncer in transaction mode between us and PostgreSQL: a connection is the server's only for
# one transaction, so no server-side cursor (a named cursor outlives a transaction) and no session
# state; the code sets none (transaction-local set_config only, no advisory lock, no LISTEN).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
for _alias in list(DATABASES):
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[_alias]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True
        if DATABASE_POOLER == "pgbouncer":
            DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    # SQLite: wait for a writer instead of failing at once when web and worker write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The lockout check runs first on every authenticate() call (sign-in page, admin, anything later).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 first: new passwords and every older hash (PBKDF2) are re-hashed with it at next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
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
# config/formats/zh_Hans puts ISO dates first, so a type=date input gets a value it can show.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The image collects them at build time (Dockerfile), outside the data folder.
STATIC_ROOT = env.path("STATIC_ROOT", default=str(DATA_DIR / "static"))
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
# The SMTP server (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)

# --- Celery -----------------------------------------------------------------------------------
_CELERY_QUEUES = ("celery", "handoffs", "notifications", "periodic", "imports")
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
    "common.notification_sweep": {"queue": "periodic"},
    "handoffs.delivery_sweep": {"queue": "periodic"},
    "common.notification_release": {"queue": "periodic"},
    "reminders.deadline_scan": {"queue": "periodic"},
    "reminders.notice_sweep": {"queue": "periodic"},
    "reminders.digest_daily": {"queue": "periodic"},
    "members.remind_duties": {"queue": "periodic"},
    "members.remind_uncovered_slots": {"queue": "periodic"},
    "stats.monthly_figures_sweep": {"queue": "periodic"},
    "stats.candidates_sweep": {"queue": "periodic"},
    "petitions.photos_held_sweep": {"queue": "periodic"},
    "petitions.contact_retention_sweep": {"queue": "periodic"},
    "audit.access_log_purge": {"queue": "periodic"},
    "common.idempotent_requests_purge": {"queue": "periodic"},
    "topics.milestone_reminders": {"queue": "periodic"},
    "common.beat_tick": {"queue": "periodic"},
    # The history import: minutes of work per batch, kept off the queues whose messages must not
    # wait behind it (production's notifications worker also takes it, one slot of its two).
    "history.batch_run": {"queue": "imports"},
    "history.batches_requeue": {"queue": "periodic"},
}
# Beat runs as exactly ONE process (one `celery beat`, never `worker -B` on several hosts). Every
# periodic task is idempotent all the same: a second beat started by mistake doubles nothing.

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Bearer tokens for other systems first (a bad token is refused, never passed on to the
    # session), then the browser's session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # One error body everywhere: {"code", "detail", "fields"} (config/api_errors.py).
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "common.renderers.CspBrowsableAPIRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Per-scope budgets (common.api.ScopedThrottle, `throttle_scope` on a view): per user when signed
    # in, per address otherwise. The intake and /track/ keep the page's own budgets (common.ratelimit).
    "DEFAULT_THROTTLE_RATES": {
        "public": env.str("API_RATE_PUBLIC", default="120/m"),
        "public-rating": env.str("API_RATE_PUBLIC_RATING", default="10/h"),
        "rosters": env.str("API_RATE_ROSTERS", default="600/m"),
        "proposals": env.str("API_RATE_PROPOSALS", default="600/m"),
        "departments": env.str("API_RATE_DEPARTMENTS", default="1200/m"),
        "knowledge": env.str("API_RATE_KNOWLEDGE", default="600/m"),
        "topics": env.str("API_RATE_TOPICS", default="600/m"),
        "members": env.str("API_RATE_MEMBERS", default="600/m"),
        "staff-petitions": env.str("API_RATE_STAFF_PETITIONS", default="1200/m"),
        "staff-petitions-actions": env.str("API_RATE_STAFF_PETITIONS_ACTIONS", default="120/m"),
        # The history import's uploads and polls (a poll a second while a batch runs).
        "history": env.str("API_RATE_HISTORY", default="300/m"),
    },
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
    # Every operation's refusals, with the one error body (config/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_error_responses",
    ],
    # A citizen's satisfaction and a member's rating of a department's handling share their values.
    "ENUM_NAME_OVERRIDES": {"SatisfactionEnum": "petitions.choices.Satisfaction"},
    "TAGS": [
        {"name": "public", "description": "Anonymous: workstations, categories, tracking and rating a case."},
        {"name": "rosters", "description": "Duty rosters: months, duties, swaps, unavailability, who is on duty."},
        {"name": "proposals", "description": "Members draft and submit; reviewers accept, return and assign."},
        {"name": "departments", "description": "A department handler's own queue and its actions."},
        {"name": "knowledge", "description": "The knowledge base, as its pages show it."},
        {"name": "members", "description": "Committee members and sectors: public-safe fields only."},
        {
            "name": "history",
            "description": "Office staff import an earlier system's records: upload, progress, report.",
        },
        {
            "name": "topics",
            "description": "Key research topics (重点调研课题) as office staff and their groups read them.",
        },
    ],
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response. No inline script, no inline style, no
# style="" attribute and no event-handler attribute anywhere: JS lives in static/js/, page data in
# data-* attributes or json_script blocks (type application/json is never executed, so script-src
# does not apply to it). style-src is 'self' only: Bootstrap, Chart.js and Swagger UI set styles
# through the CSSOM (element.style), which CSP does not restrict; only markup would need
# 'unsafe-inline', and we have none. img-src allows data: because Bootstrap's and Swagger UI's
# stylesheets draw their small icons (select arrow, close button, navbar toggler) as data: SVGs.
# Swagger UI (/api/docs/) is served by SpectacularSwaggerSplitView, whose init script is a file.
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only (to try it on a
# new deployment without breaking a page); CSP_REPORT_URI is where browsers send violation reports.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
}
# (Lower-case names: django-csp's system check takes any CSP_* setting for its old format.)
_csp_report_uri = env.str("CSP_REPORT_URI", default="")
if _csp_report_uri:
    _CSP_DIRECTIVES["report-uri"] = [_csp_report_uri]
_csp_report_only = env.bool("CSP_REPORT_ONLY", default=False)
# django-csp sends no header for a policy that is None.
CONTENT_SECURITY_POLICY = None if _csp_report_only else {"DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES} if _csp_report_only else None
# The number of reverse proxies in front of us whose X-Forwarded-For we trust (0: none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Personal data at rest (common/crypto.py): Fernet keys, the first encrypts, all decrypt (rotation);
# the HMAC key of the phone's lookup hash. Empty: keys derived from SECRET_KEY (development only;
# production requires both).
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[])
PII_HASH_KEY = env.str("PII_HASH_KEY", default="")

# Sign-in lockout (django-axes): after SIGNIN_FAILURE_LIMIT failures within the cool-off, a username
# is locked; after SIGNIN_ADDRESS_FAILURE_LIMIT failures from one client address (over every
# username tried from it) the address is. Either lasts until SIGNIN_COOLOFF_MINUTES after the last
# failure or until office staff unlock it (/accounts/lockouts/). The address limit is higher by
# default because a whole office may reach us through one NAT address.
SIGNIN_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)
SIGNIN_COOLOFF_MINUTES = env.int("SIGNIN_COOLOFF_MINUTES", default=30)
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGNIN_COOLOFF_MINUTES)
# In this order: accounts.lockout.SigninLockoutHandler reads the counts as (username, address).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The one answer to "which address is this client" (TRUSTED_PROXY_COUNT): a forged
# X-Forwarded-For can neither reset the address's counter nor lock someone else's address.
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip"
AXES_HANDLER = "accounts.lockout.SigninLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Attempts while locked do not push the end of the lock further away: "try again in N minutes"
# stays true. They are still refused and still reported (user_login_failed, user_locked_out).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# API tokens for departments' and the province's systems (accounts/tokens.py), issued on
# /accounts/tokens/: the lifetime offered by default and the longest one may choose, in days.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=365)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=730)

# Sessions: signed-in staff are signed out after SESSION_IDLE_MINUTES without a request, and
# SESSION_ABSOLUTE_HOURS after signing in whatever they do (accounts/sessions.py).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
# The cookie never outlives the absolute limit (Django's default would be 14 days).
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# /healthz tells everyone only "ok" or "down"; which component failed only to this host (loopback,
# no proxy hop) or to a request carrying this token (Authorization: Bearer … or X-Healthz-Token).
# Empty: no token opens the details.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
# /metrics (Prometheus) answers this host (loopback, no proxy hop) or a scraper sending this token
# (Authorization: Bearer … or X-Metrics-Token); anyone else gets 403. Empty: loopback only.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# /readyz: not ready when the beat's last tick (common.beat_tick, every minute) is older than this,
# or when a due hand-off has waited in the outbox longer than this without a worker taking it.
READINESS_BEAT_MAX_AGE_SECONDS = env.float("READINESS_BEAT_MAX_AGE_SECONDS", default=180)
READINESS_OUTBOX_MAX_AGE_SECONDS = env.float("READINESS_OUTBOX_MAX_AGE_SECONDS", default=600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Second factor (TOTP and recovery codes, django-otp) ---------------------------------------
# On: reviewers, office staff and superusers must enrol an authenticator app and enter a code after
# the password before any page (the admin included) opens. Off here so that `make run` and the
# tests sign in with a password alone; production turns it on (config/settings/production.py).
# Whoever has enrolled is asked for a code at every sign-in either way.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=False)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="委员工作室")
# Failed codes lock a device for 1, 2, 4, 8 ... seconds (times this factor) after each failure.
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = env.int("OTP_THROTTLE_FACTOR", default=1)
# The admin lists devices but never shows their secrets or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Notifications ----------------------------------------------------------------------------
NOTIFICATION_BACKEND = env.str("NOTIFICATION_BACKEND", default="common.notifications.ConsoleBackend")
# Messages are written from templates/notifications/<language>/.
NOTIFICATION_LANGUAGE = env.str("NOTIFICATION_LANGUAGE", default="zh-hans")
# A notify_later message whose task was lost (Redis restarted empty, a worker killed holding it)
# is queued again by beat (common.notification_sweep) this long after it was written, then no
# sooner than the lease later; one older than the maximum age is left for the operator.
NOTIFICATION_SWEEP_GRACE_SECONDS = env.float("NOTIFICATION_SWEEP_GRACE_SECONDS", default=120)
NOTIFICATION_SWEEP_LEASE_SECONDS = env.float("NOTIFICATION_SWEEP_LEASE_SECONDS", default=300)
NOTIFICATION_SWEEP_MAX_AGE_HOURS = env.float("NOTIFICATION_SWEEP_MAX_AGE_HOURS", default=24)
NOTIFICATION_SWEEP_BATCH = env.int("NOTIFICATION_SWEEP_BATCH", default=500)
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
# After a department's webhook secret is rotated, how long its system may still sign with the old one.
WEBHOOK_SECRET_GRACE_HOURS = env.float("WEBHOOK_SECRET_GRACE_HOURS", default=24)

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

# --- Personal data and the access log ---------------------------------------------------------
# Access and security log rows are kept this many months, then purged (at least 6: PIPL art. 55,
# 等保 2.0; a smaller value fails `manage.py check`, audit.E001).
AUDIT_RETENTION_MONTHS = env.int("AUDIT_RETENTION_MONTHS", default=6)
# A closed case's citizen contact data and photos are deleted this many months after it closed.
PII_RETENTION_MONTHS = env.int("PII_RETENTION_MONTHS", default=24)
