"""Settings for Duban, read from the environment with defaults that are safe for a laptop.

Production sets DEBUG=0 and a real SECRET_KEY; see README.md, "Configuration".
"""

from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DUBAN_VAR_DIR", str(BASE_DIR / "var")))
# The SQLite file, uploads and collected static files live here; a fresh checkout has no such folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "duban-development-only-not-a-secret"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    # A guessable key would let anyone forge sessions: refuse to start rather than run unsafely.
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value when DEBUG is off.")
if not DEBUG and (len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
                  or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)):
    # Django's own test of a weak key (check --deploy, security.W009), which only warns: refuse instead.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for DEBUG off: use at least {SECRET_KEY_MIN_LENGTH} characters with at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, not starting with '{SECRET_KEY_INSECURE_PREFIX}'. "
        "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_celery_beat",
    "paper",
    "units",
    "plans",
    "tasks",
    "reports",
    "audit",
    "api",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "supervision",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Line breaks normalised and control characters dropped from every form field and parameter (safe_text).
    "safe_text.middleware.CleanTextInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tasks.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a dashboard's counting queries for seconds to save milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two requests writing at once (a double click, two people saving): each write transaction takes SQLite's
    # write lock when it begins and the other waits for it, up to this many seconds, instead of failing with
    # "database is locked" — which a transaction that read first and then wrote would do at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env_int("DATABASE_SQLITE_TIMEOUT", 20))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploads live outside the static root and are only served through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: console output on a laptop, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "duban@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# Seconds to wait for the SMTP server; without a limit one hung server would stall the reminder worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where django.core.mail.backends.filebased.EmailBackend writes, when EMAIL_BACKEND names it.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Celery: with REDIS_URL unset, jobs run eagerly in-process, so a laptop needs no broker.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL

# The API's rate limits count in Redis when there is one, so that all gunicorn workers share one count per
# token; otherwise in each process's memory. Short timeouts: a rate limit must never hold a request up.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "duban",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    } if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A job whose worker process dies goes back to the queue; its record lets the same job carry on (reports/jobs.py).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Builds and exports waiting longer than this are sent again (the broker was down when they were queued) …
DUBAN_JOB_REQUEUE_MINUTES = env_int("DUBAN_JOB_REQUEUE_MINUTES", 5)
# … and those running longer than this are taken to be lost with their worker, and queued again. A job is
# stopped before then (reports/jobs.py: soft limit at 80 % of it, hard limit at 90 %), so that a slow job is
# never running when its copy starts.
DUBAN_JOB_STALL_MINUTES = env_int("DUBAN_JOB_STALL_MINUTES", 30)
# Every PDF is made in a child process stopped after this many seconds, and capped at this much memory
# (paper/pdf.py): a job in the worker and a file made in the web process alike.
DUBAN_PDF_SECONDS = env_int("DUBAN_PDF_SECONDS", 300)
DUBAN_PDF_MEMORY_MB = env_int("DUBAN_PDF_MEMORY_MB", 3072)
# A build or export whose worker dies this many times (out of memory on a huge PDF, say) is given up as failed.
DUBAN_JOB_MAX_ATTEMPTS = env_int("DUBAN_JOB_MAX_ATTEMPTS", 3)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    # Token first, so that a request with neither gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.DubanAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
# API requests allowed per token (per person for session requests), e.g. "1000/hour"; empty for no limit.
DUBAN_API_RATE = env_str("DUBAN_API_RATE", "2000/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Duban API",
    "DESCRIPTION": "Plans, tasks, progress updates, reviews, urges and notifications of Duban (督办). Every call "
                   "acts with the rights of the person whose token or session it carries.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes the district's system: like every page, it is for signed-in people and tokens.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe_every_field"],
    "ENUM_NAME_OVERRIDES": {
        "WorkStatusEnum": "tasks.models.WorkStatus",
        "ProgressStatusEnum": "tasks.models.ProgressStatus",
        "PlanStatusEnum": "plans.models.PlanStatus",
        "ReportKindEnum": "reports.models.ReportKind",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "JobStateEnum": "reports.models.JobState",
        "TargetKindEnum": "tasks.models.TargetKind",
        "RequestStateEnum": "supervision.models.RequestState",
        "InstructionStateEnum": "supervision.models.InstructionState",
        "NoticeStateEnum": "supervision.models.NoticeState",
        "AssessmentLineKindEnum": "api.serializers.supervision.LINE_KINDS",
    },
}

