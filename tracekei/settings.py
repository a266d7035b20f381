"""Settings for the TRACE-KEI portal, read from the environment.

The defaults serve a laptop (SQLite under var/, tasks run in-process, e-mails to
the console); production sets DATABASE_URL, REDIS_URL, EMAIL_URL and SECRET_KEY.
Production mode (DEBUG off) refuses to start without a SECRET_KEY.
"""

import os
import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core --------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # One line on stderr and exit status 1, not a traceback: say what to set.
        sys.exit(
            "SECRET_KEY is not set: export SECRET_KEY=<a long random string> "
            "(or DEBUG=1 for local development)."
        )
    # Local development and the test suite only: DEBUG is on, so production never gets here.
    SECRET_KEY = "insecure-local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-factor log-in: an authenticator app (TOTP) and recovery codes
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tracekei.accounts",
    "tracekei.bench",
    "tracekei.kpi",
    "tracekei.reports",
    "tracekei.deliverables",
    "tracekei.security",
    "tracekei.privacy",
    "tracekei.outbox",
    "clusters",
    "services",
    "surveys",
    "trainings",
    "strategy",
    "dissemination",
    "tracekei.audit",  # after the apps it audits: its ready() connects to their models
]

MIDDLEWARE = [
    "tracekei.health.HealthCheckMiddleware",  # first: see its docstring
    # Off unless SERVER_TIMING=1 (the benchmark): view time and SQL queries per response.
    "tracekei.bench.timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tracekei.security.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a log-in unless it says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The signed-in user is the actor of the audit entries the request writes.
    "tracekei.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A project may require two-factor log-in of its coordinators and the admins.
    "tracekei.security.middleware.RequireTwoFactorMiddleware",
    # Says so when a request's task waits in the outbox (the broker was away).
    "tracekei.outbox.middleware.OutboxNoticeMiddleware",
]

ROOT_URLCONF = "tracekei.urls"
WSGI_APPLICATION = "tracekei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tracekei.context_processors.portal",
            ],
            "libraries": {"portal": "tracekei.templatetags.portal"},
        },
    },
]

# --- Database ----------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a restarted PostgreSQL is reconnected, not a 500 forever
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery -----------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis away is a cache miss, not a 500 (tracekei/cache.py); short timeouts.
            "BACKEND": "tracekei.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tracekei",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# No broker configured: run tasks in-process, so a laptop needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only once done, and re-queued if its worker dies half-way;
# tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint keeps memory between renders: recycle worker processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(os.environ.get("CELERY_MAX_TASKS_PER_CHILD", "50"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks are queued through tracekei.outbox: a dead broker fails the publication fast
# (one retry, short timeouts) and the task waits in the outbox instead of the page.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "tracekei")
# Celery beat (the compose file's beat service): every indicator is computed nightly.
CELERY_BEAT_SCHEDULE = {
    "kpi-nightly-rollup": {"task": "kpi.rollup_all", "schedule": crontab(hour=2, minute=30)},
    # Managers with a manual indicator's report due for last month get a reminder.
    "kpi-report-reminders": {
        "task": "kpi.remind_reports",
        "schedule": crontab(day_of_month=3, hour=8, minute=0),
    },
    # Survey reminders to members who have not answered yet (surveys.tasks).
    "surveys-reminders": {"task": "surveys.queue_reminders", "schedule": crontab(minute=15)},
    # A report whose worker died and whose message was lost is marked failed.
    "reports-sweep": {"task": "reports.sweep", "schedule": crontab(minute="*/10")},
    # Personal parts of survey campaigns closed longer than the retention period.
    "privacy-survey-retention": {
        "task": "privacy.purge_survey_personal_data",
        "schedule": crontab(hour=3, minute=15),
    },
    # Tasks kept in the outbox while the broker was away are published again.
    "outbox-republish": {"task": "outbox.republish", "schedule": crontab(minute="*")},
}
# Days after a survey campaign closes before its personal parts (addresses, names, open
# answers of named campaigns) are purged; the ratings stay (tracekei.privacy.services).
SURVEY_PERSONAL_DATA_RETENTION_DAYS = int(
    os.environ.get("SURVEY_PERSONAL_DATA_RETENTION_DAYS", "730")
)
# Where the privacy notice tells people to write to exercise their rights (empty: the
# notice names the coordinating cluster and its website only).
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")
# Seconds after which a queued or running report request counts as lost (the sweep).
REPORTS_STALE_AFTER = int(os.environ.get("REPORTS_STALE_AFTER", "1800"))
# Survey e-mails: how many a worker sends per period, how many per task, and the retries
# on mail-server errors (backoff: the delay doubles each time).
SURVEY_MAIL_RATE = os.environ.get("SURVEY_MAIL_RATE", "600/m")
SURVEY_MAIL_CHUNK = 50
SURVEY_MAIL_MAX_ATTEMPTS = 5
SURVEY_MAIL_RETRY_DELAY = 60  # seconds before the first retry

