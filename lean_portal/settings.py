"""Settings of the lean-management portal.

One module for every environment: values come from environment variables
(read with django-environ), and the defaults are the safe production ones.
Development is asked for explicitly with ``DJANGO_DEBUG=1`` (``make run`` does it).
"""

import datetime
from pathlib import Path

import bootstrap  # the bootstrap-wrapper distribution: Bootstrap 5 dist files
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local ``.env`` (created by ``make run``, never committed) holds development values;
# variables already in the environment win.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret key "
            "in the environment (see README, «Production»); for development run with "
            "DJANGO_DEBUG=1 or use `make run`."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the portal, used in e-mails and in the QR codes of printed
# documents, where there is no request to build an absolute address from. Required in
# production: a poster whose QR code leads to 127.0.0.1 is a dead code at a service counter.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="").strip()
if not PORTAL_BASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAL_BASE_URL is not set. Production needs the portal's public address "
            "(e.g. PORTAL_BASE_URL=https://lean.example.ru) for the links in e-mails and "
            "the QR codes of printed documents; for development run with DJANGO_DEBUG=1 "
            "or use `make run`."
        )
    PORTAL_BASE_URL = "http://127.0.0.1:8000"
if not PORTAL_BASE_URL.startswith(("http://", "https://")) or PORTAL_BASE_URL.rstrip("/").endswith("://"):
    raise ImproperlyConfigured(
        f"PORTAL_BASE_URL={PORTAL_BASE_URL!r} is not an address: it must start with https:// "
        "(or http://) and name the host, e.g. https://lean.example.ru"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lean_portal",
    "orgs",
    "projects",
    "scoring",
    "reporting",
    "registries",
    "plan",
    "notifications",
    "imports",
    "effects",
    "practices",
    "region",
]

# Development tools (bench/: the load-test data set, the benchmark's floor view) are installed
# only when asked for: bench/run.py sets DJANGO_BENCH=1; production settings never do.
BENCH = env.bool("DJANGO_BENCH", default=False)
if BENCH:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Security (README, «Security»): before any view reads the body or the query string.
    "lean_portal.security.UploadSizeMiddleware",
    "lean_portal.security.QueryStringMiddleware",
    "lean_portal.security.PrivateCacheMiddleware",
    "orgs.twofactor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session lifetime check: keeps a form posted into a session that has just ended.
    "lean_portal.formstash.FormStashMiddleware",
    "lean_portal.middleware.SessionLifetimeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lean_portal.urls"

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
                "lean_portal.menu.menu",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "lean_portal.wsgi.application"

# SQLite file by default (zero set-up); PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Several app servers share PostgreSQL's connections through PgBouncer in transaction mode
# (README, «Several app servers»): a server connection belongs to a client for one
# transaction only. So no server-side cursors: the exports' ``.iterator()`` declares one
# outside a transaction, and its next FETCH may reach another server connection, where the
# cursor does not exist. And, by default, no persistent connections: PgBouncer keeps the pool.
DATABASE_PGBOUNCER = env.bool("DATABASE_PGBOUNCER", default=False)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DATABASE_PGBOUNCER else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASE_PGBOUNCER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_URL_PATH = "/login/"

# Sessions end after 30 minutes without a request and 12 hours after log-in in all.
# Enforced by lean_portal.middleware.SessionLifetimeMiddleware; the cookie itself
# never outlives the absolute limit.
SESSION_IDLE_AGE = 30 * 60
SESSION_ABSOLUTE_AGE = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_AGE

