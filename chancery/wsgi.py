"""The WSGI entry point used by gunicorn: Django, with page-cache hits answered in front."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings.dev")

django_application = get_wsgi_application()

# Imported once Django is set up: the page cache reads settings and the cache.
from chancery.pagecache.wsgi import CachedPageApplication  # noqa: E402

application = CachedPageApplication(django_application)