# Uploads: the largest file a user may attach or import.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# Word and Excel files are zip archives, and a small one can unpack to gigabytes. Checked from the archive's
# directory before anything is unpacked (security/archives.py), for imports and attachments alike: parts, the
# unpacked size of all parts and of any one, and how far a part over 1 MB may be compressed.
DUBAN_ARCHIVE_MAX_ENTRIES = env_int("DUBAN_ARCHIVE_MAX_ENTRIES", 1000)
DUBAN_ARCHIVE_MAX_BYTES = env_int("DUBAN_ARCHIVE_MAX_BYTES", 100 * 1024 * 1024)
DUBAN_ARCHIVE_MAX_ENTRY_BYTES = env_int("DUBAN_ARCHIVE_MAX_ENTRY_BYTES", 20 * 1024 * 1024)
DUBAN_ARCHIVE_MAX_RATIO = env_int("DUBAN_ARCHIVE_MAX_RATIO", 100)
# What an imported Word or Excel document may hold, counted while it is read (plans/parsing/office.py):
# rows with text (paragraphs and table rows) and table cells.
DUBAN_IMPORT_MAX_ROWS = env_int("DUBAN_IMPORT_MAX_ROWS", 10_000)
DUBAN_IMPORT_MAX_CELLS = env_int("DUBAN_IMPORT_MAX_CELLS", 200_000)

# Progress reporting. The update for month M is due by this day of M.
DUBAN_REPORTING_DAY = env_int("DUBAN_REPORTING_DAY", 25)
# When on, a staff member's submission waits for their unit head's approval before reviewers see it.
DUBAN_HEAD_APPROVAL = env_bool("DUBAN_HEAD_APPROVAL", False)
# Task health (红黄绿灯, tasks/health.py): yellow when due within DUE_SOON_DAYS and under DUE_SOON_PERCENT,
# or when progress lags the time elapsed by more than LAG_POINTS percentage points.
DUBAN_HEALTH_DUE_SOON_DAYS = env_int("DUBAN_HEALTH_DUE_SOON_DAYS", 14)
DUBAN_HEALTH_DUE_SOON_PERCENT = env_int("DUBAN_HEALTH_DUE_SOON_PERCENT", 80)
DUBAN_HEALTH_LAG_POINTS = env_int("DUBAN_HEALTH_LAG_POINTS", 25)
# Annual assessment (考核, supervision/assessment.py): the weights a new year's scoring scheme starts with for
# a unit's lines as lead unit and as responsible unit (each year's scheme can change them).
DUBAN_ASSESSMENT_LEAD_WEIGHT = env_str("DUBAN_ASSESSMENT_LEAD_WEIGHT", "1")
DUBAN_ASSESSMENT_RESPONSIBLE_WEIGHT = env_str("DUBAN_ASSESSMENT_RESPONSIBLE_WEIGHT", "0.5")
for _weight_name in ("DUBAN_ASSESSMENT_LEAD_WEIGHT", "DUBAN_ASSESSMENT_RESPONSIBLE_WEIGHT"):
    try:
        if not 0 <= float(globals()[_weight_name]) <= 10:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(f"{_weight_name} must be a number from 0 to 10") from None

# Reminders (reminders/): when they fall due, how they are grouped, and how failed sends are retried.
# A reporting day on a Saturday or Sunday moves to the Friday before when this is on.
DUBAN_REPORTING_DAY_BEFORE_WEEKEND = env_bool("DUBAN_REPORTING_DAY_BEFORE_WEEKEND", False)
DUBAN_REPORTING_REMINDER_DAYS = [int(d) for d in env_list("DUBAN_REPORTING_REMINDER_DAYS", ["5", "1"])]
DUBAN_DEADLINE_REMINDER_DAYS = [int(d) for d in env_list("DUBAN_DEADLINE_REMINDER_DAYS", ["7", "3", "1"])]
# One message per person (and per unit robot) for everything falling due in one run, instead of one each.
DUBAN_REMINDER_DIGEST = env_bool("DUBAN_REMINDER_DIGEST", True)
# A send claimed this many seconds ago and never marked done (its worker died) is tried again.
DUBAN_REMINDER_CLAIM_TIMEOUT = env_int("DUBAN_REMINDER_CLAIM_TIMEOUT", 600)
# A failed send waits RETRY_SECONDS, then twice as long each time, and is given up after MAX_ATTEMPTS.
DUBAN_REMINDER_RETRY_SECONDS = env_int("DUBAN_REMINDER_RETRY_SECONDS", 300)
DUBAN_REMINDER_MAX_ATTEMPTS = env_int("DUBAN_REMINDER_MAX_ATTEMPTS", 6)
DUBAN_WEBHOOK_TIMEOUT = env_int("DUBAN_WEBHOOK_TIMEOUT", 10)
# An urge is mailed when it is made; the daily sweep mails again those still open from the last this-many days
# whose job was lost (Redis down) — already delivered ones are skipped by their delivery keys.
DUBAN_URGE_RESEND_DAYS = env_int("DUBAN_URGE_RESEND_DAYS", 7)

