"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Django's own Redis backend raises on every call while Redis is down, and Wagtail reads the
cache on every request (site root paths), so a Redis outage would take the site down with it.
This backend logs the failure, answers like an empty cache, and leaves Redis alone for a few
seconds so readers are not kept waiting on connection attempts.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long to serve uncached after a failure before trying Redis again.
RETRY_AFTER_SECONDS = 5.0


def _fail_safe(default=None):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return default(*args, **kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self._down_until = time.monotonic() + self._retry_after
                logger.error("Cache unavailable, serving uncached: %s", error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


def _default_of_get(key, default=None, version=None):
    return default


def _empty_dict(*args, **kwargs):
    return {}


def _empty_list(*args, **kwargs):
    return []


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis-py client per connection pool.

    Django builds a new redis-py client object for every cache call; on a page-cache hit that
    construction costs more than the round trip to Redis. redis-py clients are thread-safe
    and hold no state beyond their pool, so one per pool is enough.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache, except that Redis being down reads as a miss and writes are dropped.

    Operators set it through REDIS_URL (see settings/base.py); OPTIONS may hold
    `retry_after` (seconds) and redis-py's socket timeouts.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self._retry_after = float(options.pop("retry_after", RETRY_AFTER_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    @property
    def available(self) -> bool:
        """False while a recent failure keeps this process away from Redis."""
        return time.monotonic() >= self._down_until

    get = _fail_safe(_default_of_get)(RedisCache.get)
    get_many = _fail_safe(_empty_dict)(RedisCache.get_many)
    set = _fail_safe(None)(RedisCache.set)
    set_many = _fail_safe(_empty_list)(RedisCache.set_many)
    add = _fail_safe(False)(RedisCache.add)
    delete = _fail_safe(False)(RedisCache.delete)
    delete_many = _fail_safe(None)(RedisCache.delete_many)
    touch = _fail_safe(False)(RedisCache.touch)
    has_key = _fail_safe(False)(RedisCache.has_key)
    clear = _fail_safe(False)(RedisCache.clear)
