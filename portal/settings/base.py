"""Settings every deployment shares; safe for production on their own.

DEBUG is off, and secrets, hosts and services come from the environment (see the
README's configuration table). ``dev.py`` and ``test.py`` relax what a laptop and
the suite need; ``production.py`` refuses to start half-configured.
"""

import importlib.util
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    """An environment variable read as a boolean ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "network",
    "search",
    "webhooks",
    "preview",
    "network.translation",
    "network.cycle",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with limits on who grants which rights (network/users.py).
    "network.apps.PortalUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # Django Ninja's own Swagger UI assets: /api/v3/docs/ loads them from STATIC_URL,
    # never from a CDN.
    "ninja",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT: compressed, hashed, cached for a year (gunicorn alone).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The headless API's CORS, validators, Cache-Control and response cache (/api/ only).
    "network.api.middleware.APICorsMiddleware",
    "network.api.caching.APICacheMiddleware",
    # Every /api/ error as application/problem+json, a last-resort 500 included.
    "network.api.middleware.APIProblemMiddleware",
    # Content-Security-Policy on every response (django-csp; the admin's allowances).
    "portal.middleware.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that it leaves /api/ 404s alone.
    "network.api.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The admin's preview panel frames the admin's own preview view (portal/middleware.py).
    "portal.middleware.AdminFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Anonymous visitors' HTML from the shared cache (portal/page_cache.py); last, so a
    # cached page still passes through every other middleware on its way out.
    "portal.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, scheduler) on one file: readers never wait for the
    # writer (WAL), and a transaction takes the write lock when it starts (IMMEDIATE)
    # instead of failing with "database is locked" when it upgrades from reading.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A PostgreSQL that does not answer fails a request (and /health/) in seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis, shared by every process, when REDIS_URL is set; local memory otherwise.
# Redis down or frozen is a cache miss after at most REDIS_TIMEOUT (portal/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    from portal.cache import redis_cache

    CACHES = {"default": redis_cache(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "portal"))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. Every language of the network's countries, named in itself; a deployment
# narrows them with PORTAL_LANGUAGES (a comma-separated list of codes, English first).
ALL_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("hu", "Magyar"),
    ("sr", "Српски"),
    ("pt-br", "Português (Brasil)"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
    ("th", "ไทย"),
]
_wanted_languages = env_list("PORTAL_LANGUAGES") or [code for code, _name in ALL_LANGUAGES]
LANGUAGES = [(code, name) for code, name in ALL_LANGUAGES if code in _wanted_languages]
LANGUAGE_CODE = "en"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates the European way ("31 March 2027, 17:00"); see portal/formats/.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
# The secretariat's time zone: editors type deadlines in it unless their profile says
# otherwise; storage is UTC and the API gives ISO 8601 with offsets.
TIME_ZONE = os.environ.get("PORTAL_TIME_ZONE", "Europe/Paris")

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (pip install '.[s3]'), for several app servers:
# set AWS_STORAGE_BUCKET_NAME, and the AWS_* variables of the README.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH")
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    # Documents always go through the portal's view, which checks private collections.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The app serves MEDIA_ROOT itself (portal/media.py) where no object storage or front
# server does: on by default with local files, off with S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Wagtail
WAGTAIL_SITE_NAME = _("Michelin Cities")
# The card shown when a page without a picture is shared (network.reach.social): a file
# of the static files or an absolute URL; the network's own card by default.
SOCIAL_DEFAULT_IMAGE = os.environ.get("SOCIAL_DEFAULT_IMAGE", "")
# Where visitors reach the portal: `manage.py set_site_url` gives it to the default Site,
# from which Wagtail builds absolute URLs (API, feeds, sitemap, webhooks); the admin's
# emails link to WAGTAILADMIN_BASE_URL. Either one set gives both.
PORTAL_BASE_URL = (
    os.environ.get("PORTAL_BASE_URL")
    or os.environ.get("WAGTAILADMIN_BASE_URL")
    or "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or PORTAL_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "network.PortalImage"
# Who may do what to a page: Wagtail's rules, minus deleting, moving, copying, adding and
# unpublishing for translators (network.translation.permissions).
PORTAL_PAGE_PERMISSION_TESTER = "network.translation.permissions.PortalPagePermissionTester"
# No avatars from gravatar.com: the admin asks nothing of another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the dashboard's check for a new Wagtail release (releases.wagtail.org).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "bold",
                "italic",
                "ol",
                "ul",
                "link",
                "document-link",
            ]
        },
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Translation workflow (wagtail-localize; docs/README-translators.md).
# Submitting, machine-translating and syncing save drafts; only a person with publish
# rights in a locale makes its translation live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Submitting a subtree runs as a django-tasks task (at once, or on the worker).
WAGTAILLOCALIZE_JOBS = {"BACKEND": "network.translation.jobs.DjangoTasksJobBackend"}
# Uploaded PO files above this size are refused before they are read.
TRANSLATION_PO_MAX_UPLOAD_SIZE = int(os.environ.get("TRANSLATION_PO_MAX_UPLOAD_SIZE", 2 * 1024**2))
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "")


def machine_translator(deepl_api_key="", offline=False):
    """wagtail-localize's machine translator: DeepL with a key, else the offline marker
    translator where asked (development and tests), else none (the button is hidden)."""
    if deepl_api_key:
        return {
            "CLASS": "network.translation.machine.PortalDeepLTranslator",
            "OPTIONS": {"AUTH_KEY": deepl_api_key},
        }
    if offline:
        return {"CLASS": "network.translation.machine.OfflineTranslator", "OPTIONS": {}}
    return None


WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(DEEPL_API_KEY)

# Search (docs/README-search.md): the language-aware database backend; Elasticsearch when
# ELASTICSEARCH_URL names a cluster (its client is the optional ".[elasticsearch]"
# extra), with the database backend kept up to date beside it as the fallback while the
# cluster is unreachable.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if ELASTICSEARCH_URL and importlib.util.find_spec("elasticsearch") is None:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "ELASTICSEARCH_URL is set but the Elasticsearch client is not installed: "
        'pip install ".[elasticsearch]" (or unset ELASTICSEARCH_URL for database search).'
    )
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX", "portal") + "_",
            "TIMEOUT": int(os.environ.get("ELASTICSEARCH_TIMEOUT", "5")),
        },
        "database": {"BACKEND": "search.backends.database"},
    }

# Mail: the console unless EMAIL_URL-style settings are given.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Michelin Cities <noreply@michelin-cities.example>"
)

# Moderation (see docs/README-editors.md): Wagtail's notification emails to the
# submitter and the reviewers. Superusers get them only when asked: the Moderators and
# Secretariat groups are the reviewers. An approval publishes as the reviewer, who
# needs no publish permission of their own (network/workflows.py).
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", DEFAULT_FROM_EMAIL
)
WAGTAILADMIN_NOTIFICATION_USE_HTML = env_bool("WAGTAILADMIN_NOTIFICATION_USE_HTML")
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = env_bool(
    "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS"
)
WAGTAIL_FINISH_WORKFLOW_ACTION = "network.editorial.workflows.publish_approved_revision"

# Security: secure by default; dev.py relaxes it for http://127.0.0.1.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is on, as `check --deploy` asks: the portal is served over HTTPS only, with
# its subdomains. A deployment on a domain that is not ready sets SECURE_HSTS_PRELOAD=0.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Nothing may frame the portal; the admin frames itself (portal/middleware.py).
X_FRAME_OPTIONS = "DENY"


def task_backends(default):
    """(TASKS_BACKEND, TASKS) from the environment, ``default`` where it is unset."""
    name = os.environ.get("TASKS_BACKEND", default).strip().lower()
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    if name not in backends:
        raise ImproperlyConfigured(f"TASKS_BACKEND={name!r} is not one of: {', '.join(backends)}.")
    return name, {"default": {"BACKEND": backends[name]}}


# Background tasks (django-tasks): run immediately in the process that enqueues them, or,
# with TASKS_BACKEND=database (production's default), stored in the database for
# `manage.py run_worker` to run.
TASKS_BACKEND, TASKS = task_backends("immediate")

# Webhooks (webhooks/delivery.py): per-request timeout, attempts before a delivery is
# marked failed, and the exponential backoff between attempts (base, 2x, 4x, ... capped).
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "12"))
WEBHOOK_RETRY_BASE_DELAY = float(os.environ.get("WEBHOOK_RETRY_BASE_DELAY", "30"))
WEBHOOK_RETRY_MAX_DELAY = float(os.environ.get("WEBHOOK_RETRY_MAX_DELAY", str(6 * 3600)))

# Headless preview (preview/tokens.py): the front end's preview URL, for every site or per
# Site hostname (JSON object), with {locale}, {hostname}, {root_url} and {token}
# placeholders; tokens expire after HEADLESS_PREVIEW_MAX_AGE seconds.
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
try:
    HEADLESS_PREVIEW_URLS = json.loads(os.environ.get("HEADLESS_PREVIEW_URLS") or "{}")
    if not isinstance(HEADLESS_PREVIEW_URLS, dict):
        raise ValueError
except ValueError as error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "HEADLESS_PREVIEW_URLS must be a JSON object, e.g. "
        '{"portal.example.org": "https://app.example.org/{locale}/preview/"}.'
    ) from error
HEADLESS_PREVIEW_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_MAX_AGE", "600"))

# Headless API (docs/README-api.md). Rich text is always display HTML; a listing page
# holds at most WAGTAILAPI_LIMIT_MAX items.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "300"))
API_CACHE_TIMEOUT = int(os.environ.get("API_CACHE_TIMEOUT", "300"))
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
# Seconds the cached content generation is trusted before it is read again from the
# database (bounds how long a publish made while Redis was unreachable stays unseen).
CACHE_GENERATION_TTL = int(os.environ.get("CACHE_GENERATION_TTL", "10"))
# Seconds the server keeps an anonymous visitor's page (portal/page_cache.py); 0: off.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "60"))
# Seconds a process keeps a locale row by language code (network.i18n.locales).
LOCALE_CACHE_TTL = int(os.environ.get("LOCALE_CACHE_TTL", "300"))

# CDN purge on publish, unpublish, move and delete, for every locale's URL:
# FRONTEND_CACHE_BACKEND = http (Varnish/Squid at FRONTEND_CACHE_LOCATION),
# cloudflare (CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONEID) or cloudfront
# (CLOUDFRONT_DISTRIBUTION_ID, AWS credentials from the usual AWS_* variables).
FRONTEND_CACHE_BACKEND = os.environ.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
_frontend_cache_backends = {
    "http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
    },
    "cloudflare": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ.get("CLOUDFLARE_ZONEID", ""),
    },
    "cloudfront": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
    },
}
if FRONTEND_CACHE_BACKEND:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {"default": _frontend_cache_backends[FRONTEND_CACHE_BACKEND]}

# Content-Security-Policy (django-csp; portal/middleware.py gives the admin its
# allowances). Media and static files may come from another host (object storage, CDN).
_CSP_FILE_HOSTS = [
    f"{parts.scheme}://{parts.netloc}"
    for parts in (urlsplit(url) for url in (STATIC_URL, MEDIA_URL))
    if parts.netloc
]
# The admin asks no other host: no Gravatar avatars, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *_CSP_FILE_HOSTS],
        "style-src": [SELF, NONCE, *_CSP_FILE_HOSTS],
        "img-src": [SELF, "data:", "blob:", *_CSP_FILE_HOSTS],
        "media-src": [SELF, *_CSP_FILE_HOSTS],
        "font-src": [SELF, "data:", *_CSP_FILE_HOSTS],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # One line per background task and per page action is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