# Printed documents (paper/): the district's name, and the office that signs the 督办单 and the 通报 — by
# default the district's supervision office, named after the district.
DUBAN_DISTRICT_NAME = env_str("DUBAN_DISTRICT_NAME")
DUBAN_ISSUING_OFFICE = env_str("DUBAN_ISSUING_OFFICE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "operations.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT", "plain").lower() == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings still show.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# --- Production readiness (issue 10): security headers, login protection, operations. ---------------------
INSTALLED_APPS += ["security", "operations"]
# Every request gets an id for the log. The security headers (Django's, the Content-Security-Policy, framing)
# are set on every response, /healthz's too: /healthz is answered just inside them, before the host check and
# the login requirement, and the HTTPS redirect leaves it alone, for container probes on 127.0.0.1 over plain
# HTTP. Everything behind WhiteNoise, i.e. all but static files, is marked private, not to be stored.
_RESPONSE_HEADERS = [
    "django.middleware.security.SecurityMiddleware",
    "security.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
MIDDLEWARE = [
    "operations.middleware.RequestIdMiddleware",
    *_RESPONSE_HEADERS,
    "operations.middleware.HealthCheckMiddleware",
    *[name for name in MIDDLEWARE if name not in _RESPONSE_HEADERS],
]
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                  "security.caching.PrivateResponsesMiddleware")
SECURE_REDIRECT_EXEMPT = [r"^healthz/*$"]  # operations.middleware.HEALTH_PATH, as SecurityMiddleware sees it
# A form over DATA_UPLOAD_MAX_MEMORY_SIZE gives its page back with a message (config/form_limits.py): read
# first, before anything else reads the form.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
                  "config.form_limits.OversizedFormMiddleware")

# HTTPS: on by default when DEBUG is off. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER to
# "HTTP_X_FORWARDED_PROTO,https" (the header the proxy sets and always overwrites). An intranet served over
# plain HTTP turns these off explicitly (README, "Security").
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER")
if _proxy_header and len(_proxy_header) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is a header and a value, e.g. HTTP_X_FORWARDED_PROTO,https")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if _proxy_header else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The browsers' HSTS preload list is for public internet sites; an intranet host cannot be on it, so the
# check asking for it (security.W021) says nothing useful here.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", ["security.W021"])
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
DUBAN_CONTENT_SECURITY_POLICY = env_str(
    "DUBAN_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# Sessions end after this many minutes without a request (security/sessions.py moves the expiry on).
DUBAN_SESSION_IDLE_MINUTES = env_int("DUBAN_SESSION_IDLE_MINUTES", 60)
SESSION_COOKIE_AGE = DUBAN_SESSION_IDLE_MINUTES * 60
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "security.sessions.IdleSessionMiddleware")

# Login throttling (security/throttling.py).
AUTHENTICATION_BACKENDS = ["security.backends.ThrottledModelBackend"]
DUBAN_LOGIN_FAILURES_PER_USER = env_int("DUBAN_LOGIN_FAILURES_PER_USER", 5)
DUBAN_LOGIN_FAILURES_PER_ADDRESS = env_int("DUBAN_LOGIN_FAILURES_PER_ADDRESS", 20)
DUBAN_LOGIN_LOCKOUT_MINUTES = env_int("DUBAN_LOGIN_LOCKOUT_MINUTES", 15)
# The request header holding the client's address when behind a proxy, e.g. HTTP_X_REAL_IP; unset: the
# socket's address.
DUBAN_CLIENT_IP_HEADER = env_str("DUBAN_CLIENT_IP_HEADER")

# Backups (operations/backups.py) keep times to the microsecond.
SERIALIZATION_MODULES = {"jsonexact": "operations.serializer"}

# Workers log through LOGGING above (request/job id, JSON option) instead of Celery's own root logger set-up.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The worker heartbeat (operations/jobs.py): how often beat sends it; /healthz calls it stale after three.
DUBAN_HEARTBEAT_SECONDS = env_int("DUBAN_HEARTBEAT_SECONDS", 60)
