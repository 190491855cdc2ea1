"""`manage.py make_dataset` fills the search index as Wagtail's own indexing would."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from chancery.newsroom.models import PublicationPage
from chancery.search.backend import matching
from chancery.search.query import parse_query

QUERIES = ["harbour", "culture exchange", "festival museum river", "trade 12", "zzzz"]


def entries():
    """{object id: the columns of its index entry} for every publication in the index."""
    columns = ["title", "autocomplete", "body", "title_norm"]
    if connection.vendor == "postgresql":
        columns += ["title_text", "body_text"]
    content_type = ContentType.objects.get_for_model(PublicationPage)
    rows = IndexEntry.objects.filter(content_type=content_type).values("object_id", *columns)
    # Vectors as their text form, which lists every lexeme with its positions and weight.
    return {row.pop("object_id"): {k: str(v) for k, v in row.items()} for row in rows}


def found(query):
    publications = PublicationPage.objects.live().order_by("-published_at", "-id")
    return [page.pk for page in matching(publications, parse_query(query))]


def reindex_with_wagtail(publications):
    """Replaces the publications' entries with those Wagtail's backend writes."""
    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PublicationPage)
    ).delete()
    get_search_backend().add_bulk(PublicationPage, list(publications))


@pytest.fixture
def dataset(news, statement_kind):
    call_command("make_dataset", 40, stdout=io.StringIO())
    return PublicationPage.objects.all()


def test_dataset_index_entries_equal_wagtails(dataset):
    """Each publication's entry holds what Wagtail's backend writes for it."""
    written = entries()
    assert len(written) == dataset.count() == 40
    reindex_with_wagtail(dataset)
    assert written == entries()


def test_dataset_index_finds_what_wagtails_finds(dataset):
    """Searches over the dataset's index find the same items as over Wagtail's own."""
    results = {query: found(query) for query in QUERIES}
    assert results["harbour"], "the invented text mentions the harbour"
    reindex_with_wagtail(dataset)
    assert {query: found(query) for query in QUERIES} == results
