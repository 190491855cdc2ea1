"""Settings shared by every deployment.

Everything that varies between deployments is read from the environment; see
`.env.example` for the full list. DEBUG is off and there is no secret here.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("CHANCERY_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "chancery.accounts",
    "chancery.core",
    "chancery.masthead",
    "chancery.newsroom",
    "chancery.home",
    "chancery.scheduling",
    "chancery.pagecache",
    "chancery.syndication",
    "chancery.embargo",
    "chancery.editorial",
    "chancery.search",
    "chancery.seo",
    "chancery.api",
    "chancery.operations",
    "wagtail.contrib.settings",
    "chancery.languages",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First: a cached page is answered without touching the database, and what it stores
    # already carries the headers the next ones add.
    "chancery.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "chancery.core.headers.ContentSecurityPolicyMiddleware",
    "chancery.core.headers.EscapedJSONMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "chancery.core.middleware.MissionTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who has given their second factor (django-otp), then: nobody uses the admin without it.
    "django_otp.middleware.OTPMiddleware",
    "chancery.accounts.middleware.TwoFactorMiddleware",
    "chancery.accounts.middleware.LocalNextMiddleware",
    "chancery.accounts.middleware.NulBytesMiddleware",
    "chancery.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in refused by the login throttle into its "paused" page.
    "axes.middleware.AxesMiddleware",
]

# The login throttle (django-axes) asks first, then Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "chancery.urls"
WSGI_APPLICATION = "chancery.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
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

# The embedded default is SQLite under var/; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chancery.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an editor writes; IMMEDIATE transactions avoid
    # "database is locked" upgrades. https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The request header a trusted reverse proxy puts the reader's address in (e.g.
# HTTP_X_REAL_IP behind nginx); empty means REMOTE_ADDR. Used by the embargo-link log.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Shared by every application server, so a change published on one is seen by all.
    # If Redis is down the site keeps serving, uncached (chancery/pagecache/backends.py).
    CACHES = {
        "default": {
            "BACKEND": "chancery.pagecache.backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chancery",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # The embedded default: files under var/, shared by the worker processes of one machine
    # (a per-process memory cache would let one worker serve a page another has invalidated).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# The page cache (chancery/pagecache): the longest a page is kept, in seconds (it is also
# cut at midnight in the mission's zone); 0 turns it off. Publishing invalidates at once.
CHANCERY_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "900"))
# How long each application process answers hits from its own memory before it reads the
# shared generation again: a change made on another node shows there after at most this long.
CHANCERY_PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "0.2"))
CHANCERY_PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/documents/"]
# Models (app_label.ModelName) whose saves never change what readers see.
CHANCERY_PAGE_CACHE_IGNORED_MODELS = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. Per-language page trees are created by Wagtail's locales from day one.
# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html


def languages_from(codes):
    """(code, name in its own language) for each code Django knows, e.g. ("ru", "Русский").

    The first code is the default language. Names are each language's own, as a reader
    looking for their language expects to find it in the switcher.
    """
    if not codes:
        raise ImproperlyConfigured("CHANCERY_LANGUAGES must name at least one language.")
    unknown = [
        code for code in codes if code not in LANG_INFO or "name_local" not in LANG_INFO[code]
    ]
    if unknown:
        raise ImproperlyConfigured(f"CHANCERY_LANGUAGES: unknown language code(s) {unknown}.")
    if len(set(codes)) != len(codes):
        raise ImproperlyConfigured("CHANCERY_LANGUAGES names a language twice.")
    return [(code, LANG_INFO[code]["name_local"]) for code in codes]


LANGUAGES = languages_from(env_list("CHANCERY_LANGUAGES", "en,ru"))
LANGUAGE_CODE = LANGUAGES[0][0]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True

# Stored in UTC; shown in each mission's reference zone (MissionSettings).
USE_TZ = True
TIME_ZONE = "UTC"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers, the same in every deployment. HSTS is only ever sent over HTTPS, so a
# developer's http://127.0.0.1 is unaffected. The Content-Security-Policy is in core/headers.py.
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies are out of reach of scripts and not sent on cross-site sub-requests; production also
# makes them Secure. Wagtail's admin reads the CSRF token from the page, not the cookie.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# No avatar requests to a third party from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Two-step sign-in (chancery.accounts): every account gives a code from an authenticator app
# or a recovery code after its password; there is no setting that turns this off.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Chancery")
# A signed-in session ends after this long without a request, and this long after signing in
# whatever happens (chancery/accounts/sessions.py); the cookie itself lasts no longer.
CHANCERY_SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
CHANCERY_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = CHANCERY_SESSION_ABSOLUTE_SECONDS

# Login throttling (django-axes): five failed sign-ins (wrong password or wrong code) for one
# username from one address pause that pair for AXES_COOLOFF_MINUTES, the right password
# included; unknown usernames are paused the same way, so the answer reveals nothing.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client's address as the deployment defines it (CLIENT_IP_HEADER); X-Forwarded-For,
# which anyone can send, is not read.
AXES_CLIENT_IP_CALLABLE = "chancery.core.network.client_ip"
AXES_LOCKOUT_CALLABLE = "chancery.accounts.views.locked_out"

# Feed import: how long one fetch may take (seconds) and how big a feed may be (bytes).
SYNDICATION_FETCH_TIMEOUT = float(os.environ.get("SYNDICATION_FETCH_TIMEOUT", "20"))
SYNDICATION_MAX_FEED_BYTES = int(os.environ.get("SYNDICATION_MAX_FEED_BYTES", str(5 * 1024 * 1024)))
# Off: feeds on loopback or private addresses are refused (no reaching into the local network).
SYNDICATION_ALLOW_PRIVATE_ADDRESSES = env_bool("SYNDICATION_ALLOW_PRIVATE_ADDRESSES", False)

WAGTAIL_SITE_NAME = "Chancery"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.MissionImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.MissionDocument"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# SVG is left out on purpose: an SVG can carry script. Wagtail checks that an image's
# content matches its extension and counts every frame of an animation in its pixels.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "chancery.core.forms.MissionImageForm"
# Documents only through the serve view, always as a download: a PDF or text file opened
# inline in the site's origin could run script or pass for a page of the site.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Uploads stop as soon as they exceed the library's limit (chancery/core/uploads.py);
# smaller ones stay in memory up to 2.5 MB, larger ones go to a temporary file.
FILE_UPLOAD_HANDLERS = [
    "chancery.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A changed slug or a moved page leaves a permanent redirect from its old URL (Wagtail's
# default, stated because citable URLs depend on it; tests/test_slug_redirects.py).
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# The two-person rule (chancery.editorial): publishing never cancels an open review, and an
# approved workflow publishes only what someone other than its last editor approved.
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "chancery.editorial.workflows.publish_approved"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
