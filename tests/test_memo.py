"""The process memo of what every page reads: kept for one content generation, never longer."""

import threading

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from chancery.pagecache import memo
from chancery.pagecache.memo import Memo


@pytest.fixture
def generation():
    """Serve "a reader's request" from generation `one` until the test says otherwise."""
    token = memo.begin("one")
    yield
    memo.end(token)


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_outside_a_readers_request_every_get_builds():
    store = Memo()
    build, calls = counting("x")
    assert store.get("k", build) == "x"
    assert store.get("k", build) == "x"
    assert len(calls) == 2
    assert not memo.active()


def test_within_a_generation_a_value_is_built_once(generation):
    store = Memo()
    build, calls = counting("x")
    assert [store.get("k", build) for _ in range(3)] == ["x", "x", "x"]
    assert len(calls) == 1


def test_a_new_generation_drops_every_value(generation):
    store = Memo()
    build, calls = counting("x")
    store.get("k", build)
    token = memo.begin("two")
    try:
        store.get("k", build)
    finally:
        memo.end(token)
    assert len(calls) == 2


def test_values_serve_only_requests_of_the_generation_they_were_built_in(generation):
    """A slow request still on the old generation must not put old data in the new one."""
    store = Memo()
    token = memo.begin("two")
    try:
        store.get("k", lambda: "new")
    finally:
        memo.end(token)
    # Back on "one" (an older request): it builds its own value...
    assert store.get("other", lambda: "old") == "old"
    # ...which moved the memo to "one"; a request on "two" starts again and never sees it.
    token = memo.begin("two")
    try:
        build, calls = counting("fresh")
        assert store.get("other", build) == "fresh"
        assert len(calls) == 1
    finally:
        memo.end(token)


def test_clear_forgets_everything(generation):
    store = Memo()
    build, calls = counting("x")
    store.get("k", build)
    store.clear()
    store.get("k", build)
    assert len(calls) == 2


def test_the_memo_is_bounded(generation):
    store = Memo(max_entries=10)
    for n in range(25):
        store.get(n, lambda n=n: n)
    assert len(store._values) <= 10


def test_the_generation_belongs_to_the_thread_serving_the_request(generation):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(memo.request_generation()))
    thread.start()
    thread.join()
    assert memo.request_generation() == "one"
    assert seen == [None]


FRAGMENT = Template("{% load pagecache_tags %}{% memo key %}{{ value }}{% endmemo %}|{{ value }}")


def render_fragment(**context):
    return FRAGMENT.render(Context(context))


def test_fragment_is_rendered_once_a_generation(generation):
    """Inside {% memo %} the first rendering stands until the content generation changes."""
    memo.clear()
    assert render_fragment(key=1, value="first") == "first|first"
    assert render_fragment(key=1, value="second") == "first|second"
    assert render_fragment(key=2, value="second") == "second|second"
    token = memo.begin("two")
    try:
        assert render_fragment(key=1, value="third") == "third|third"
    finally:
        memo.end(token)


def test_fragment_is_kept_per_language_and_time_zone(generation):
    memo.clear()
    with translation.override("en"):
        assert render_fragment(key=1, value="english") == "english|english"
    with translation.override("ru"):
        assert render_fragment(key=1, value="russian") == "russian|russian"
    with translation.override("en"), timezone.override("Asia/Tokyo"):
        assert render_fragment(key=1, value="tokyo") == "tokyo|tokyo"
    with translation.override("en"):
        assert render_fragment(key=1, value="other") == "english|other"


def test_fragment_outside_a_readers_request_is_rendered_every_time():
    """Previews and the admin never see a kept fragment."""
    assert render_fragment(key=1, value="first") == "first|first"
    assert render_fragment(key=1, value="second") == "second|second"
