"""The content generation: one token that every cached page carries.

Any change that readers could see (a page published, unpublished, moved or deleted, a
mission setting, a snippet) replaces the token, so every cached page, in every language and
on every node sharing the cache, is out of date at once: an entry whose token is not the
current one counts as a miss and is replaced. Data caches (the archive's page boundaries)
put the token in their keys instead. The token is random rather than a counter so that a
cache that lost the key (eviction, a Redis restart) can never hand back an old generation.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

from . import local, memo

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def current_generation() -> str:
    """The token of the content as it is now; created if the cache has none.

    A reader's request keeps the token it started with, read once by the page cache.
    """
    token = memo.request_generation()
    if token is not None:
        return token
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # add() so that two nodes starting at once agree on one token.
        if not cache.add(GENERATION_KEY, token, timeout=None):
            token = cache.get(GENERATION_KEY) or token
    return token


def bump_now() -> None:
    """Start a new generation immediately: every cached page becomes unreachable."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    local.clear()
    logger.debug("Page cache generation bumped")


def bump() -> None:
    """Start a new generation once the current transaction commits.

    Waiting for the commit matters: bumping earlier would let a reader fetch the old content
    under the new generation and cache it until its lifetime ends. This process's memo is
    dropped at once as well, so that its own next read, committed or not, is never older
    than the change; the same goes for its copies of cached pages (local.py).
    """
    memo.clear()
    local.clear()
    transaction.on_commit(bump_now, robust=True)
