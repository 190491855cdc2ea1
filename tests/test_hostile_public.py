"""Every public URL pattern answers the hostile-input corpus without a 500 or an injection.

The URLs come from the resolver and the page tree (tests/urlspace.py); the payloads from
tests/hostile.py. Speed is measured by `make drills` (scripts/hostile_bench.py), not here.
"""

import datetime as dt
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from chancery.newsroom.factories import PublicationPageFactory

from . import hostile
from .urlspace import public_urls

UTC = dt.UTC


@pytest.fixture
def content(news, statement_kind):
    """A few publications in two months."""
    for n in range(3):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Item {n}",
            published_at=dt.datetime(2024, 1 + n % 2, 1 + n, 12, tzinfo=UTC),
        )


@pytest.fixture
def urls(content):
    found = public_urls(2024, 1)
    # The discovery itself must find the archive routes and a publication, or it is broken.
    assert "/en/" in found and "/en/news/" in found and "/en/news/2024/01/" in found
    return found


def row_counts():
    """Rows per table; unmanaged models (permission holders) have no table of their own."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy
    }


def assert_sound(response, url, before=""):
    assert response.status_code < 500, (url, response.status_code)
    problems = hostile.check_body(response, before=before)
    assert not problems, (url, problems)


def test_every_url_with_every_payload_in_the_query(client, urls):
    """Each payload as ?q=, ?page=, ?next= and an unknown parameter: no 500, no injection."""
    before = row_counts()
    for url in urls:
        baseline = client.get(url).content.decode(errors="replace")
        for payload in hostile.PAYLOADS:
            encoded = quote(payload.encode("utf-8", "surrogatepass"), safe="")
            # page= has its own test: a bad number is a 404 before anything else is read.
            query = f"q={encoded}&next={encoded}&x{encoded}={encoded}"
            assert_sound(client.get(f"{url}?{query}"), url, baseline)
    assert row_counts() == before


def test_every_url_with_a_payload_in_the_path(client, urls):
    """A payload appended to each URL as a path segment: a 404 or a redirect, never a 500."""
    for url in urls:
        for payload in hostile.PATH_PAYLOADS + [quote(p, safe="") for p in hostile.PAYLOADS[:12]]:
            response = client.get(url.rstrip("/") + "/" + payload)
            assert_sound(response, url + payload)
            for value in response.headers.values():
                assert "\n" not in value and "\r" not in value, (url, payload)
            assert "injected" not in response.cookies


@pytest.mark.parametrize("value", hostile.PAGE_VALUES)
def test_page_numbers(client, urls, value):
    """page=-1, 0, 10**12, abc … are a 404 or ignored, never a 500."""
    for url in urls:
        response = client.get(url, {"page": value})
        assert_sound(response, url)
        if url.endswith("/en/news/") and value not in {"", "+1", " 1"}:
            assert response.status_code == 404, (url, value)


def test_invalid_utf8_in_query_and_path(client, urls):
    """Bytes that are not UTF-8 in the query string or the path are answered, never a 500."""
    for url in urls:
        for raw in hostile.INVALID_UTF8:
            escaped = "".join(f"%{b:02X}" for b in raw) if b"%" not in raw else raw.decode()
            assert_sound(client.get(f"{url}?q={escaped}&page={escaped}"), url)
            assert_sound(client.get(f"{url.rstrip('/')}/{escaped}/"), url)


def test_huge_query_string(client, urls):
    """A 100,000-character query string is answered, never a 500."""
    huge = "q=" + "a" * 50_000 + "&" + "&".join(f"k{n}=v" for n in range(7_000))
    assert len(huge) >= 100_000
    for url in urls:
        assert_sound(client.get(f"{url}?{huge[:100_000]}"), url)


@pytest.mark.parametrize("header", hostile.ACCEPT_LANGUAGES)
def test_hostile_accept_language(header, urls):
    """A hostile Accept-Language header is answered in a language we have, never a 500."""
    client = Client(HTTP_ACCEPT_LANGUAGE=header)
    for url in ["/", *urls]:
        response = client.get(url)
        assert_sound(response, url)
        assert response.get("Content-Language", "en") in {"en", "ru", "fr", "de", "es", "ar"}


@pytest.mark.parametrize("host", hostile.BAD_HOSTS)
def test_bad_host_header(host, urls, settings):
    """An unknown or malformed Host is a 400, never a 500 and never echoed as HTML."""
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    client = Client()
    for url in ["/", *urls[:5]]:
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 400, (url, host, response.status_code)
        assert_sound(response, url)


@pytest.mark.parametrize("target", hostile.OPEN_REDIRECTS)
def test_no_open_redirect(client, urls, target):
    """?next= on public URLs and the admin login never sends a reader off the site."""
    for url in [*urls, "/admin/login/", "/admin/logout/"]:
        response = client.get(url, {"next": target})
        assert_sound(response, url)
        location = response.get("Location", "")
        parts = urlsplit(location.replace("\\", "/"))
        assert parts.scheme in {"", "http", "https"}, (url, location)
        assert parts.netloc in {"", "testserver"}, (url, location)


def test_crlf_in_path_does_not_split_headers(client, urls):
    """CR/LF in a path never becomes a header of the answer."""
    for url in urls:
        response = client.get(url + "%0d%0aX-Injected:%201/")
        assert "X-Injected" not in response.headers
        response = client.get(url.rstrip("/") + "%0d%0aLocation:%20//evil.example")
        assert "evil.example" not in response.get("Location", "")
