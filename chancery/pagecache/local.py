"""The pages this application process served lately, kept in its own memory.

On the day every newsroom refreshes the front page, a page-cache hit through Redis spends
most of its time on the round trip. Each process therefore keeps the entries it served last
and answers them from memory while its reading of the shared content generation is younger
than CHANCERY_PAGE_CACHE_LOCAL_SECONDS. A change made in this process clears it at once
(generation.bump); a change made by another process or node reaches this one when that
reading runs out, a fraction of a second, which is within the one-second micro-cache that
nginx keeps anyway. Entries never outlive their own lifetime (midnight, a pin's end).
Only generations actually read from the shared cache count: with Redis down nothing is
answered from here once the last reading runs out.
"""

import threading
import time

from django.conf import settings

# Most of the hits go to a few pages (the front page, the latest items, the archive's
# first pages); large answers such as a full sitemap file are left to the shared cache.
MAX_ENTRIES = 256
MAX_ENTRY_BYTES = 1024 * 1024

_lock = threading.Lock()
_entries: dict[str, tuple] = {}
# (token, when it was read): the token is None once this process made a change.
_generation: tuple[str | None, float] = (None, 0.0)


def enabled() -> bool:
    return settings.CHANCERY_PAGE_CACHE_LOCAL_SECONDS > 0


def known_generation() -> str | None:
    """The shared generation as read at most CHANCERY_PAGE_CACHE_LOCAL_SECONDS ago, or None."""
    token, read_at = _generation
    if token is None or not enabled():
        return None
    if time.monotonic() - read_at >= settings.CHANCERY_PAGE_CACHE_LOCAL_SECONDS:
        return None
    return token


def remember_generation(token: str, read_at: float) -> None:
    """Note the token read from the shared cache by a read that started at `read_at`.

    A read that started before a newer one, or before this process's own change, is
    ignored: threads finish in any order, and the reading must never go back in time.
    """
    global _generation
    with _lock:
        if read_at > _generation[1]:
            _generation = (token, read_at)


def get(key: str, generation: str):
    """The entry for `key` if it belongs to `generation` and has not expired."""
    entry = _entries.get(key)
    if entry is None or entry[0] != generation or entry[4] <= time.time():
        return None
    return entry


def put(key: str, entry: tuple) -> None:
    if not enabled() or len(entry[3]) > MAX_ENTRY_BYTES:
        return
    with _lock:
        _entries.pop(key, None)
        _entries[key] = entry
        while len(_entries) > MAX_ENTRIES:
            # Dictionaries keep insertion order: the oldest entry goes first.
            del _entries[next(iter(_entries))]


def clear() -> None:
    """Forget every entry and the generation: this process has just changed the content."""
    global _generation
    with _lock:
        _entries.clear()
        _generation = (None, time.monotonic())
