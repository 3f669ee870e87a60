"""GovDesk settings. Everything a deployment changes is read from GOVDESK_* variables.

The embedded default needs nothing: SQLite in ``var/`` beside the working
directory. Scale mode sets GOVDESK_DATABASE_URL (PostgreSQL) and friends.
"""

import secrets
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
    "treebeard",
    "ninja",
    "govdesk.audit",
    "govdesk.units",
    "govdesk.accounts",
    "govdesk.publications",
    "govdesk.items",
    "govdesk.annotations",
    "govdesk.solicitations",
    "govdesk.notifications",
    "govdesk.scoring",
    "govdesk.emergencies",
    "govdesk.circulars",
    "govdesk.awards",
    "huey.contrib.djhuey",
    "govdesk.search",
    "govdesk.quality",
    "govdesk.web",
    "govdesk.api",
    "govdesk.demo",
    "govdesk.bench",
    "govdesk.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "govdesk.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

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

# Uploads: Django streams anything larger than this to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Per-kind attachment limits in MiB (see govdesk.items.attachments).
GOVDESK_ATTACHMENT_LIMITS_MB = {
    "image": env_int("ATTACHMENT_IMAGE_MB", 20),
    "video": env_int("ATTACHMENT_VIDEO_MB", 500),
    "audio": env_int("ATTACHMENT_AUDIO_MB", 100),
    "document": env_int("ATTACHMENT_DOCUMENT_MB", 50),
}
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
    HUEY.update(huey_class="huey.RedisHuey", url=_REDIS_URL)
else:
    HUEY.update(huey_class="huey.SqliteHuey", filename=str(VAR_DIR / "huey.sqlite3"))
# Seconds one e-mail or webhook call may take, and how long a worker holds a
# delivery before another may assume it died and send it again (same key).
GOVDESK_DELIVERY_TIMEOUT_SECONDS = env_int("DELIVERY_TIMEOUT_SECONDS", 10)
GOVDESK_DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)

# Backups (`govdesk backup`, and daily by the worker at this local hour): how many
# archives the directory keeps.
GOVDESK_BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups"))).resolve()
GOVDESK_BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
GOVDESK_BACKUP_HOUR = env_int("BACKUP_HOUR", 2)
if not 0 <= GOVDESK_BACKUP_HOUR <= 23:
    raise EnvError(f"GOVDESK_BACKUP_HOUR must be an hour 0-23, got {GOVDESK_BACKUP_HOUR}")
if GOVDESK_BACKUP_KEEP < 1:
    raise EnvError(f"GOVDESK_BACKUP_KEEP must be at least 1, got {GOVDESK_BACKUP_KEEP}")

# The web server (`govdesk serve`, gunicorn). The defaults suit the 2-core embedded
# box: two processes (one may be restarted while the other serves) of four threads.
GOVDESK_WEB = {
    "bind": env_str("BIND", "127.0.0.1:8000"),
    "workers": env_int("WEB_WORKERS", 2),
    "threads": env_int("WEB_THREADS", 4),
    "timeout": env_int("WEB_TIMEOUT", 60),
}
# Idempotency keys (govdesk.web.idempotency): a claim whose request died unsettled
# may be taken over after this many seconds; settled keys are purged after N days.
GOVDESK_REQUEST_KEY_CLAIM_SECONDS = env_int("REQUEST_KEY_CLAIM_SECONDS", 120)
GOVDESK_REQUEST_KEY_RETENTION_DAYS = env_int("REQUEST_KEY_RETENTION_DAYS", 7)
# /healthz answers 503 when the worker's last heartbeat is older than this.
GOVDESK_HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
