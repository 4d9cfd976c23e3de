"""Base settings: everything that does not differ between demo, test and production."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.embedded import filesystem_broker_options
from config.env import env_bool, env_int, env_list, env_networks, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("APP_DATA_DIR", str(BASE_DIR / ".data")))

DEBUG = env_bool("DJANGO_DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set outside demo/debug mode")
    SECRET_KEY = "insecure-demo-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# The reverse proxies in front of the web tier (addresses or CIDR networks). Only a request that comes from
# one of them has its X-Forwarded-For read, from the right, for the client's address (common.client_ip).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "privacy.apps.AxesConfig",
    "simple_history",
    "django_htmx",
    "privacy",
    "caseplan",
    "nazorg",
    "co24",
    "overleg",
    "ops",
    "deadlines",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "privacy.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.nul_guard.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "privacy.middleware.LoginAndTwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "privacy.context_processors.app_context",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]


def database_settings(url: str) -> dict[str, dj_database_url.DBConfig]:
    """PostgreSQL only, never SQLite. JIT compilation costs 100-250 ms whenever the planner overestimates a
    short OLTP query; we never gain from it. random_page_cost 1.1 instead of 4: the working set is in memory or
    on SSD; at 4 PostgreSQL prefers a (parallel) sequential scan of all deadlines over a few hundred index
    probes."""
    database = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if not str(database["ENGINE"]).endswith("postgresql"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Only PostgreSQL is supported (DATABASE_URL must be postgres://...)")
    database.setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    return {"default": database}


# Database: DATABASE_URL. Only the development and test settings fall back to the embedded PostgreSQL of the
# pgserver wheel (a development convenience); production refuses to start without it.
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = database_settings(DATABASE_URL) if DATABASE_URL else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "privacy.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "privacy:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "privacy:login"

# Idle timeout: every request renews the session; after SESSION_IDLE_MINUTES without one it expires.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO_MODE))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "privacy/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

OTP_TOTP_ISSUER = "PGA Casusregie"
OTP_TOTP_THROTTLE_FACTOR = 1

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK: dict[str, Any] = {
    # Personal API keys first: a missing or refused key then answers 401 (with WWW-Authenticate), not 403.
    # The prison API takes organisation keys instead (privacy.authentication.OrganisationKeyAuthentication).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "privacy.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "common.nul_guard.NulRejectingJSONParser",
        "common.nul_guard.NulRejectingFormParser",
        "common.nul_guard.NulRejectingMultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Every error as problem details (application/problem+json, RFC 9457): common/api_problem.py.
    "EXCEPTION_HANDLER": "common.api_problem.problem_exception_handler",
    # Rate limits (429 with Retry-After), counted in the cache below: per user (token or browser session)
    # and, on the prison API, per organisation key (nazorg/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["common.api_throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_rate("API_RATE_USER", "120/min"),
        "organisation_key": env_rate("API_RATE_ORGANISATION_KEY", "300/min"),
    },
}
# How long a new API key is valid (privacy/services.py: api_token_issue), unless the admin sets another moment.
API_TOKEN_DAYS_USER = env_int("API_TOKEN_DAYS_USER", 365)
API_TOKEN_DAYS_ORGANISATION = env_int("API_TOKEN_DAYS_ORGANISATION", 730)
SPECTACULAR_SETTINGS = {
    "TITLE": "PGA Casusregie API",
    "DESCRIPTION": "Clients, casussen en casusteams voor de persoonsgerichte aanpak.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PlanVersionStatusEnum": "caseplan.models.plan.VersionStatus",
        "GoalKindEnum": "caseplan.models.plan.GoalKind",
        "CaseStatusEnum": "caseplan.models.case.CaseStatus",
        "DeadlineStatusEnum": "deadlines.models.DeadlineStatus",
        "TerminationReasonEnum": "caseplan.models.contract.TerminationReason",
        "DetentionStatusEnum": "nazorg.models.episode.DetentionStatus",
        "DocumentStatusEnum": "nazorg.models.document.DocumentStatus",
        "DocumentKindEnum": "nazorg.schema.DocumentKind",
        "ChecklistItemKindEnum": "co24.models.checklist.ItemKind",
        "MeetingStatusEnum": "overleg.models.MeetingStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its error answers (400/401/403/404/409/415/429) and their bodies.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api_schema.document_error_responses",
    ],
}

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no server needed).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(DATA_DIR)
# The cache holds the API's rate-limit counts. Redis (CACHE_URL, else REDIS_URL) lets every web process
# share them; without it each process counts on its own, in memory.
CACHE_URL = env_str("CACHE_URL") or REDIS_URL
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "pga",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "expire-case-memberships": {
        "task": "caseplan.tasks.expire_case_memberships",
        "schedule": 15 * 60,
    },
    "scan-deadlines": {
        "task": "deadlines.tasks.scan_deadlines",
        "schedule": 5 * 60,
    },
    "send-notification-emails": {
        "task": "notifications.tasks.send_pending_emails",
        "schedule": 5 * 60,
    },
    "daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "expire-contracts": {
        "task": "caseplan.tasks.expire_contracts",
        "schedule": crontab(hour=0, minute=30),
    },
    "nazorg-purge-idempotency": {
        "task": "nazorg.tasks.purge_idempotency_records",
        "schedule": crontab(hour=3, minute=10),
    },
    "retention-propose": {
        "task": "retention.propose",
        "schedule": crontab(hour=2, minute=30),
    },
    "co24-daily-digest": {
        "task": "co24.tasks.co24_daily_digest",
        "schedule": crontab(hour=7, minute=15),
    },
    "co24-absent-factors": {
        "task": "co24.tasks.co24_scan_absent_factors",
        "schedule": crontab(hour=6, minute=45),
    },
    "worker-heartbeat": {
        "task": "ops.tasks.worker_heartbeat",
        "schedule": 60,
    },
    # Twelve months of access-log partitions ahead (privacy/access_log/partitions.py); idempotent.
    "access-log-partitions": {
        "task": "privacy.access_log_partitions",
        "schedule": crontab(hour=1, minute=20),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# Seconds one PDF may take to lay out (common/pdf.py); past it the caller gets PdfRenderTimeout.
PDF_RENDER_TIMEOUT = env_int("PDF_RENDER_TIMEOUT", 120)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@pga-casusregie.example")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000") or ""

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