# --- E-mail ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TRACE-KEI portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    if "EMAIL_BACKEND" not in _email:
        sys.exit(
            "EMAIL_URL is not understood: use smtp://, submission:// (STARTTLS, port 587), "
            "smtps:// (port 465), console:// or file:///path, e.g. "
            "submission://user:password@smtp.example.eu:587"
        )
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    if _email.get("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
else:
    # Development prints e-mails; production without EMAIL_URL tries an SMTP server on
    # localhost, and a deployment check warns (tracekei/checks.py): never the console,
    # where invitations would look sent and reach nobody.
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
EMAIL_TIMEOUT = 10

# --- Accounts (django-allauth) -----------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "tracekei.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[TRACE-KEI] "
# allauth's rate limits stay on (its defaults); they need a shared cache in production.
# The admin's log-in goes through allauth too (tracekei/urls.py), so it is limited the same.
# Two-factor log-in (allauth.mfa): an authenticator app and recovery codes; no passkeys,
# whose page needs inline script. A project can require it (tracekei/security).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "TRACE-KEI portal"

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("hu", _("Hungarian")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("sr-latn", _("Serbian (Latin)")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served publicly: private files go through scoped views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest file each upload accepts (its type is checked by name and by content).
TRAININGS_MATERIAL_MAX_BYTES = int(os.environ.get("TRAININGS_MATERIAL_MAX_BYTES", 20 * 1024 * 1024))
DISSEMINATION_EVIDENCE_MAX_BYTES = int(
    os.environ.get("DISSEMINATION_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
)
DISSEMINATION_PICTURE_MAX_BYTES = int(
    os.environ.get("DISSEMINATION_PICTURE_MAX_BYTES", 2 * 1024 * 1024)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- REST API ----------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "tracekei.drf.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_USER_RATE", "5000/hour"),
        "anon": os.environ.get("API_ANON_RATE", "100/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TRACE-KEI portal API",
    "DESCRIPTION": "Clusters and members of the TRACE-KEI consortium, scoped to the caller.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Deny by default: the schema and its docs are for signed-in users too.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several apps have a "status" field; each choice set gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "StrategyVersionStatusEnum": "strategy.models.VersionStatus",
        "DeliverableStatusEnum": "tracekei.deliverables.models.Status",
    },
}

# --- Security ----------------------------------------------------------------

# What each header promises, and the test proving it: docs/security.md.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the API's session clients read it from the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # survey-link pages: no-referrer (tracekei.security)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# tracekei.security.headers: scripts only from the portal's static files (no inline
# script, no onclick=...); inline styles are allowed (style attributes, SVG charts).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    # HSTS, ready for the browsers' preload list (a year, sub-domains, preload).
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Benchmark ---------------------------------------------------------------

# Adds a Server-Timing header (view time, SQL time and query count) to every response and
# mounts the bare views the benchmark measures its floors with. Harmless when on.
SERVER_TIMING = env_bool("SERVER_TIMING", default=False)

# --- The portal --------------------------------------------------------------

PORTAL_PROJECT_ACRONYM = "TRACE-KEI"
# Links in e-mails (invitations, survey links) are absolute: tasks have no request.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A label this close to its expiry is flagged on the cluster page and the coordinator's home.
LABEL_EXPIRY_WARNING_DAYS = 90
