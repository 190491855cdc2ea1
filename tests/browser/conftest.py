"""Real headless Chromium (Debian's) driven by Playwright against the live test server."""

import datetime as dt
import os
from pathlib import Path

import pytest
from wagtail.rich_text import RichText

from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import PublicationPageFactory, paragraphs

# Playwright's sync API keeps an event loop running in the test thread, which makes Django
# refuse database calls there; the test thread only sets up data, so this is safe.
# https://playwright.dev/python/docs/test-runners#django
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# One folder per database: `make test` runs the SQLite and PostgreSQL suites side by side.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2]
    / "var"
    / "screenshots"
    / ("postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite")
)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make browser-deps`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    # bypass_csp lets the test inject axe-core; the site's own pages never need it.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def newsroom(transactional_db, site, news, mission, statement_kind):
    """A front page with a pin, counters, a republished item and a Q&A item, in the live DB."""
    mission.consular_email = "consular@example.org"
    mission.save()
    DayCounterFactory(
        site=site, event="the harbour fire", event_date=dt.date(2018, 3, 4), caption="no reply yet"
    )
    now = dt.datetime.now(dt.UTC)
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="pinned",
        pinned=True,
        title="Statement on the culture week",
        body=paragraphs("The full text of the statement.", "Second paragraph."),
    )
    for n in range(14):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            slug=f"item-{n}",
            title=f"Press release on the trade fair, part {n}",
            published_at=now - dt.timedelta(days=n + 1),
            body=paragraphs(f"Lead paragraph {n}.", "More text."),
        )
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="republished",
        title="Ministry statement on scholarships",
        source_name="Ministry of Foreign Affairs",
        source_url="https://mfa.example.org/1/",
        source_published_at=now - dt.timedelta(hours=5),
    )
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="interview",
        title="Interview with the Ambassador",
        body=[
            (
                "question_answer",
                {
                    "question": RichText("<p>What is next?</p>"),
                    "answer": RichText("<p>A concert in March.</p>"),
                },
            )
        ],
    )
    return news


@pytest.fixture
def russian_newsroom(newsroom, home, statement_kind):
    """The same newsroom translated into Russian: front page, archive and items."""
    from wagtail.models import Locale

    from chancery.newsroom.models import PublicationPage
    from tests.conftest import translate

    russian = Locale.objects.get_or_create(language_code="ru")[0]
    kind = statement_kind.copy_for_translation(russian)
    kind.name, kind.plural_name = "Заявление", "заявления"
    kind.save()
    translate(home, "ru", title="Главная")
    translate(newsroom, "ru", title="Новости")
    for item in PublicationPage.objects.filter(locale=home.locale):
        translate(item, "ru", title=f"Заявление: {item.title}", kind=kind)
    return newsroom


def public_paths(language="en"):
    """The pages every reader test walks through."""
    today = dt.datetime.now(dt.UTC)
    return {
        "home": f"/{language}/",
        "archive": f"/{language}/news/",
        "month": f"/{language}/news/{today:%Y/%m}/",
        "item": f"/{language}/news/republished/",
        "qa": f"/{language}/news/interview/",
        "search": f"/{language}/search/?q=statement",
        "not_found": f"/{language}/no-such-page/",
    }
