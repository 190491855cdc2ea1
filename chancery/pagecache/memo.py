"""What every public page reads, kept in each application process for one content generation.

A reader's request that the page cache cannot answer still needs the site, the mission
settings with their clocks and phones, the active locale and the translations the language
switcher links to: the same few rows for every page, read from the database each time.
Kept here, they cost one dictionary lookup instead of a query, for as long as the content
generation lasts. Any change readers could see starts a new generation (generation.py), and
the first request that sees the new token empties the memo, so nothing is ever read stale:
the memo is exactly as fresh as the page cache, on every node sharing the cache.

The generation is read once per request, by PageCacheMiddleware, and held in a context
variable; outside a reader's request (the admin, management commands, tests that call code
directly) there is none and every lookup builds its value afresh.
"""

import contextlib
import contextvars
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

# Values for a content generation are built once per process; a busy archive touches many
# pages, so the number kept is bounded. When full the memo starts again rather than tracking
# recency: rebuilding costs one query per key, and a bound matters more than the last hit.
MAX_ENTRIES = 4096

_request_generation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "chancery_request_generation", default=None
)


def begin(generation: str | None) -> contextvars.Token:
    """Mark the current request as served from `generation` (None: no memo)."""
    return _request_generation.set(generation)


def end(token: contextvars.Token) -> None:
    _request_generation.reset(token)


@contextlib.contextmanager
def suspended():
    """Nothing inside reads from or adds to the memo.

    For views that show something other than the live content within a reader's request,
    such as the embargo preview's scheduled revision: kept, it would be shown to readers of
    the live page until the generation changed.
    """
    token = _request_generation.set(None)
    try:
        yield
    finally:
        _request_generation.reset(token)


class Memo:
    """Values keyed by anything hashable, dropped together when the generation changes."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._values: dict = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        generation = _request_generation.get()
        if generation is None:
            return build()
        with self._lock:
            if self._generation != generation:
                self._generation, self._values = generation, {}
            elif key in self._values:
                return self._values[key]
        # Built outside the lock: a query must not hold up other threads' hits.
        value = build()
        with self._lock:
            # Another thread may have moved to a newer generation meanwhile: keep only values
            # built for the generation the memo holds, so an old one is never stored.
            if self._generation == generation:
                if len(self._values) >= self.max_entries:
                    self._values = {}
                self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._generation, self._values = None, {}


_memo = Memo()


def active() -> bool:
    """Whether the current request reads through the memo."""
    return _request_generation.get() is not None


def request_generation() -> str | None:
    """The generation the current reader's request is served from, if any."""
    return _request_generation.get()


def get(key: Hashable, build: Callable[[], T]) -> T:
    """The value for `key` in this request's generation, built by `build()` if not kept."""
    return _memo.get(key, build)


def clear() -> None:
    """Forget every value (a change was saved in this process)."""
    _memo.clear()
