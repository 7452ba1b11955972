"""Django settings for Fremdrift, read from environment variables.

See ``.env.example`` for every variable. Defaults are safe for production. DEBUG may only be
on in a run marked as development (``FREMDRIFT_ENV=development``: the local ``.env`` that
``scripts/setup.sh`` writes, or ``fremdrift demo``); production refuses to start with it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fremdrift.env import (
    DEVELOPMENT,
    deployment,
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_str,
)


def _(text: str) -> str:
    """Marks a name for translation (makemessages) without importing Django's translation
    machinery, which takes 20 ms: the settings are read before ``fremdrift indicators run``
    starts its engine."""
    return text


# A local .env file (made by scripts/setup.sh from .env.example) fills in what the
# environment does not set, in development only: a run marked FREMDRIFT_ENV=production (and
# the web server's entry point fremdrift.wsgi) never reads it. See fremdrift.env.deployment.
FREMDRIFT_ENV = deployment(Path(env_str("FREMDRIFT_ENV_FILE") or Path.cwd() / ".env"))
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("FREMDRIFT_VAR_DIR") or Path.cwd() / "var").resolve()

DEBUG = env_bool("DEBUG", False)
if DEBUG and FREMDRIFT_ENV != DEVELOPMENT:
    raise ImproperlyConfigured(
        "DEBUG is on in a production run; switch DEBUG off, or mark a development "
        "machine with FREMDRIFT_ENV=development."
    )
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-local-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "fremdrift.core.admin_site.FremdriftAdminConfig",  # django.contrib.admin, administrators only
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
    "axes",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    "fremdrift.core",
    "fremdrift.portfolio",
    "fremdrift.interchange",
    "fremdrift.reports",
    "fremdrift.indicators",
    "fremdrift.governance",
    "fremdrift.participation",
    "fremdrift.followup",
    "fremdrift.demo",
    "fremdrift.api",
    "fremdrift.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Danish pages whatever the browser asks for; English by the language button
    "fremdrift.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: refuses oversized uploads (413) before anything reads the body.
    "fremdrift.core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fremdrift.core.middleware.LoginRequiredMiddleware",
    "fremdrift.core.middleware.AuditChannelMiddleware",
    "fremdrift.core.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fremdrift.urls"
WSGI_APPLICATION = "fremdrift.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fremdrift.core.context_processors.fremdrift",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'fremdrift.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Web and worker processes share the file: with a write-ahead log readers never wait
    # for a writer, and a transaction that will write takes the write lock when it begins
    # (a deferred one fails at once when another process wrote since it first read).
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps rendered page fragments (core/fragments.py) and the API's throttle counts.
# CACHE_URL=redis://127.0.0.1:6379/1 shares one cache between all web processes (production
# with several gunicorn workers); without it each process keeps its own in memory.
CACHE_URL = env_str("CACHE_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "fremdrift") or "fremdrift",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address, not {CACHE_URL!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling first (django-axes), then passwords, then single sign-on when configured.
AUTHENTICATION_BACKENDS = [
    "fremdrift.core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "fremdrift.core.oidc.OIDCBackend",
    "fremdrift.core.auth.AdministratorRoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]  # (the page shows Dansk/English)
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: every file is counted while it streams in and refused (413) past the limit
# (core/uploads.py); indicator runs take contact extracts up to their own, larger limit.
FREMDRIFT_MAX_UPLOAD_BYTES = env_int("FREMDRIFT_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES = env_int(
    "FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES", 2 * 1024 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = FREMDRIFT_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "fremdrift.core.uploads.LimitedUploadHandler",  # first: stops a file past the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploaded import files nobody applied or discarded are deleted after this many hours.
FREMDRIFT_UPLOAD_RETENTION_HOURS = env_int("FREMDRIFT_UPLOAD_RETENTION_HOURS", 72)

# Branding of decks and pages: set by the organisation, never in code.
FREMDRIFT_ORGANISATION = env_str("FREMDRIFT_ORGANISATION", "Region Midtjylland")
FREMDRIFT_FOOTER_TEXT = env_str("FREMDRIFT_FOOTER_TEXT", "www.regionmidtjylland.dk")
FREMDRIFT_PRIMARY_COLOUR = env_str("FREMDRIFT_PRIMARY_COLOUR", "#00505F")
FREMDRIFT_TEXT_COLOUR = env_str("FREMDRIFT_TEXT_COLOUR", "#1F1F1F")
FREMDRIFT_PPTX_TEMPLATE = env_str("FREMDRIFT_PPTX_TEMPLATE") or None
FREMDRIFT_LOGO = env_str("FREMDRIFT_LOGO") or None
FREMDRIFT_BASE_URL = env_str("FREMDRIFT_BASE_URL", "http://127.0.0.1:8000")

# Background work (docs/operations.md): Django's tasks API; the database backend keeps the
# queue in the same database, and ``fremdrift worker`` runs it.
TASKS = {
    "default": {
        "BACKEND": env_str("FREMDRIFT_TASK_BACKEND") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running task whose worker shows no sign of life for this long is recovered: run again
# where that is safe, else failed with the reason.
FREMDRIFT_TASK_LEASE_SECONDS = env_int("FREMDRIFT_TASK_LEASE_SECONDS", 30)
FREMDRIFT_TASK_WAIT_SECONDS = env_int("FREMDRIFT_TASK_WAIT_SECONDS", 3)
# Indicator runs: how many at once (across all workers), and DuckDB's limits per run.
FREMDRIFT_INDICATOR_RUNS_AT_ONCE = env_int("FREMDRIFT_INDICATOR_RUNS_AT_ONCE", 1)
FREMDRIFT_INDICATOR_MEMORY_LIMIT = env_str("FREMDRIFT_INDICATOR_MEMORY_LIMIT") or "2GB"
FREMDRIFT_INDICATOR_THREADS = env_int("FREMDRIFT_INDICATOR_THREADS", 0)  # 0: all cores
# Uploaded contact files wait here for their run (removed when it ends); web and workers
# on several machines must share this folder.
FREMDRIFT_INDICATOR_UPLOADS = Path(
    env_str("FREMDRIFT_INDICATOR_UPLOADS") or VAR_DIR / "indicator-uploads"
).resolve()
# The public indicator dashboard /offentlig/indikatorer/ (no login, suppressed figures of
# published runs): off unless switched on. Sites that may embed it (frame-ancestors; empty:
# any site, the page is read-only).
FREMDRIFT_PUBLIC_INDICATORS = env_bool("FREMDRIFT_PUBLIC_INDICATORS", False)
FREMDRIFT_PUBLIC_EMBED_ORIGINS = env_origins("FREMDRIFT_PUBLIC_EMBED_ORIGINS")
# Daily jobs of the worker (local time, HH:MM; empty switches one off).
FREMDRIFT_REMINDER_TIME = env_str("FREMDRIFT_REMINDER_TIME", "07:00") or ""
FREMDRIFT_PURGE_TIME = env_str("FREMDRIFT_PURGE_TIME", "03:00") or ""
for _name in ("FREMDRIFT_REMINDER_TIME", "FREMDRIFT_PURGE_TIME"):
    _value = globals()[_name]
    if _value and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", _value):
        raise ImproperlyConfigured(f"{_name} must be a time of day as HH:MM, not {_value!r}")
# The purge clears uploads and task files older than this.
FREMDRIFT_UPLOAD_RETENTION_DAYS = env_int("FREMDRIFT_UPLOAD_RETENTION_DAYS", 7)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "fremdrift@localhost")

# Security. Production mode (DEBUG off) turns on secure cookies and HSTS.
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "fremdrift.core.pages.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"
# W021 (HSTS preload): joining the browsers' preload list is the domain owner's decision,
# for all its subdomains; SECURE_HSTS_PRELOAD=true opts in. See docs/security.md.
SILENCED_SYSTEM_CHECKS: list[str] = ["security.W021"]

# Login throttling (django-axes with core.auth.LoginThrottleHandler), two limits apart:
# 20 failed logins from one address, whatever the user names, lock that address; 5 failed
# logins for one user name, from wherever, lock that user name; each for 15 minutes. A
# successful login clears the failures of its user name.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "fremdrift.core.auth.LoginThrottleHandler"
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 5)
# django-axes' own single limit; the handler applies the two above, which never lock later.
AXES_FAILURE_LIMIT = max(AXES_ADDRESS_FAILURE_LIMIT, AXES_USERNAME_FAILURE_LIMIT)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    if env_bool("BEHIND_TLS_PROXY", False)
    else ("REMOTE_ADDR",)
)

# Optional single sign-on with OpenID Connect (Microsoft Entra ID, AD FS): on when
# OIDC_RP_CLIENT_ID is set. See docs/security.md.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "") or ""
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "") or None
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile") or "openid email profile"
# Users are found by the issuer and this claim of the ID token only: `sub`, or `oid` (the
# stable object id) for Entra ID. Never by e-mail or user name.
OIDC_SUBJECT_CLAIM = env_str("OIDC_SUBJECT_CLAIM", "sub") or "sub"
# The provider's issuer (`iss`); when set, ID tokens of another issuer are refused. Also the
# default issuer of `fremdrift link-identity`.
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "") or ""
# An unknown identity gets a new user without roles; false: refused until an administrator
# links it to an account.
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
# Names a new user (never used to find one).
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username") or "preferred_username"
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fremdrift.core.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "fremdrift.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_THROTTLE_RATE", "3000/minute")},
    # a 404 says "Ikke fundet." in the asker's language, never Django's English model name
    "EXCEPTION_HANDLER": "fremdrift.api.views.exception_handler",
}
# API tokens (core.tokens): hashed at rest, shown once; days until a new token expires.
FREMDRIFT_API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

SPECTACULAR_SETTINGS = {
    "TITLE": "Fremdrift API",
    "DESCRIPTION": "Plans, areas, initiatives, status updates and organisational units.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "fremdrift.portfolio.choices.Phase",
        "AgendaKindEnum": "fremdrift.governance.choices.AgendaKind",
        "AnswerKindEnum": "fremdrift.followup.choices.AnswerKind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # Deep links put a link inside each operation's summary button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
