"""WCAG 2.2 AA with axe-core in real Chromium, keyboard reach and visible focus."""

import json

import pytest

from .conftest import AXE_JS, public_paths

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_no_axe_violations(newsroom, live_server, browser_page):
    """Every public page type has zero axe-core WCAG 2.2 AA violations."""
    # One test walks all pages: each live-server test pays for a database flush.
    found = {}
    for name, path in public_paths().items():
        browser_page.goto(live_server.url + path)
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, indent=2)


def test_no_axe_violations_in_russian(russian_newsroom, live_server, browser_page):
    """The Russian pages, search included, have zero axe-core WCAG 2.2 AA violations."""
    found = {}
    for name, path in public_paths("ru").items():
        response = browser_page.goto(live_server.url + path)
        assert response.status == (404 if name == "not_found" else 200), path
        assert browser_page.evaluate("document.documentElement.lang") == "ru"
        violations = axe_violations(browser_page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_skip_link_is_first_and_moves_focus(newsroom, live_server, browser_page):
    """The first Tab lands on a visible skip link that moves focus to the main content."""
    browser_page.goto(live_server.url + "/en/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = browser_page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["width"] > 0
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_reaches_every_link_with_visible_focus(newsroom, live_server, browser_page):
    """Tabbing through the front page reaches every link, each with a visible focus style."""
    browser_page.goto(live_server.url + "/en/")
    links = browser_page.evaluate("document.querySelectorAll('a[href]').length")
    reached = set()
    for _ in range(links + 5):
        browser_page.keyboard.press("Tab")
        info = browser_page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el.tagName !== 'A') return null;
                const style = getComputedStyle(el);
                const index = [...document.querySelectorAll('a[href]')].indexOf(el);
                return {index, outline: style.outlineStyle, width: style.outlineWidth};
            }"""
        )
        if info:
            assert info["outline"] != "none" and info["width"] != "0px", info
            reached.add(info["index"])
    assert reached == set(range(links))


def test_every_date_is_a_time_element(newsroom, live_server, browser_page):
    """Dates on the front page and archive are in <time datetime> elements."""
    for path in ("/en/", "/en/news/"):
        browser_page.goto(live_server.url + path)
        undated = browser_page.evaluate(
            r"""() => [...document.querySelectorAll('main *, header *')]
                .filter(el => el.children.length === 0 && el.tagName !== 'TIME'
                        && /\b\d{2}\.\d{2}\.\d{4}\b/.test(el.textContent))
                .map(el => el.outerHTML)"""
        )
        assert undated == []
