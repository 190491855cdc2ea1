"""Settings for production: PostgreSQL, Redis, HTTPS behind nginx or a CDN.

SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL must come from the environment.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The security headers (HSTS and the rest) are set in base.py for every deployment.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
