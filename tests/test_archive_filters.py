"""Archive filters by kind, period, topic and language: combinable, in the URL, summarised."""

import datetime as dt
import re

import pytest

from chancery.newsroom.factories import PublicationKindFactory, PublicationPageFactory
from tests.conftest import translate

UTC = dt.UTC


def titles(html):
    return re.findall(r'<a href="/\w\w/news/[^"]+/">([^<]+)</a></p>', html)


def summary(html):
    return re.search(r'<p class="archive-summary">([^<]*)', html).group(1).strip()


@pytest.fixture
def comment_kind(locale):
    return PublicationKindFactory(
        name="Comment", plural_name="comments", slug="comment", locale=locale
    )


@pytest.fixture
def items(news, statement_kind, comment_kind):
    def make(title, kind, day, tags=()):
        page = PublicationPageFactory(
            parent=news, kind=kind, title=title, published_at=day.replace(tzinfo=UTC)
        )
        if tags:
            page.tags.add(*tags)
            page.save_revision().publish()
        return page

    return {
        "jan-statement": make(
            "Jan statement", statement_kind, dt.datetime(2022, 1, 5, 12), ["culture"]
        ),
        "jan-statement-2": make("Jan statement two", statement_kind, dt.datetime(2022, 1, 20, 12)),
        "jan-comment": make("Jan comment", comment_kind, dt.datetime(2022, 1, 7, 12), ["culture"]),
        "feb-statement": make(
            "Feb statement", statement_kind, dt.datetime(2022, 2, 3, 12), ["visas"]
        ),
        "old-statement": make("Old statement", statement_kind, dt.datetime(2021, 6, 1, 12)),
    }


def test_kind_filter(client, items):
    """?kind=comment lists comments only."""
    html = client.get("/en/news/?kind=comment").content.decode()
    assert titles(html) == ["Jan comment"]
    assert summary(html) == "1 comment"


def test_month_archive_with_kind(client, items):
    """A month archive filtered by kind: `2 statements in January 2022`."""
    html = client.get("/en/news/2022/01/?kind=statement").content.decode()
    assert titles(html) == ["Jan statement two", "Jan statement"]
    assert summary(html) == "2 statements in January 2022"


def test_topic_filter_combined_with_kind_and_year(client, items):
    """Topic, kind and year combine: statements on culture in 2022."""
    html = client.get("/en/news/2022/?kind=statement&topic=culture").content.decode()
    assert titles(html) == ["Jan statement"]
    assert summary(html) == "1 statement in 2022 on “culture”"


def test_unfiltered_summary_counts_everything(client, items):
    """The archive without filters says how many publications it holds."""
    assert summary(client.get("/en/news/").content.decode()).startswith("5 publications")


def test_year_and_month_parameters_redirect_to_the_citable_month(client, items):
    """The filter form's year and month lead to the month archive's permanent address."""
    response = client.get("/en/news/?kind=statement&year=2022&month=1&page=2")
    assert response.status_code == 301
    assert response["Location"] == "/en/news/2022/01/?kind=statement"
    response = client.get("/en/news/?year=2021")
    assert response["Location"] == "/en/news/2021/"


def test_empty_form_fields_are_ignored(client, items):
    """Submitting the form unchanged (all empty) lists everything."""
    html = client.get("/en/news/?kind=&year=&month=&topic=&language=").content.decode()
    assert len(titles(html)) == 5


def test_language_filter_lists_another_languages_items(client, items, ru_news, ru_statement_kind):
    """?language=ru on the English archive lists the Russian publications, marked lang=ru."""
    translate(items["feb-statement"], "ru", title="Февральское заявление", slug="fevral")
    html = client.get("/en/news/?language=ru").content.decode()
    assert titles(html) == ["Февральское заявление"]
    assert '<ol class="publication-list" lang="ru">' in html
    assert summary(html) == "1 publication in Русский"


def test_filters_shown_in_the_form(client, items):
    """The form shows the current filters as selected and offers only used values."""
    html = client.get("/en/news/2022/01/?kind=comment").content.decode()
    assert '<option value="comment" selected>Comment</option>' in html
    assert '<option value="2022" selected>2022</option>' in html
    assert '<option value="1" selected>January</option>' in html
    assert '<option value="visas">visas</option>' in html


def test_pagination_keeps_the_filters(client, news, statement_kind):
    """Page links of a filtered archive keep its filters."""
    for n in range(12):
        PublicationPageFactory(parent=news, kind=statement_kind, title=f"S {n}")
    html = client.get("/en/news/?kind=statement").content.decode()
    assert '<a href="?kind=statement&amp;page=2">2</a>' in html


def test_numbered_pages_point_to_month_archives(client, items):
    """The numbered archive says it is the newest-first view and links every month."""
    html = client.get("/en/news/").content.decode()
    assert "newest-first view" in html
    assert '<a href="/en/news/2022/02/">February</a> (1)' in html
    assert '<a href="/en/news/2022/01/">January</a> (3)' in html
    assert '<a href="/en/news/2021/06/">June</a> (1)' in html


def test_month_links_keep_the_kind(client, items):
    """From a filtered list, month links keep the filter."""
    html = client.get("/en/news/?kind=statement").content.decode()
    assert '<a href="/en/news/2022/01/?kind=statement">January</a> (2)' in html


@pytest.mark.parametrize(
    "query",
    [
        "month=13&year=2022",
        "month=0&year=2022",
        "month=1",
        "year=abc",
        "year=99999",
        "year=1800",
        "kind=statement&kind=comment",
        "kind=<script>",
        "topic=a%20b",
        "language=EN!",
        "month=%00&year=2022",
    ],
)
def test_malformed_filters_are_400(client, items, query):
    """Malformed filter values answer 400 with a page that says so, never 500."""
    response = client.get(f"/en/news/?{query}")
    assert response.status_code == 400
    assert "This address cannot be answered" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/news/?kind=no-such-kind",
        "/en/news/?topic=no-such-topic",
        "/en/news/?language=de",
        "/en/news/?language=xx",
        "/en/news/2022/01/?kind=no-such-kind",
    ],
)
def test_filters_naming_nothing_are_404(client, items, url):
    """A well-formed filter naming no kind, topic or language answers 404."""
    assert client.get(url).status_code == 404


def test_period_archive_refuses_a_second_period(client, items):
    """/2022/01/?year=2021 is contradictory: 400."""
    assert client.get("/en/news/2022/01/?year=2021").status_code == 400


def test_month_archive_with_filter_does_not_shift(
    client, items, news, statement_kind, django_capture_on_commit_callbacks
):
    """A filtered month archive stays the same when newer items are published."""
    before = titles(client.get("/en/news/2022/01/?kind=statement").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        PublicationPageFactory(
            parent=news, kind=statement_kind, published_at=dt.datetime(2022, 3, 1, tzinfo=UTC)
        )
    assert "March" in client.get("/en/news/?kind=statement").content.decode()
    assert titles(client.get("/en/news/2022/01/?kind=statement").content.decode()) == before
