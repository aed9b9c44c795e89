"""Settings for nap1540, read from the environment.

Every variable is listed in the README with its default. Helpers raise on
values they cannot parse, so a typo in production fails at start-up instead of
silently falling back to a default.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name or sqlite:///path into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database after the host.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "TEST": {"NAME": env_str("DATABASE_TEST_NAME") or None},
        }
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported; use postgres:// or sqlite://."
    )


DEBUG = env_bool("DEBUG", False)
VAR_DIR = Path(env_str("NAP1540_VAR_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Development only: a per-checkout key kept in var/, never committed.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "nap1540")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    # Serves the API docs' Swagger UI from its own static files, not from a CDN.
    "ninja",
    "nap1540.core",
    "nap1540.accounts",
    "nap1540.registry",
    "nap1540.matrix",
    "nap1540.plans",
    "nap1540.assistance",
    "nap1540.events",
    "nap1540.reports",
    "nap1540.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "nap1540.core.http.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "nap1540.core.http.uploads.UploadSizeMiddleware",
    "nap1540.core.http.middleware.RejectNulMiddleware",
    "nap1540.core.http.params.BadParameterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx, read by nap1540.core.http.htmx (the fragment-or-page rule).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Fields sized by content (number, date, short code, line, text) for every form.
FORM_RENDERER = "nap1540.core.forms.Renderer"

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
                "nap1540.web.context_processors.site",
            ],
        },
    }
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    _default_db = database_from_url(_database_url)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "nap1540.sqlite3"),
        # Tests run on a file too: an in-memory database shares its tables between threads
        # only through SQLite's shared cache, which fails at once ("database table is
        # locked") instead of waiting as a file with WAL does, so concurrency tests
        # could not run as production does.
        "TEST": {"NAME": env_str("DATABASE_TEST_NAME") or str(VAR_DIR / "test-nap1540.sqlite3")},
    }
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer holds the lock; the timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    _default_db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:dashboard"

# Login throttling: lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

LANGUAGE_CODE = "en"
# The six official languages of the United Nations, in the UN's order.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "nap1540" / "locale"]
FORMAT_MODULE_PATH = ["nap1540.formats"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest needs `collectstatic`; development and tests serve from the apps.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if STORAGES["staticfiles"]["BACKEND"].startswith("django."):
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Rendered PDFs by the hash of their HTML (nap1540.core.rendering.pdf): a download of an
# unchanged report is read back in milliseconds instead of laid out again for seconds. A file
# cache, so that every server worker shares it; it sits with the database under VAR_DIR.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("DOCUMENT_CACHE_DIR") or str(VAR_DIR / "cache" / "documents"),
        "TIMEOUT": env_int("DOCUMENT_CACHE_SECONDS", 30 * 24 * 3600),
        "OPTIONS": {"MAX_ENTRIES": env_int("DOCUMENT_CACHE_ENTRIES", 5000)},
    },
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sentence embeddings in the matching engine (needs the `semantic` extra; lexical otherwise).
MATCHING_SEMANTIC = env_bool("MATCHING_SEMANTIC", False)
# Criterion weights fitted by `nap1540 fit-matching-weights --write FILE` (the defaults if empty).
MATCHING_WEIGHTS_FILE = env_str("MATCHING_WEIGHTS_FILE", "")

# Demo mode (`nap1540 demo` turns it on): the login page lists the demo logins and their
# password, and `load_demo --reset` may empty the database. Never on in production.
# E-mail (reminders): Django's mail settings, read from the environment. On an air-gapped
# network EMAIL_HOST is the internal relay. SITE_URL (https://nap1540.example.org) makes the
# links in messages absolute; without it messages carry no links.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nap1540@localhost")
SITE_URL = env_str("SITE_URL")
# Whether `nap1540 run-scheduled` e-mails reminders (the inbox has them either way).
REMINDER_EMAILS = env_bool("REMINDER_EMAILS", False)

NAP1540_DEMO = env_bool("NAP1540_DEMO", False)

# The largest file anyone may upload (matrix and plan workbooks); larger requests get 413.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
# Set here so the OpenAPI document shows the same bound the paginator enforces.
NINJA_PAGINATION_MAX_OFFSET = 1_000_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
