"""Settings for a developer's machine and `make demo`: SQLite under var/, a local cache.

The secret key is generated once into var/secret_key so sessions survive restarts.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _local_secret_key():
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()

# The demo's ministry feed is served by the demo site itself on 127.0.0.1.
SYNDICATION_ALLOW_PRIVATE_ADDRESSES = True
