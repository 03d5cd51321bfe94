"""
Pressroom settings. Everything that differs between machines comes from the
environment, so one settings module serves development, tests and production.

DATABASE_URL   database (default: SQLite file db.sqlite3 in the project folder)
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" turns on debug mode (default off)
ALLOWED_HOSTS  comma-separated host names
CACHE_URL / REDIS_URL   cache (default: local memory)
EMAIL_URL      outgoing mail, e.g. smtp+tls://user:password@smtp.example.com:587
               (default: printed to the console); DEFAULT_FROM_EMAIL its sender
MEDIA_ROOT     where uploaded files go (default: media/ in the project folder)
PRESSROOM_LANGUAGE      the newsroom's default language, "sv" or "en"
PRESSROOM_TECHNICAL_ERROR_PAGES   "1" with DEBUG: Django's technical 404 and 500 pages
                        instead of the site's own
"""

import json
import os
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .email_url import mail_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "axes",
    "django_tasks_db",
    "pressroom",
    "blog",
    "reach",
]
if django.VERSION < (6, 0):
    # Django 5.2 takes the Tasks framework from the django-tasks backport (pressroom.tasks).
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_tasks")

MIDDLEWARE = [
    # First: a cached page is answered at once, with the headers all the others gave it.
    "pressroom.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pressroom.middleware.SecurityHeadersMiddleware",
    # With DEBUG on: the designed 404 and 500 pages, not Django's technical ones.
    "pressroom.middleware.DesignedErrorPagesMiddleware",
    "pressroom.middleware.NulByteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in each user's own language; before any other view middleware answers.
    "pressroom.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "blog.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses logins from a user name and address that failed too often.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "pressroom.urls"
WSGI_APPLICATION = "pressroom.wsgi.application"

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
                "pressroom.context_processors.newsroom",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (editors, an import, the task worker) must wait their turn,
    # not fail with "database is locked": readers never block the writer (WAL), a
    # transaction takes the write lock when it starts, not when it first writes, so two
    # cannot deadlock upgrading their read locks (IMMEDIATE), and a writer waits up to
    # SQLITE_TIMEOUT seconds for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
    # In tests the replica is the same database, so test data is visible to reads.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["pressroom.db_routers.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url: str) -> dict:
    """Django's own Redis cache at ``url``, with timeouts that keep a hung Redis cheap."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "pressroom",
        # A hung Redis must not hold requests for seconds: the cache fails open (see
        # pressroom/shared_cache.py), so a request that gives up early is only slower,
        # and after a failure each process leaves Redis alone for a while. Not shorter:
        # on a busy machine a healthy Redis can take a few hundred milliseconds to answer,
        # and every failure starts a new content version (a cold page cache).
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        },
    }


_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url and _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": redis_cache(_cache_url)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (pressroom.tasks): a queue kept in the database, worked through by
# `manage.py db_worker` (bin/start runs one beside the site; docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the newsroom's default language is unprefixed in URLs,
# the other one lives under /<code>/.
LANGUAGE_CODE = os.environ.get("PRESSROOM_LANGUAGE", "sv")
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"PRESSROOM_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}.")
# The languages a post can be written in, whatever the interface speaks: a newsroom with a
# Swedish and English interface can still publish (or import) posts in Japanese. These are
# the languages Django has translations for (Django's own catalogues translate the names),
# written out so that the list and the migrations do not change with the Django version.
# fmt: off
PRESSROOM_CONTENT_LANGUAGES = [
    ("af", _("Afrikaans")), ("ar", _("Arabic")), ("ar-dz", _("Algerian Arabic")),
    ("ast", _("Asturian")), ("az", _("Azerbaijani")), ("bg", _("Bulgarian")),
    ("be", _("Belarusian")), ("bn", _("Bengali")), ("br", _("Breton")), ("bs", _("Bosnian")),
    ("ca", _("Catalan")), ("ckb", _("Central Kurdish (Sorani)")), ("cs", _("Czech")),
    ("cy", _("Welsh")), ("da", _("Danish")), ("de", _("German")), ("dsb", _("Lower Sorbian")),
    ("el", _("Greek")), ("en", _("English")), ("en-au", _("Australian English")),
    ("en-gb", _("British English")), ("eo", _("Esperanto")), ("es", _("Spanish")),
    ("es-ar", _("Argentinian Spanish")), ("es-co", _("Colombian Spanish")),
    ("es-mx", _("Mexican Spanish")), ("es-ni", _("Nicaraguan Spanish")),
    ("es-ve", _("Venezuelan Spanish")), ("et", _("Estonian")), ("eu", _("Basque")),
    ("fa", _("Persian")), ("fi", _("Finnish")), ("fr", _("French")), ("fy", _("Frisian")),
    ("ga", _("Irish")), ("gd", _("Scottish Gaelic")), ("gl", _("Galician")), ("he", _("Hebrew")),
    ("hi", _("Hindi")), ("hr", _("Croatian")), ("hsb", _("Upper Sorbian")),
    ("hu", _("Hungarian")), ("hy", _("Armenian")), ("ia", _("Interlingua")),
    ("id", _("Indonesian")), ("ig", _("Igbo")), ("io", _("Ido")), ("is", _("Icelandic")),
    ("it", _("Italian")), ("ja", _("Japanese")), ("ka", _("Georgian")), ("kab", _("Kabyle")),
    ("kk", _("Kazakh")), ("km", _("Khmer")), ("kn", _("Kannada")), ("ko", _("Korean")),
    ("ky", _("Kyrgyz")), ("lb", _("Luxembourgish")), ("lt", _("Lithuanian")),
    ("lv", _("Latvian")), ("mk", _("Macedonian")), ("ml", _("Malayalam")), ("mn", _("Mongolian")),
    ("mr", _("Marathi")), ("ms", _("Malay")), ("my", _("Burmese")), ("nb", _("Norwegian Bokmål")),
    ("ne", _("Nepali")), ("nl", _("Dutch")), ("nn", _("Norwegian Nynorsk")), ("os", _("Ossetic")),
    ("pa", _("Punjabi")), ("pl", _("Polish")), ("pt", _("Portuguese")),
    ("pt-br", _("Brazilian Portuguese")), ("ro", _("Romanian")), ("ru", _("Russian")),
    ("sk", _("Slovak")), ("sl", _("Slovenian")), ("sq", _("Albanian")), ("sr", _("Serbian")),
    ("sr-latn", _("Serbian Latin")), ("sv", _("Swedish")), ("sw", _("Swahili")),
    ("ta", _("Tamil")), ("te", _("Telugu")), ("tg", _("Tajik")), ("th", _("Thai")),
    ("tk", _("Turkmen")), ("tr", _("Turkish")), ("tt", _("Tatar")), ("udm", _("Udmurt")),
    ("ug", _("Uyghur")), ("uk", _("Ukrainian")), ("ur", _("Urdu")), ("uz", _("Uzbek")),
    ("vi", _("Vietnamese")), ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
]
# fmt: on
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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

# Media on S3-compatible object storage through django-storages (pip install
# "pressroom[s3]"); every file goes through Django's storage API, so nothing else changes.
if os.environ.get("PRESSROOM_MEDIA_STORAGE") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

TAGGIT_CASE_INSENSITIVE = True

# Mail: EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://; see email_url.py); unset, messages
# are printed to the console. DEFAULT_FROM_EMAIL is the sender of every message.
# (MAILERS on Django 6.1+, EMAIL_* before; pressroom.mail.connection() opens either.)
globals().update(mail_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Uploaded files are served by Django (pressroom.media), which checks on each request that
# the picture is public. Behind nginx, set this to an internal location that serves
# MEDIA_ROOT (e.g. "/_media/") and nginx sends the bytes after Django said yes.
PRESSROOM_MEDIA_ACCEL_REDIRECT = os.environ.get("PRESSROOM_MEDIA_ACCEL_REDIRECT", "")
# How long a browser that opened a preview link may load the post's pictures.
PRESSROOM_MEDIA_GRANT_SECONDS = int(os.environ.get("PRESSROOM_MEDIA_GRANT_SECONDS", "3600"))

# Pressroom's own settings.
PRESSROOM_NAME = os.environ.get("PRESSROOM_NAME", "Pressroom")
# Follow by e-mail: a follow form sent sooner than this after it was shown is a robot's.
PRESSROOM_FOLLOW_MIN_SECONDS = float(os.environ.get("PRESSROOM_FOLLOW_MIN_SECONDS", "2"))
# The newsroom's public address, for links in e-mail and press kits (made with no request).
PRESSROOM_SITE_URL = os.environ.get("PRESSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PRESSROOM_PHONE_REGION = os.environ.get("PRESSROOM_PHONE_REGION", "SE")
PRESSROOM_PAGE_SIZE = 12
# How many of the newest posts a feed carries.
PRESSROOM_FEED_LENGTH = int(os.environ.get("PRESSROOM_FEED_LENGTH", "30"))

LOGIN_URL = "admin:login"
# Where a login goes when its ?next= is missing or refused (an address on another site).
LOGIN_REDIRECT_URL = "admin:index"

# Logs are one JSON object a line (LOG_FORMAT=text for plain lines while developing).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pressroom.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # runserver's "Watching for file changes" line on every start.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}

# With DEBUG on, missing pages and errors still show the site's own pages (as readers see
# them); developers who want Django's technical pages set PRESSROOM_TECHNICAL_ERROR_PAGES=1.
PRESSROOM_TECHNICAL_ERROR_PAGES = env_bool("PRESSROOM_TECHNICAL_ERROR_PAGES")

# The admin's address; a less guessable path keeps noise away from the login form.
PRESSROOM_ADMIN_PATH = os.environ.get("PRESSROOM_ADMIN_PATH", "admin/").strip("/") + "/"

# In development WhiteNoise serves straight from the source folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Caching. The full-page cache for anonymous readers is on when a shared cache
# (Redis) is configured, since a per-process memory cache cannot be cleared
# across several web processes; PRESSROOM_PAGE_CACHE=1/0 decides explicitly.
PRESSROOM_PAGE_CACHE = env_bool("PRESSROOM_PAGE_CACHE", default=bool(_cache_url))
PRESSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("PRESSROOM_PAGE_CACHE_SECONDS", "600"))
PRESSROOM_BROWSER_CACHE_SECONDS = int(os.environ.get("PRESSROOM_BROWSER_CACHE_SECONDS", "60"))
# Each web process keeps the pages it served lately (up to this many bytes of them) and
# trusts the content version it read for this long: a change made through one process
# shows there at once and in every other process within this time (0: at once, at the
# cost of a round trip to Redis for every page). bench/pages.py shows why it is there.
PRESSROOM_PAGE_CACHE_LOCAL_BYTES = int(
    os.environ.get("PRESSROOM_PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024))
)
PRESSROOM_PAGE_CACHE_SYNC_SECONDS = float(
    os.environ.get("PRESSROOM_PAGE_CACHE_SYNC_SECONDS", "0.1")
)
# After the cache fails, each process leaves it alone this long before trying again
# (and logs the failure at most once in this time).
PRESSROOM_CACHE_RETRY_SECONDS = float(os.environ.get("PRESSROOM_CACHE_RETRY_SECONDS", "5"))
# The query parameters public pages read (lists: page; search: q and its filters;
# paginated sitemaps: p). Anonymous requests reach pages with these only, and they alone
# tell cached pages apart. A public view that reads another parameter adds it here, or
# its path to PRESSROOM_PAGE_CACHE_EXEMPT.
PRESSROOM_PAGE_QUERY_PARAMETERS = {"page", "q", "kind", "topic", "year", "p"}
# Paths that never touch the page cache (their answers are live by nature).
PRESSROOM_PAGE_CACHE_EXEMPT = ["/healthz"]
# A CDN in front of the site is purged after every committed content change when
# PRESSROOM_CDN_PURGE_URL is set (pressroom/cdn.py; examples in docs/deploy.md).
PRESSROOM_CDN_PURGE_URL = os.environ.get("PRESSROOM_CDN_PURGE_URL", "")
PRESSROOM_CDN_PURGE_METHOD = os.environ.get("PRESSROOM_CDN_PURGE_METHOD", "POST")
# A JSON object of request headers (the CDN's API token goes here) and the request body.
PRESSROOM_CDN_PURGE_HEADERS = json.loads(os.environ.get("PRESSROOM_CDN_PURGE_HEADERS") or "{}")
PRESSROOM_CDN_PURGE_BODY = os.environ.get("PRESSROOM_CDN_PURGE_BODY", "")
PRESSROOM_CDN_PURGE_TIMEOUT = float(os.environ.get("PRESSROOM_CDN_PURGE_TIMEOUT", "3"))
# Saving or deleting anything in these apps clears the page cache.
PRESSROOM_CONTENT_APPS = {"blog", "pressroom", "taggit"}
# Bookkeeping in those apps that readers never see.
PRESSROOM_NOT_CONTENT_MODELS = {"blog.previewlink", "blog.previewaccess", "blog.auditentry"}

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    # Opt-in: they bind every subdomain of the site's domain to HTTPS, and preloading is
    # hard to undo, so only an operator who knows all subdomains can turn them on.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# No inline script or style on the reader site; embeds only from the video hosts
# that blog.markdown lets through.
PRESSROOM_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *env_list("PRESSROOM_CSP_IMG_HOSTS")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PRESSROOM_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# The client's address (pressroom.clientip): behind PRESSROOM_PROXY_COUNT trusted proxies
# (a load balancer: 1; a CDN in front of it: 2) it is read from the header they append to,
# X-Forwarded-For unless PRESSROOM_PROXY_HEADER names another. AXES_IPWARE_PROXY_COUNT is
# the name earlier documentation gave the count, and is read too.
PRESSROOM_PROXY_COUNT = int(
    os.environ.get("PRESSROOM_PROXY_COUNT") or os.environ.get("AXES_IPWARE_PROXY_COUNT") or "0"
)
PRESSROOM_PROXY_HEADER = os.environ.get("PRESSROOM_PROXY_HEADER", "X-Forwarded-For")

# Admin logins: five failures from one address lock it for an hour, whatever user names
# were tried (so one client cannot try a password against every account), and so do five
# for one user name from one address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "pressroom.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
# Otherwise django-axes logs a start-up line in every process and command; login failures
# and lockouts are logged either way (AXES_VERBOSE=1 adds the browser to those lines).
AXES_VERBOSE = env_bool("AXES_VERBOSE")

# Image library (pressroom/images/). Uploads larger than these are refused; the pixel
# limit also stops decompression bombs before anything is decoded.
# What rendering one post body may take (blog.markdown): characters, and seconds in the
# rendering process before it is stopped. The length stays well below what one admin
# request may carry (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB by default).
PRESSROOM_MARKDOWN_MAX_LENGTH = int(os.environ.get("PRESSROOM_MARKDOWN_MAX_LENGTH", 500_000))
PRESSROOM_MARKDOWN_TIMEOUT = float(os.environ.get("PRESSROOM_MARKDOWN_TIMEOUT", 10))

PRESSROOM_IMAGE_MAX_BYTES = int(os.environ.get("PRESSROOM_IMAGE_MAX_BYTES", 25 * 1024 * 1024))
PRESSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("PRESSROOM_IMAGE_MAX_PIXELS", 50_000_000))
# Widths of the renditions made once per image (never wider than the original).
PRESSROOM_IMAGE_WIDTHS = [320, 640, 960, 1200, 1600, 2000]
# A press kit zip stops taking in images past this size; the rest are listed as links.
PRESSROOM_PRESS_KIT_MAX_BYTES = int(
    os.environ.get("PRESSROOM_PRESS_KIT_MAX_BYTES", 200 * 1024 * 1024)
)
