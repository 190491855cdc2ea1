"""Settings for the application servers that tests/test_two_nodes.py starts.

The test settings, with the shared Redis cache and the page cache on, as in production.
"""

import os

from chancery.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "chancery.pagecache.backends.FailSafeRedisCache",
        "LOCATION": os.environ["TWO_NODES_REDIS_URL"],
        "KEY_PREFIX": "chancery",
    }
}
CHANCERY_PAGE_CACHE_SECONDS = 900
# Each process answers from its own memory between readings of the shared generation.
CHANCERY_PAGE_CACHE_LOCAL_SECONDS = 0.2
