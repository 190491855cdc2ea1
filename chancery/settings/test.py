"""Settings for the test suite: fast hashing, a throwaway secret, media in a temp folder.

DATABASE_URL picks the database (SQLite by default, PostgreSQL in `make test-postgres`).
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import languages_from

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="chancery-test-media-"))
# Static files come straight from the app folders; no collectstatic before tests.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="chancery-test-static-"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default so that tests which travel in time see fresh pages; the page cache's own
# tests turn it on (tests/test_page_cache.py).
CHANCERY_PAGE_CACHE_SECONDS = 0
# Tests change the shared cache directly; the tests of local.py turn it on.
CHANCERY_PAGE_CACHE_LOCAL_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
# The feed tests serve their fixtures from 127.0.0.1; one test turns this off again.
SYNDICATION_ALLOW_PRIVATE_ADDRESSES = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than SQLite's in-memory test database, so that the worker processes the
    # scheduling tests start can open the same database as the test itself.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="chancery-test-db-")) / "test.sqlite3")
    }

# Tests always have a right-to-left language available, whatever CHANCERY_LANGUAGES says.
LANGUAGES = languages_from(["en", "ru", "ar"])
LANGUAGE_CODE = "en"
WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
