"""Responsive layout from 320 px, the print stylesheet, and the front page's weight."""

import gzip
from urllib.parse import urlsplit

import pytest

from .conftest import SCREENSHOTS, public_paths

pytestmark = pytest.mark.browser

WIDTHS = [320, 768, 1280]
FRONT_PAGE_BUDGET = 60 * 1024


def test_no_horizontal_scrolling(newsroom, live_server, chromium):
    """At 320, 768 and 1280 px wide no public page scrolls sideways (screenshots in var/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = {}
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, path in public_paths().items():
            page.goto(live_server.url + path)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[f"{name}@{width}"] = scroll_width
        context.close()
    assert too_wide == {}


def test_print_shows_item_with_date_source_and_url(newsroom, live_server, browser_page):
    """Printed, an item keeps title, date, source and its own address, without the site chrome."""
    browser_page.goto(live_server.url + "/en/news/republished/")
    browser_page.emulate_media(media="print")
    visible = browser_page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector('.site-header')).display,
            title: document.querySelector('h1').innerText,
            date: getComputedStyle(document.querySelector('.publication__date')).display,
            source: document.querySelector('.publication__source').innerText,
            url: getComputedStyle(document.querySelector('.print-url')).display,
            urlText: document.querySelector('.print-url').innerText,
        })"""
    )
    assert visible["header"] == "none"
    assert visible["title"] == "Ministry statement on scholarships"
    assert visible["date"] != "none"
    assert "Source:" in visible["source"]
    assert visible["url"] != "none"
    assert visible["urlText"].endswith("/en/news/republished/")
    pdf = browser_page.pdf()
    assert pdf.startswith(b"%PDF")


def test_print_url_is_hidden_on_screen(newsroom, live_server, browser_page):
    """The printed address line does not show on screen."""
    browser_page.goto(live_server.url + "/en/news/republished/")
    assert (
        browser_page.evaluate("getComputedStyle(document.querySelector('.print-url')).display")
        == "none"
    )


def test_front_page_weight_and_no_third_party_requests(newsroom, live_server, browser_page):
    """HTML, CSS and JavaScript of the front page weigh under 60 KB compressed, all first-party."""
    responses = []
    browser_page.on("response", lambda response: responses.append(response))
    browser_page.goto(live_server.url + "/en/", wait_until="networkidle")
    own_host = urlsplit(live_server.url).netloc
    hosts = {urlsplit(r.url).netloc for r in responses}
    assert hosts == {own_host}
    total = 0
    for response in responses:
        if response.request.resource_type in {"document", "stylesheet", "script"}:
            # Compressed as nginx sends it (gzip); the test server itself does not compress.
            total += len(gzip.compress(response.body(), compresslevel=6))
    print(f"front page HTML+CSS+JS: {total} bytes compressed")
    assert 0 < total < FRONT_PAGE_BUDGET
