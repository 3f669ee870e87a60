"""GovDesk settings. Everything a deployment changes is read from GOVDESK_* variables.

The embedded default needs nothing: SQLite in ``var/`` beside the working
directory. Scale mode sets GOVDESK_DATABASE_URL (PostgreSQL) and friends.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from govdesk.lib.env import EnvError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """GOVDESK_SECRET_KEY, or one generated once and kept in VAR_DIR (embedded mode)."""
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "treebeard",
    "ninja",
    "govdesk.audit",
    "govdesk.core",
    "govdesk.units",
    "govdesk.accounts",
    "govdesk.publications",
    "govdesk.items",
    "govdesk.annotations",
    "govdesk.bulletins",
    "govdesk.solicitations",
    "govdesk.notifications",
    "govdesk.scoring",
    "govdesk.emergencies",
    "govdesk.circulars",
    "govdesk.awards",
    "govdesk.portal",
    "huey.contrib.djhuey",
    "govdesk.search",
    "govdesk.quality",
    "govdesk.web",
    "govdesk.api",
    "govdesk.demo",
    "govdesk.bench",
    "govdesk.backups",
    "govdesk.records",
    # Last, so that govdesk.web's form templates (the 请选择 blank choice) win.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "govdesk.web.errors.InputLimits",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "govdesk.accounts.middleware.SessionTimeoutMiddleware",
    "govdesk.accounts.middleware.LoginStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "govdesk.web.middleware.download_token_middleware",
]

ROOT_URLCONF = "govdesk.urls"
WSGI_APPLICATION = "govdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govdesk.web.context_processors.navigation",
            ],
        },
    },
]

# Widgets render through the project's templates, so govdesk.web can override them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Connection reuse: each web thread (and worker thread) keeps its connection for
# GOVDESK_DB_CONN_MAX_AGE seconds, checked before reuse, so the number of connections
# never exceeds web workers x threads + worker threads (docs/architecture.md).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'govdesk.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while one writes; IMMEDIATE
    # transactions take the write lock up front instead of failing on upgrade, and
    # wait up to GOVDESK_SQLITE_BUSY_SECONDS for it (set first: the other pragmas may
    # need the lock themselves).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_SECONDS", 30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# GOVDESK_REPLICA_URL: a PostgreSQL streaming replica for the heavy reads that say so
# (govdesk.lib.replica). In tests it mirrors the primary's test database, which
# streaming replication copies to it.
_REPLICA_URL = env_str("REPLICA_URL", "")
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["govdesk.lib.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "govdesk.lib.replica.pin_after_write")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes checks every login first (lockout), then the usual model backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password rules (GB/T 22239 8.1.4.1 a): every message in Chinese, see
# govdesk.accounts.passwords. History and age are kept in accounts.PasswordHistory.
_PASSWORDS = "govdesk.accounts.passwords"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": f"{_PASSWORDS}.LengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": f"{_PASSWORDS}.CharacterClassValidator"},
    {"NAME": f"{_PASSWORDS}.NotUsernameValidator"},
    {"NAME": f"{_PASSWORDS}.CommonValidator"},
    {
        "NAME": f"{_PASSWORDS}.HistoryValidator",
        "OPTIONS": {"keep": env_int("PASSWORD_HISTORY", 5)},
    },
]
# A password older than this must be changed at the next login (0: never expires).
GOVDESK_PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
# API call log (one row per call, reads included): purged by the worker after this.
GOVDESK_API_CALL_RETENTION_DAYS = env_int("API_CALL_RETENTION_DAYS", 90)
# Calls a minute one personal API token may make (a client's tokens share its own limit).
GOVDESK_API_TOKEN_RATE_LIMIT = env_int("API_TOKEN_RATE_LIMIT", 120)

# Moving in (往年台账导入): the largest records file and the most data rows it may hold.
GOVDESK_IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 30)
GOVDESK_IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100000)
# A records import the worker has held this long has lost its worker: it is queued
# again (once), then marked failed; its apply, one transaction, left nothing behind.
GOVDESK_IMPORT_LEASE_MINUTES = env_int("IMPORT_LEASE_MINUTES", 30)

# Login failures: after this many for one user name, the account is locked for the
# cool-off period or until a security administrator unlocks it.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# By user name alone: an office's users share one NAT address, so locking addresses
# would lock out a whole office after one person's typing errors (hence axes.W006).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# A lock lasts the cool-off from the failure that set it: attempts during it are
# refused unchecked and do not extend it, so "try again in 30 minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "govdesk.accounts.security.lockout_response"
AXES_VERBOSE = False
# The change log has the login records; axes keeps only the attempt counters.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor login (TOTP, django-otp): people holding any of these roles confirm each
# login with a code from an authenticator app; they enrol on their first login.
# "none" turns the second factor off for everyone (an empty variable means the default).
GOVDESK_OTP_REQUIRED_ROLES = [
    role
    for role in env_list("OTP_REQUIRED_ROLES", ["admin", "chief", "security", "auditor"])
    if role != "none"
]
OTP_TOTP_ISSUER = env_str("SITE_NAME", "政务信息报送采编考核系统")

# Session: signed out after this many idle minutes, and after SESSION_COOKIE_AGE at most.
GOVDESK_SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)

# The change log is kept at least this long; `govdesk audit purge` refuses younger rows.
GOVDESK_AUDIT_RETENTION_DAYS = max(env_int("AUDIT_RETENTION_DAYS", 180), 180)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("MEDIA_ROOT", str(VAR_DIR / "media"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_AGE = env_int("SESSION_AGE_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Behind TLS (GOVDESK_HTTPS=1): secure cookies, HSTS, redirect to https, and trust the
# reverse proxy's X-Forwarded-Proto (the proxy must set it, never pass a client's).
GOVDESK_HTTPS = env_bool("HTTPS", False)
if GOVDESK_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy (django-csp): scripts only from our own static files, no
# inline script or event handler. Inline style attributes stay allowed (templates and
# ECharts set widths and heights that way); they cannot run code.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}

# Uploads: Django streams anything larger than this to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Form fields and JSON bodies (files excluded): a few 20,000-character texts fit many
# times over; more is answered 413 (govdesk.web.errors).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
CSRF_FAILURE_VIEW = "govdesk.web.errors.csrf_failure"
# Per-kind attachment limits in MiB (see govdesk.items.attachments).
GOVDESK_ATTACHMENT_LIMITS_MB = {
    "image": env_int("ATTACHMENT_IMAGE_MB", 20),
    "video": env_int("ATTACHMENT_VIDEO_MB", 500),
    "audio": env_int("ATTACHMENT_AUDIO_MB", 100),
    "document": env_int("ATTACHMENT_DOCUMENT_MB", 50),
}
# Office and OpenDocument attachments are zip archives: the most their members may
# inflate to (a zip bomb is refused; see govdesk.items.attachments).
GOVDESK_ARCHIVE_INFLATED_MB = env_int("ARCHIVE_INFLATED_MB", 100)
# How long an editing lease lasts without a heartbeat from the editor's page.
GOVDESK_EDIT_LEASE_SECONDS = env_int("EDIT_LEASE_SECONDS", 120)
GOVDESK_SITE_NAME = env_str("SITE_NAME", "政务信息报送采编考核系统")
GOVDESK_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "govdesk@localhost")

NINJA_PAGINATION_PER_PAGE = 50

# The background worker (huey; `govdesk run_huey`). Embedded: the queue is a SQLite
# file beside the database, one consumer process with worker threads. Scale: set
# GOVDESK_REDIS_URL and run several consumer processes. GOVDESK_HUEY_IMMEDIATE runs
# tasks inline in the web process (tests, or a deployment with no worker at all).
_REDIS_URL = env_str("REDIS_URL", "")
HUEY = {
    "name": "govdesk",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {
        "workers": env_int("WORKER_THREADS", 4),
        "worker_type": "thread",
        "periodic": True,
        "check_worker_health": True,
    },
}
if _REDIS_URL:
    # The priority queue (a sorted set; Redis 5 or later) lets alerts go ahead of the
    # search-index tasks a burst of reports also queues.
    HUEY.update(huey_class="huey.PriorityRedisHuey", url=_REDIS_URL)
else:
    HUEY.update(huey_class="huey.SqliteHuey", filename=str(VAR_DIR / "huey.sqlite3"))
    # SQLite cannot block on an empty queue, so huey polls it, backing off up to 10 s
    # by default: the first alerts of a burst after a quiet spell waited that long.
    HUEY["consumer"]["max_delay"] = 0.5
# Seconds one e-mail or webhook call may take, and how long a worker holds a
# delivery before another may assume it died and send it again (same key).
GOVDESK_DELIVERY_TIMEOUT_SECONDS = env_int("DELIVERY_TIMEOUT_SECONDS", 10)
GOVDESK_DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)
# Messages a DingTalk or WeCom robot is sent per minute: both accept 20 (DingTalk
# then throttles for 10 minutes); the margin leaves room for test sends.
GOVDESK_ROBOT_MESSAGES_PER_MINUTE = env_int("ROBOT_MESSAGES_PER_MINUTE", 18)
# A push address that fails this many calls in a row is switched off and its owner told.
GOVDESK_WEBHOOK_MAX_FAILURES = env_int("WEBHOOK_MAX_FAILURES", 10)
# Local hour from which the worker sends the day's digest to people who chose one.
GOVDESK_DIGEST_HOUR = env_int("DIGEST_HOUR", 17)
# A manual 催办 of the same task or solicitation is refused within these minutes.
GOVDESK_URGE_INTERVAL_MINUTES = env_int("URGE_INTERVAL_MINUTES", 30)

# The public portal's static copy (docs/portal.md): the worker rewrites it after every
# publication, withdrawal or correction when a directory is set; its address is what
# the copy's feeds and sitemap link to.
GOVDESK_PORTAL_EXPORT_DIR = env_str("PORTAL_EXPORT_DIR", "")
GOVDESK_PORTAL_EXPORT_URL = env_str("PORTAL_EXPORT_URL", "")

# Backups (`govdesk backup`, and daily by the worker at this local hour): how many
# archives the directory keeps.
GOVDESK_BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups"))).resolve()
GOVDESK_BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
GOVDESK_BACKUP_HOUR = env_int("BACKUP_HOUR", 2)
if not 0 <= GOVDESK_BACKUP_HOUR <= 23:
    raise EnvError(f"GOVDESK_BACKUP_HOUR must be an hour 0-23, got {GOVDESK_BACKUP_HOUR}")
if GOVDESK_BACKUP_KEEP < 1:
    raise EnvError(f"GOVDESK_BACKUP_KEEP must be at least 1, got {GOVDESK_BACKUP_KEEP}")

# The web server (`govdesk serve`, gunicorn). A request is CPU-bound Python, so only
# processes use more than one core: one per core by default, at least two (one may be
# restarted while the other serves), of four threads each (docs/performance.md).
GOVDESK_WEB = {
    "bind": env_str("BIND", "127.0.0.1:8000"),
    "workers": env_int("WEB_WORKERS", max(2, os.cpu_count() or 1)),
    "threads": env_int("WEB_THREADS", 4),
    "timeout": env_int("WEB_TIMEOUT", 60),
}
# Idempotency keys (govdesk.core.idempotency): a claim whose request died unsettled
# may be taken over after this many seconds; settled keys are purged after N days.
GOVDESK_REQUEST_KEY_CLAIM_SECONDS = env_int("REQUEST_KEY_CLAIM_SECONDS", 120)
GOVDESK_REQUEST_KEY_RETENTION_DAYS = env_int("REQUEST_KEY_RETENTION_DAYS", 7)
# /healthz answers 503 when the worker's last heartbeat is older than this.
GOVDESK_HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 180)

_LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # huey's lines as its consumer formats them (level, logger, thread).
    "formatters": {
        "huey": {"format": "[%(asctime)s] %(levelname)s:%(name)s:%(threadName)s:%(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "huey": {"class": "logging.StreamHandler", "formatter": "huey"},
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # `run_huey` gives the huey logger a handler of its own when it has none, and the
        # root's would print each line again: one handler here, not passed up, so each line
        # is printed once (and GOVDESK_LOG_LEVEL applies to the worker too).
        "huey": {"handlers": ["huey"], "level": _LOG_LEVEL, "propagate": False},
    },
}

# Exports of more rows than this are built by the worker and announced when ready;
# their files are kept this many hours.
GOVDESK_EXPORT_ASYNC_ROWS = env_int("EXPORT_ASYNC_ROWS", 2000)
GOVDESK_EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
