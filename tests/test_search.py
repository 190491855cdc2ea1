"""The search page: full-text search over publications, safe with any query."""

import datetime as dt
import re

import pytest
from wagtail.models import PageViewRestriction

from chancery.newsroom.factories import PublicationKindFactory, PublicationPageFactory, paragraphs
from chancery.search import backend
from chancery.search.query import MAX_QUERY_CHARS, QueryTooLong, highlight, parse_query
from tests.conftest import translate

UTC = dt.UTC


@pytest.fixture
def items(news, statement_kind):
    interview = PublicationKindFactory(
        slug="interview", name="Interview", plural_name="interviews", locale=statement_kind.locale
    )
    return {
        "harbour": PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title="Statement on the harbour agreement",
            summary="The harbour agreement was signed today.",
            published_at=dt.datetime(2022, 1, 10, 9, tzinfo=UTC),
        ),
        "interview": PublicationPageFactory(
            parent=news,
            kind=interview,
            title="Interview about fisheries",
            body=paragraphs("The ambassador spoke about the harbour and fisheries."),
            published_at=dt.datetime(2022, 1, 12, 9, tzinfo=UTC),
        ),
        "other": PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title="Consular opening hours",
            body=paragraphs("The consular section is closed on Monday."),
            published_at=dt.datetime(2022, 1, 14, 9, tzinfo=UTC),
        ),
    }


def result_titles(html):
    return [
        re.sub(r"</?mark>", "", t)
        for t in re.findall(r'<a href="/en/news/[^"]+/">(.*?)</a></p>', html)
    ]


def test_search_finds_words_in_title_lead_and_body(client, items):
    """A word found in the title, lead or body lists the item, newest first."""
    html = client.get("/en/search/", {"q": "harbour"}).content.decode()
    assert result_titles(html) == [
        "Interview about fisheries",
        "Statement on the harbour agreement",
    ]
    assert "2 publications found." in html


def test_results_are_dated_rows_with_marked_terms(client, items):
    """Each result is `DD.MM.YYYY - Title` and its lead, with the words in <mark>."""
    html = client.get("/en/search/", {"q": "agreement"}).content.decode()
    assert re.search(
        r'<time datetime="2022-01-10T12:00:00\+03:00">10\.01\.2022</time> - '
        r'<a href="/en/news/[^"]+/">Statement on the harbour <mark>agreement</mark></a>',
        html,
    )
    assert "The harbour <mark>agreement</mark> was signed today." in html


def test_all_words_must_match(client, items):
    """Several words find only items that contain them all."""
    html = client.get("/en/search/", {"q": "harbour fisheries"}).content.decode()
    assert result_titles(html) == ["Interview about fisheries"]


def test_kind_filter(client, items):
    """`kind=` narrows the results to one kind."""
    html = client.get("/en/search/", {"q": "harbour", "kind": "statement"}).content.decode()
    assert result_titles(html) == ["Statement on the harbour agreement"]


def test_unknown_kind_is_404(client, items):
    """A kind that does not exist is a 404; one that is no slug at all a 400, as on the archive."""
    assert client.get("/en/search/", {"q": "harbour", "kind": "nope"}).status_code == 404
    assert client.get("/en/search/", {"q": "harbour", "kind": "a\x00b"}).status_code == 400


def test_markup_in_titles_is_escaped(client, news, statement_kind):
    """Titles are text: markup in them is shown, never run, even around a marked word."""
    PublicationPageFactory(
        parent=news, kind=statement_kind, title="<script>alert(1)</script> harbour notice"
    )
    html = client.get("/en/search/", {"q": "harbour"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>harbour</mark> notice" in html


def test_drafts_and_private_items_are_not_found(client, items, news, statement_kind):
    """Only live, public items are found."""
    draft = PublicationPageFactory(parent=news, kind=statement_kind, title="Harbour draft")
    draft.unpublish()
    private = PublicationPageFactory(parent=news, kind=statement_kind, title="Harbour secret")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    html = client.get("/en/search/", {"q": "harbour"}).content.decode()
    assert "Harbour draft" not in html and "Harbour secret" not in html
    assert "2 publications found." in html


def test_results_are_paged_like_the_archive(client, news, statement_kind):
    """Ten a page, with page links that keep the query."""
    for n in range(12):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Treaty note {n:02d}",
            published_at=dt.datetime(2022, 2, 1, tzinfo=UTC) + dt.timedelta(days=n),
        )
    first = client.get("/en/search/", {"q": "treaty"}).content.decode()
    assert len(result_titles(first)) == 10
    assert '<a href="?q=treaty&amp;page=2">2</a>' in first
    second = client.get("/en/search/", {"q": "treaty", "page": "2"}).content.decode()
    assert result_titles(second) == ["Treaty note 01", "Treaty note 00"]
    assert client.get("/en/search/", {"q": "treaty", "page": "3"}).status_code == 404


def test_empty_query_shows_the_form(client, items):
    """Without words the page shows the form and no results."""
    response = client.get("/en/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and "publications found" not in html


def test_search_page_has_feed_links_and_noindex(client, items):
    """The search page names the feeds and keeps itself out of search engines."""
    html = client.get("/en/search/", {"q": "harbour"}).content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/en/news/feeds/atom/"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_100000_character_query_is_a_400(client, items):
    """A huge query is refused with a 400 and a message, never a 500."""
    response = client.get("/en/search/", {"q": "harbour " * 12_500})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"' * 5000,
        '" OR AND NOT ( ) * - + ^ : NEAR { } [ ] ' * 300,
    ],
)
def test_thousands_of_quotes_and_operators_are_a_400(client, items, query):
    """Thousands of quotes and operators are refused before reaching the backend."""
    assert client.get("/en/search/", {"q": query}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        '"' * MAX_QUERY_CHARS,
        ('"harbour" OR (AND NOT * ^ : NEAR/2 {x} \\ \' - + ' * 20)[:MAX_QUERY_CHARS],
        "harbour\x00 agreement",
        "*",
        "NOT",
        "a" * MAX_QUERY_CHARS,
        "한국어 العربية русский",
    ],
)
def test_odd_queries_within_the_limit_are_answered(client, items, query):
    """Operators, quotes, NUL, lone keywords and other scripts give a normal page."""
    assert client.get("/en/search/", {"q": query}).status_code == 200


