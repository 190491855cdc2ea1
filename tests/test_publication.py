"""An item page: its date, kind, body blocks, provenance and masthead."""

import datetime as dt

import pytest
import time_machine
from wagtail.rich_text import RichText

from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import PublicationPageFactory, paragraphs

UTC = dt.UTC


def test_item_url_is_readable(client, news, statement_kind):
    """Items live at `/en/news/<slug>/`."""
    page = PublicationPageFactory(parent=news, kind=statement_kind, slug="on-the-harbour")
    assert page.url == "/en/news/on-the-harbour/"
    assert client.get("/en/news/on-the-harbour/").status_code == 200


def test_item_shows_kind_date_and_body(client, news, statement_kind):
    """The page shows its kind, its date and time in the reference zone, and its body."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="s",
        title="A statement",
        published_at=dt.datetime(2020, 4, 3, 15, 5, tzinfo=UTC),
        body=paragraphs("Body text."),
    )
    html = client.get("/en/news/s/").content.decode()
    assert "<h1>A statement</h1>" in html
    assert ">Statement<" in html
    assert '<time datetime="2020-04-03T18:05:00+03:00">3 April 2020, 18:05</time>' in html
    assert "Body text." in html


def test_question_and_answer_block(client, news, statement_kind):
    """A Q&A block renders `Question:` and `Answer:` with each part."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="qa",
        body=[
            (
                "question_answer",
                {"question": RichText("<p>When?</p>"), "answer": RichText("<p>Soon.</p>")},
            )
        ],
    )
    html = client.get("/en/news/qa/").content.decode()
    assert "Question:</strong> <p>When?</p>" in html
    assert "Answer:</strong> <p>Soon.</p>" in html


def test_quote_block_is_escaped(client, news, statement_kind):
    """Quote text is plain text: markup in it is shown, not run."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="q",
        body=[("quote", {"text": "<script>alert(1)</script>", "attribution": "A"})],
    )
    html = client.get("/en/news/q/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_republished_item_has_source_line_and_canonical(client, news, statement_kind):
    """A republished item shows `Source:` with a link and points canonical at the original."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="r",
        source_name="Ministry of Foreign Affairs",
        source_url="https://mfa.example.org/en/1/",
        source_published_at=dt.datetime(2022, 1, 9, 9, 0, tzinfo=UTC),
    )
    html = client.get("/en/news/r/").content.decode()
    assert (
        'Source: <a href="https://mfa.example.org/en/1/" rel="noopener">'
        "Ministry of Foreign Affairs</a>" in html
    )
    assert '<link rel="canonical" href="https://mfa.example.org/en/1/">' in html


def test_own_item_is_its_own_canonical(client, news, statement_kind):
    """An item of our own has no source line and is its own canonical."""
    PublicationPageFactory(parent=news, kind=statement_kind, slug="own")
    html = client.get("/en/news/own/").content.decode()
    assert "Source:" not in html
    assert '<link rel="canonical" href="http://testserver/en/news/own/">' in html


def test_masthead_on_item_page(client, site, news, statement_kind):
    """The item page carries the same masthead as the front page."""
    DayCounterFactory(site=site, event="the harbour fire", event_date=dt.date(2018, 3, 4))
    PublicationPageFactory(parent=news, kind=statement_kind, slug="m")
    with time_machine.travel(dt.datetime(2022, 1, 19, 3, 38, tzinfo=UTC), tick=False):
        html = client.get("/en/news/m/").content.decode()
    assert "19 January 2022" in html
    assert "Moscow: <time" in html
    assert "Consular queries:" in html
    assert "1417 days have passed since the harbour fire" in html


def test_draft_item_is_404(client, news, statement_kind):
    """An unpublished item cannot be reached by its URL."""
    PublicationPageFactory(parent=news, kind=statement_kind, slug="draft", live=False)
    assert client.get("/en/news/draft/").status_code == 404


@pytest.mark.parametrize(
    ("summary", "body", "lead"),
    [
        ("Summary.", paragraphs("Para."), "Summary."),
        ("", paragraphs("First.", "Second."), "First."),
        (
            "  ",
            [("quote", {"text": "Q", "attribution": ""}), *paragraphs("After quote.")],
            "After quote.",
        ),
        ("", [("quote", {"text": "Q", "attribution": ""})], ""),
    ],
)
def test_lead(news, statement_kind, summary, body, lead):
    """The lead is the summary, else the first paragraph of the body."""
    page = PublicationPageFactory(parent=news, kind=statement_kind, summary=summary, body=body)
    assert page.lead == lead
