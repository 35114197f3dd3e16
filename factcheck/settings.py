"""Settings for Factcheck, read from the environment.

With nothing set, the project runs on an SQLite file in the project folder.
Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG=false and HTTPS=true.
"""

import os
from pathlib import Path

import dj_database_url
import orjson
from django.core.exceptions import ImproperlyConfigured

from annotations.limits import MAX_ARTICLE_BYTES

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """A boolean setting; anything but a known spelling of true or false is an error."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: use true or false.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# For htmx, a failed check swaps nothing into the page (annotations/signed_out.py).
CSRF_FAILURE_VIEW = "annotations.signed_out.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "annotations.signed_out.SignedOutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Parameters bound on the server, and a statement run twice on a connection is prepared
    # there: PostgreSQL plans it once instead of on every request (planning was half the
    # database time of a page of claims). Set DATABASE_PREPARED_STATEMENTS=false behind a
    # pooler that cannot keep prepared statements (PgBouncer before 1.21, transaction mode).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 2,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run`: the server's threads and the job worker write at
    # the same time. A write transaction takes its lock when it begins (IMMEDIATE), so a
    # second writer waits for it (up to `timeout` seconds) instead of failing at once with
    # "database is locked" when it turns from reading to writing; WAL lets reads go on
    # while one writes.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend, whose session user brings its permissions in the same statement
# (annotations/authentication.py); Django's own one stays for sessions signed in before.
AUTHENTICATION_BACKENDS = [
    "annotations.authentication.PermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Database sessions that ignore a cookie no session could have (annotations/sessions.py).
SESSION_ENGINE = "annotations.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if DEBUG:
    # runserver serves static files itself, from the apps' folders.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

# Uploads and request bodies: an article (annotations/limits.py), plus form overhead.
FACTCHECK_MAX_ARTICLE_BYTES = MAX_ARTICLE_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_ARTICLE_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Sentences scoring at least this much check-worthiness are suggested as claims.
FACTCHECK_SUGGEST_THRESHOLD = float(os.environ.get("FACTCHECK_SUGGEST_THRESHOLD", "0.5"))
if not 0 <= FACTCHECK_SUGGEST_THRESHOLD <= 1:
    raise ImproperlyConfigured("FACTCHECK_SUGGEST_THRESHOLD must be between 0 and 1.")
# Panel verdicts: how many reviewers vote on each claim (1: the four-eyes rule), and how many
# agreeing votes publish (default: more than half of the panel).
FACTCHECK_PANEL_SIZE = envint("FACTCHECK_PANEL_SIZE", 1)
FACTCHECK_PANEL_MAJORITY = envint("FACTCHECK_PANEL_MAJORITY", FACTCHECK_PANEL_SIZE // 2 + 1)
if FACTCHECK_PANEL_SIZE < 1 or not (
    FACTCHECK_PANEL_SIZE / 2 < FACTCHECK_PANEL_MAJORITY <= FACTCHECK_PANEL_SIZE
):
    raise ImproperlyConfigured(
        "FACTCHECK_PANEL_SIZE must be at least 1 and FACTCHECK_PANEL_MAJORITY more than half "
        "of it and at most all of it."
    )
# The fact-checking organisation named as author of ClaimReview exports.
FACTCHECK_ORGANIZATION_NAME = os.environ.get("FACTCHECK_ORGANIZATION_NAME", "Factcheck Desk")
FACTCHECK_ORGANIZATION_URL = os.environ.get("FACTCHECK_ORGANIZATION_URL", "https://example.org/")
# Where readers find report pages (export permalinks). Empty: the server answering the request.
FACTCHECK_PUBLIC_BASE_URL = os.environ.get("FACTCHECK_PUBLIC_BASE_URL", "").strip()
if FACTCHECK_PUBLIC_BASE_URL and not FACTCHECK_PUBLIC_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("FACTCHECK_PUBLIC_BASE_URL must start with http:// or https://.")

# Background jobs (webhook deliveries, URL imports) go through django.tasks' API (the
# django-tasks backport) and its database backend: `make worker` / `manage.py worker` runs
# them, on SQLite or on PostgreSQL from any number of machines (docs/jobs.md).
# FACTCHECK_JOBS=immediate runs each job inside the request that queued it (no worker).
FACTCHECK_JOBS = os.environ.get("FACTCHECK_JOBS", "database").strip().lower()
if FACTCHECK_JOBS not in ("database", "immediate"):
    raise ImproperlyConfigured("FACTCHECK_JOBS must be database or immediate.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if FACTCHECK_JOBS == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}


def envseconds(name: str, default: str) -> list[float]:
    """Comma-separated seconds (``5,30,120``); anything else is an error."""
    try:
        values = [float(v) for v in envlist(name, default)]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}: use comma-separated seconds, e.g. {default}."
        ) from None
    if any(not 0 <= v < 10**7 for v in values):
        raise ImproperlyConfigured(f"{name}: each delay is 0 or more seconds.")
    return values


# Webhooks (docs/webhooks.md): the delays between attempts (each with ±20% jitter; after the
# last the endpoint is disabled), whether private addresses are allowed destinations
# (development and tests only), and the HTTP timeout of one attempt.
FACTCHECK_WEBHOOK_RETRY_DELAYS = envseconds("FACTCHECK_WEBHOOK_RETRY_DELAYS", "5,30,120,600,3600")
FACTCHECK_WEBHOOK_ALLOW_PRIVATE = envbool("FACTCHECK_WEBHOOK_ALLOW_PRIVATE", False)
FACTCHECK_WEBHOOK_TIMEOUT = float(envint("FACTCHECK_WEBHOOK_TIMEOUT", 10))
# A delivery due this long without being attempted is queued again by the worker's sweeper.
FACTCHECK_WEBHOOK_SWEEP_SECONDS = envint("FACTCHECK_WEBHOOK_SWEEP_SECONDS", 60)
# URL import: the time and size caps of one fetch (same destination rules as webhooks).
FACTCHECK_FETCH_TIMEOUT = float(envint("FACTCHECK_FETCH_TIMEOUT", 20))
FACTCHECK_FETCH_MAX_BYTES = MAX_ARTICLE_BYTES
# Long work as jobs (docs/jobs.md): a PDF report of more claims than this is rendered by a job
# and kept for FACTCHECK_REPORT_FILE_HOURS; a ClaimReview import of more items than this
# (POST /api/v1/claimreviews/) is imported by a job.
FACTCHECK_PDF_JOB_CLAIMS = envint("FACTCHECK_PDF_JOB_CLAIMS", 200)
FACTCHECK_REPORT_FILE_HOURS = envint("FACTCHECK_REPORT_FILE_HOURS", 24)
FACTCHECK_CLAIMREVIEW_JOB_ITEMS = envint("FACTCHECK_CLAIMREVIEW_JOB_ITEMS", 500)
# A pasted or uploaded article of more bytes of text than this (UTF-8) is segmented, scored
# and stored by a job with a progress page (POST /api/v1/articles/ answers 202): about half a
# second of ingest on a 2-core machine (docs/import.md).
FACTCHECK_IMPORT_JOB_BYTES = envint("FACTCHECK_IMPORT_JOB_BYTES", 200 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every operation lists the errors it can answer (annotations/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "annotations.api.schema.FactcheckAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON bodies through our parser: nesting is bounded and every unreadable body is a 400.
    "DEFAULT_PARSER_CLASSES": [
        "annotations.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "annotations.api.exceptions.api_exception_handler",
    # JSON written by orjson, as DRF's renderer writes it (UTF-8, compact, datetimes ending in
    # Z), in a fraction of the time. Field errors of list items may have int keys.
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "ORJSON_RENDERER_OPTIONS": [orjson.OPT_NON_STR_KEYS, orjson.OPT_UTC_Z],
    "DEFAULT_THROTTLE_CLASSES": ["annotations.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_THROTTLE_USER", "10000/hour"),
        "token_obtain": os.environ.get("API_THROTTLE_TOKEN", "30/minute"),
    },
}
# The cache holds the API's throttle counters. With REDIS_URL every worker and server counts
# together; without it each process keeps its own counts (fine for one process, not for a
# gunicorn with several workers, where each would allow the full rate).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# An app server on a read replica of the database (docs/scale.md): it serves reads and
# refuses every write with a 503 (annotations/readonly.py).
FACTCHECK_READ_ONLY = envbool("FACTCHECK_READ_ONLY", False)
if FACTCHECK_READ_ONLY:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "annotations.readonly.ReadOnlyMiddleware",
    )
# bench/api.py only: routes a bare JsonResponse view next to the API for comparison.
FACTCHECK_BENCH_ENDPOINTS = envbool("FACTCHECK_BENCH_ENDPOINTS", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck API",
    "DESCRIPTION": "Articles, claims, verdicts, sources and notes for newsroom tools.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs describe a private API: like every endpoint, they need a login
    # or a token, checked the same way.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "annotations.api.authentication.TokenWithPermissionsAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Request bodies get their own components: uploads are binary, read-only fields drop out.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SearchResultTypeEnum": "annotations.archive.serializers.SEARCH_TYPES",
        "MatchTypeEnum": "annotations.archive.serializers.MATCH_TYPES",
        "StatusEnum": "annotations.models.claims.Claim.Status",
        "WebhookDeliveryStatusEnum": "annotations.webhooks.models.WebhookDelivery.Status",
        "ArticleImportStatusEnum": "annotations.imports.models.ArticleImport.Status",
        "ArticleImportSourceEnum": "annotations.imports.models.ArticleImport.Source",
        "ArticleImportStageEnum": "annotations.imports.models.ArticleImport.Stage",
        "ReportFileStatusEnum": "annotations.exports.models.ReportFile.Status",
        "ClaimReviewImportStatusEnum": "annotations.archive.models.ClaimReviewImport.Status",
    },
}

# Behind HTTPS in production: HTTPS=true turns on redirects, HSTS and secure cookies.
HTTPS = envbool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# History is shown in the admin, never reverted there: a revert would bypass the services.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
