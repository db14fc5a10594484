"""Plenum's one settings file. Everything that differs between a venue laptop and a
server comes from environment variables through the small helpers below."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.setup import BASE_DIR, secret_key_path, static_root, var_dir

django_stubs_ext.monkeypatch()  # lets admin and querysets take type parameters

VAR_DIR = var_dir()
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A switch; a value that is neither on nor off stops the start, naming the variable:
    PLENUM_HTTPS=ture must not quietly serve without HTTPS."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is neither on nor off: use 1 or 0 (or true/false, yes/no, on/off)."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key() -> str:
    """PLENUM_SECRET_KEY, or the key `python -m config.setup` made for this installation."""
    if value := env_str("PLENUM_SECRET_KEY"):
        return value
    path = secret_key_path()
    if not path.exists():
        raise ImproperlyConfigured(
            f"{path} is missing: run `python -m config.setup` first (make run and make "
            "test do), or set PLENUM_SECRET_KEY."
        )
    return path.read_text().strip()


SECRET_KEY = secret_key()
DEBUG = env_bool("PLENUM_DEBUG")
# A venue laptop is reached by whatever LAN address the venue hands out, so any host
# is accepted unless the deployment says otherwise.
ALLOWED_HOSTS = env_list("PLENUM_ALLOWED_HOSTS", ["*"])
CSRF_TRUSTED_ORIGINS = env_list("PLENUM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    # The layers, from the core up (docs/architecture.md); pyproject.toml holds the
    # contract that each imports only those below it.
    "seminar",
    "agenda",
    "polls",
    "questions",
    "exercises",
    "live",
    "notes",
    "programmes",
    "config.apps.ConfigConfig",  # the deploy checks for our middleware (config/checks.py)
]

MIDDLEWARE = [
    # Django's and django-csp's middleware as subclasses whose hooks run on the event loop
    # (config/middleware.py): under ASGI each sync hook is a thread hop, and these were
    # most of what a small request cost. servestatic, django-htmx and axes are async-capable
    # of their own.
    "config.middleware.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "config.middleware.GZipMiddleware",
    "config.middleware.SessionMiddleware",
    "config.middleware.language_middleware",
    "config.middleware.CommonMiddleware",
    "config.middleware.CsrfViewMiddleware",
    "config.middleware.AuthenticationMiddleware",
    "config.middleware.RemoteScopeMiddleware",
    "config.middleware.MessageMiddleware",
    "config.middleware.XFrameOptionsMiddleware",
    "config.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a login refused for too many failures into our page.
    "axes.middleware.AxesMiddleware",
]

# Django looks for its middleware by dotted path; ours extend it (config/checks.py).
SILENCED_SYSTEM_CHECKS = [
    "security.W001",
    "security.W002",
    "security.W003",
    "security.W010",
    "security.W013",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

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
                "config.context_processors.deployment",
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "plenum.sqlite3"
if env_str("DATABASE_URL"):
    # Under ASGI every request may run in a fresh worker thread: persistent connections
    # per thread would soon use up the server's connections. A pool per process instead.
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 20}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers run while a vote is written; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers queue instead of failing mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not SQLite's shared in-memory database: that one locks whole tables
            # and fails concurrent writers, where the real database makes them wait.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
            # Websocket handshakes and screen renders share one long-lived worker thread, the
            # phones' paths a few more: reusing a connection saves opening SQLite (and its
            # PRAGMAs and functions) on every call, a third of a handshake's CPU. Requests
            # still close theirs (seminar/connections.py); PostgreSQL has its pool instead.
            "CONN_MAX_AGE": 60,
        }
    }

# The phone's pages and the batches of votes do their database work in this many
# long-lived threads, which keep their connections (seminar/connections.py).
DATABASE_WORKER_THREADS = 4

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a login that is locked out before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "seminar:my_seminars"
LOGOUT_REDIRECT_URL = "front_page"

# Failed logins (our login page and the admin's alike): after ten from one address, or for
# one user name, with no pause of 15 minutes between them, every login from that address
# or for that name is refused (HTTP 429, registration/locked_out.html) until 15 minutes
# have passed with no new attempt. An administrator lifts it at once (README: "Login
# attempts").
# The failures are kept in the database (SQLite or PostgreSQL, shared by every worker
# process), not the cache: the default cache is per process.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
# A try while locked out starts the 15 minutes again, so "try again in 15 minutes" is true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Not reset by a success: one's own account must not clear an address's count of guesses
# at other people's passwords.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# No lasting record of who logged in from where: only failures, gone after the cool-off.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = static_root()  # made by config.setup: ServeStatic warns about a missing one
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("PLENUM_MEDIA_ROOT", str(VAR_DIR / "media")))
# Static files are for this site's own pages: no cross-origin header on each one.
SERVESTATIC_ALLOW_ALL_ORIGINS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.MinifiedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PLENUM_HTTPS=1: the site is served over HTTPS only (a server, not a venue laptop).
HTTPS = env_bool("PLENUM_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # Plain HTTP gets a 301 to the same URL on HTTPS, and every HTTPS response tells the
    # browser to use nothing else for a year (PLENUM_HSTS_SECONDS shortens that, e.g. 3600
    # for a first deployment). Not for subdomains, nor in the preload list: the other hosts
    # of a municipality's domain are not ours to pin.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("PLENUM_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False
    # TLS ends at the proxy in front (README: "Running for many venues"), which must set
    # X-Forwarded-Proto on every request, replacing any the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script reads the CSRF cookie: htmx sends the token from the page (base.html).
CSRF_COOKIE_HTTPONLY = True
# Pages nobody may frame, except the projector where a venue's own display system does
# (e.g. "https://skjerm.sel.kommune.no"): the origins listed here may frame it.
PROJECTOR_FRAME_ANCESTORS = env_list("PLENUM_PROJECTOR_FRAME_ANCESTORS", [])

# No inline script or style anywhere, and nothing from another host: the app must run
# on a venue network without internet.
# default-src 'self' already covers scripts, styles, fonts and connections (websockets
# included); naming them again would only lengthen a header every response carries.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PLENUM_LOG_LEVEL", "WARNING")},
}

# Where `seed_demo` keeps the demo facilitator's generated password.
DEMO_CREDENTIALS_PATH = VAR_DIR / "demo_facilitator.json"

# The address phones use to reach this server, e.g. https://plenum.example.no: set on a
# server (behind a proxy), it is what every join QR code carries. Unset (a laptop), the
# address is made from where `serve` listens (it sets PLENUM_LISTEN_HOST and _PORT for
# every process) and the machine's network addresses: seminar.lan.server_join_address.
PUBLIC_URL = env_str("PLENUM_PUBLIC_URL").rstrip("/")
LISTEN_HOST = env_str("PLENUM_LISTEN_HOST", "localhost")
LISTEN_PORT = env_int("PLENUM_LISTEN_PORT", 8000)

# Who runs this installation, for the privacy notice and every page's footer. Public bodies
# must publish an accessibility statement (uustatus.no) and say who is responsible for the
# data; without these set, the built-in About page says it in general terms.
DATA_CONTROLLER = env_str("PLENUM_DATA_CONTROLLER")  # e.g. "Sel kommune"
CONTACT_EMAIL = env_str("PLENUM_CONTACT_EMAIL")  # questions about data and accessibility
ACCESSIBILITY_STATEMENT_URL = env_str("PLENUM_ACCESSIBILITY_STATEMENT_URL")
