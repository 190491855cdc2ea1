"""Every part of the site sends the security headers: public pages, admin, documents."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from chancery.core.headers import policy_for_path
from chancery.newsroom.factories import PublicationPageFactory
from tests.accounts_helpers import sign_in


def directives(response):
    """The response's Content-Security-Policy as {directive: [values]}."""
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_common_headers(response):
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors" in directives(response)


@pytest.fixture
def publication(news, statement_kind):
    return PublicationPageFactory(parent=news, kind=statement_kind, title="A statement")


def public_urls(publication):
    return ["/en/", "/en/news/", publication.url, "/en/no-such-page/"]


def test_public_pages_send_the_security_headers(client, publication):
    """Public pages, a 404 included, carry HSTS, nosniff, Referrer-Policy, COOP and a CSP."""
    for url in public_urls(publication):
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert_common_headers(response)
        assert response.headers["X-Frame-Options"] == "DENY"


def test_public_policy_forbids_inline_script_and_framing(client, publication):
    """The public policy has no unsafe-inline or unsafe-eval script, no nonce, and no framing."""
    for url in public_urls(publication):
        policy = directives(client.get(url, secure=True))
        assert policy["script-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        header = " ".join(" ".join(values) for values in policy.values())
        assert "unsafe-" not in header and "nonce-" not in header


def test_public_policy_is_the_same_on_every_response(client, publication):
    """Nonce-free: two requests for one page get byte-identical policies, so a cache can keep it."""
    first = client.get(publication.url, secure=True).headers["Content-Security-Policy"]
    second = client.get(publication.url, secure=True).headers["Content-Security-Policy"]
    assert first == second


def test_public_pages_need_no_inline_code(client, publication):
    """The public templates have no inline script, style attribute or event handler to block."""
    for url in public_urls(publication):
        html = client.get(url).content.decode()
        for script in re.findall(r"<script\b[^>]*>", html):
            # A JSON-LD data block is never run, so script-src does not apply to it.
            is_data = script == '<script type="application/ld+json">'
            assert "src=" in script or is_data, (url, script)
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert "<style" not in html, url


def test_plain_http_gets_no_hsts(client, site):
    """HSTS is only sent over HTTPS (a browser ignores it on http anyway)."""
    assert "Strict-Transport-Security" not in client.get("/en/").headers


def test_admin_sends_its_own_policy(client, site):
    """The admin login page has the headers, and a policy that frames only this origin."""
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def test_documents_are_served_as_inert_data(client, site):
    """A document comes with the headers and a policy that runs nothing."""
    document = get_document_model().objects.create(title="Note")
    document.file.save("note.txt", ContentFile(b"<script>alert(1)</script>"))
    response = client.get(document.url, secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "script-src" not in policy


def test_media_paths_get_the_file_policy(settings):
    """Anything under MEDIA_URL (when Django serves it) gets the inert file policy."""
    assert policy_for_path(f"{settings.MEDIA_URL}images/x.svg").startswith("default-src 'none'")
    assert policy_for_path("/documents/1/x.pdf").startswith("default-src 'none'")
    assert "'unsafe-inline'" not in policy_for_path("/en/")


def test_json_answers_carry_no_raw_angle_brackets(client, site):
    """A chooser's JSON echoes what the editor typed with <, > and & escaped, and reads back
    exactly the same."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-test-1")
    sign_in(client, user, "pw-test-1")
    text = "<script>alert('x')</script> & more"
    response = client.post(
        "/admin/choose-external-link/",
        {
            "external-link-chooser-url": "https://example.org/",
            "external-link-chooser-link_text": text,
        },
    )
    assert response.status_code == 200
    assert b"<" not in response.content and b">" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    assert json.loads(response.content)["result"]["title"] == text
    assert int(response["Content-Length"]) == len(response.content)