AUTHENTICATION_BACKENDS = [
    "lean_portal.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: 5 failures of one user name from one address lock that pair
# for an hour (axes' default cool-off is "forever"); a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy set DJANGO_PROXY_COUNT (usually 1) so the client's address is
# read from X-Forwarded-For; without a proxy that header is ignored (it could be forged).
# Production must say it (0 for no proxy): see the security block at the end.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "lean_portal.auth.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Asia/Novokuznetsk"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap 5 from its PyPI distribution: nothing is fetched from a CDN.
    ("bootstrap", Path(next(iter(bootstrap.__path__))).resolve()),
]
# Uploaded files: on local disk under MEDIA_ROOT by default; in S3-compatible object storage
# when DJANGO_S3_BUCKET is set, so that every app server sees the same files. The objects are
# private: views stream them after checking access and never hand out a storage URL (a signed
# one, valid 5 minutes, is all the storage could produce).
S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
if S3_BUCKET:
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # A provider other than AWS (or MinIO): its endpoint, e.g. https://storage.example.ru
            "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DJANGO_S3_REGION", default="") or None,
            # Without keys boto3 looks in its usual places (AWS_* variables, ~/.aws, the instance role).
            "access_key": env.str("DJANGO_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DJANGO_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("DJANGO_S3_PREFIX", default=""),
            "addressing_style": env.str("DJANGO_S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
# Uploaded files live outside the static root and are served only through views
# that check access, never as plain static files.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One process: the local-memory cache. Several app servers (or gunicorn workers) must share
# the cache — the survey rate limit lives there — so set REDIS_URL in production.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from the shared cache and written through to the database (saves a
    # query per request; a Redis outage falls back to the database). Only with the shared
    # cache: with one cache per process a session ended in one worker would live on in another.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Бережливый портал <lean-portal@localhost>")

# HTTPS hardening: on by default outside development, switchable for a plain-HTTP
# closed network or the test suite with DJANGO_SECURE=0.
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
if SECURE:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts only from the portal's own static files, never
# inline (every script is a file under static/, data for scripts travels in json_script blocks).
# Styles allow inline ``style`` attributes: bars and charts are drawn with computed widths.
# Images may be data: URIs (QR codes, Bootstrap's SVG icons in its CSS).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# Demo data (``manage.py load_demo``) is for development and tests only.
DEMO_DATA_ALLOWED = env.bool("DJANGO_DEMO_DATA", default=DEBUG)

# --- Security (issue 16; README, «Security»): request limits --------------------------------
# A request body over this size is refused from its Content-Length before it is read (the
# largest upload is a scan of at most 10 MB; the rest of the form is small). DATA_UPLOAD_MAX_MEMORY_SIZE
# and FILE_UPLOAD_MAX_MEMORY_SIZE (above) cap what is read: form fields, files kept in memory.
UPLOAD_MAX_REQUEST_SIZE = env.int("DJANGO_UPLOAD_MAX_REQUEST_SIZE", default=11 * 1024 * 1024)
# Import files of registers (imports/, MAX_FILE_MB) are larger than scans: accepted on that path only.
UPLOAD_MAX_REQUEST_SIZE_BY_PATH = {"/imports/": 21 * 1024 * 1024}
# Checks and imports of spreadsheet files run in a thread of the web process (imports/services.py);
# True runs them inside the request (the tests).
IMPORTS_INLINE = env.bool("DJANGO_IMPORTS_INLINE", default=False)

# --- Security (issue 16; README, «Security»): accounts ----------------------------------------
# A second factor (django-otp: a TOTP app, recovery codes) is required for the office and
# administrators (orgs/twofactor.py), optional for everyone else.
OTP_TOTP_ISSUER = "Бережливый портал"
# The admin lists and deletes people's devices (a lost phone) but never shows their keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Password reset by e-mail only where the portal really sends mail (not to the console).
PASSWORD_RESET_BY_EMAIL = env.bool(
    "DJANGO_PASSWORD_RESET",
    default=EMAIL_BACKEND
    not in ("django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.dummy.EmailBackend"),
)
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour
# Browser features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# --- Security (issue 16; README, «Security»): log-in protection and the client address ------
# Besides 5 failures of one user name from one address (above), this many failures from one
# address over all user names lock the address for AXES_COOLOFF_TIME (lean_portal/auth.py).
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
# The client address decides every lock. Behind a proxy that is not declared, every client
# would share the proxy's address: 5 wrong passwords from anyone would lock an account for
# everyone, and 20 would lock the portal. So production refuses to start unless the number of
# trusted proxies is stated (0: clients connect directly), and refuses an implausible one (a
# count larger than the real chain lets a client choose its own address in X-Forwarded-For).
if not DEBUG:
    if "DJANGO_PROXY_COUNT" not in env.ENVIRON:
        raise ImproperlyConfigured(
            "DJANGO_PROXY_COUNT is not set. State the number of reverse proxies in front of the portal "
            "(1 behind nginx, 0 when clients connect directly); see README, «Security»."
        )
    if not 0 <= PROXY_COUNT <= 2:
        raise ImproperlyConfigured(
            f"DJANGO_PROXY_COUNT={PROXY_COUNT} is not a plausible proxy chain (0, 1 or 2); see README, «Security»."
        )
# Worker processes per app server (gunicorn reads WEB_CONCURRENCY as its --workers) and app
# servers: with more than one in all, `check --deploy` wants REDIS_URL (lean_portal/checks.py).
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=1)
APP_SERVERS = env.int("DJANGO_APP_SERVERS", default=1)