def test_parse_query_keeps_words_only():
    """Quotes and operators are dropped; words are lower-cased, distinct and capped."""
    query = parse_query('"Harbour" AND (fisheries) -harbour NOT* Рыба')
    assert query.terms == ("harbour", "and", "fisheries", "not", "рыба")
    assert len(parse_query(" ".join(f"w{n}" for n in range(50))).terms) == 10
    assert parse_query("x" * 100).terms == ("x" * 40,)
    assert not parse_query('" ( ) * :')


def test_parse_query_refuses_long_input():
    """Input over the limit raises QueryTooLong."""
    with pytest.raises(QueryTooLong):
        parse_query("a" * (MAX_QUERY_CHARS + 1))


def test_highlight_marks_word_starts_and_escapes():
    """Words starting with a term are marked; everything is escaped."""
    query = parse_query("harb")
    assert highlight("Harbours & <harb>", query) == (
        "<mark>Harbours</mark> &amp; &lt;<mark>harb</mark>&gt;"
    )
    assert highlight("seaharbour", query) == "seaharbour"


def test_fts5_match_quotes_every_word():
    """The SQLite query asks for every word, quoted, in the title or body."""
    from chancery.search.backend import fts5_match

    assert fts5_match(parse_query('harbour "AND" trea')) == (
        '{title body} : ("harbour" AND "and" AND "trea")'
    )


@pytest.fixture
def many(news, statement_kind):
    """Twelve items with "lighthouse", the newest first in the list below."""
    return [
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Lighthouse notice {n}",
            published_at=dt.datetime(2022, 3, 1, 9, tzinfo=UTC) - dt.timedelta(days=n),
        )
        for n in range(12)
    ]


def test_a_word_in_very_many_items_is_counted_only_so_far(client, many, monkeypatch):
    """Past FEW_ENTRIES matches the count stops at COUNT_CAP and says "more than"; the items
    are the same, newest first, and the pages stop where the count does."""
    exact = client.get("/en/search/", {"q": "lighthouse"}).content.decode()
    assert "12 publications found." in exact
    monkeypatch.setattr(backend, "FEW_ENTRIES", 2)
    monkeypatch.setattr(backend, "COUNT_CAP", 10)
    html = client.get("/en/search/", {"q": "lighthouse"}).content.decode()
    assert "More than 10 publications found." in html
    assert result_titles(html) == [f"Lighthouse notice {n}" for n in range(10)]
    assert result_titles(html) == result_titles(exact)
    assert client.get("/en/search/", {"q": "lighthouse", "page": "2"}).status_code == 404


def test_a_common_word_of_another_language_finds_nothing_here(client, many, ru_news, monkeypatch):
    """Many entries match, none of this language's items: no results, and an exact zero."""
    monkeypatch.setattr(backend, "FEW_ENTRIES", 2)
    for item in many:
        translate(item, "ru", title=f"Маяк {item.pk}")
    html = client.get("/en/search/", {"q": "маяк"}).content.decode()
    assert "0 publications found." in html and result_titles(html) == []
    russian = client.get("/ru/search/", {"q": "маяк"}).content.decode()
    assert "Найдено больше 10 публикаций." not in russian and "Маяк" in russian
    monkeypatch.setattr(backend, "COUNT_CAP", 10)
    russian = client.get("/ru/search/", {"q": "маяк"}).content.decode()
    assert "Найдено больше 10 публикаций." in russian
