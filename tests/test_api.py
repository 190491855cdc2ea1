"""The public JSON API of publications: the same visibility as the pages, read-only."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from chancery.newsroom.factories import PublicationPageFactory, paragraphs

UTC = dt.UTC


@pytest.fixture
def items(news, statement_kind):
    public = [
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Public item {n}",
            body=paragraphs(f"Body {n}."),
            published_at=dt.datetime(2022, 1, n, 9, tzinfo=UTC),
        )
        for n in (1, 2)
    ]
    draft = PublicationPageFactory(parent=news, kind=statement_kind, title="Draft item")
    draft.unpublish()
    private = PublicationPageFactory(parent=news, kind=statement_kind, title="Private item")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return {"public": public, "draft": draft, "private": private}


def test_listing_has_public_live_items_newest_first(client, items):
    """The listing has the public live items only, newest first, with kind and lead."""
    response = client.get("/en/api/v2/publications/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert [item["title"] for item in data["items"]] == ["Public item 2", "Public item 1"]
    first = data["items"][0]
    assert first["kind"] == {"name": "Statement", "slug": "statement"}
    assert first["lead"] == "Body 2."
    assert first["published_at"].startswith("2022-01-02T")


def test_detail_has_the_body(client, items):
    """One item's detail has its body."""
    page = items["public"][0]
    data = client.get(f"/en/api/v2/publications/{page.pk}/").json()
    assert data["title"] == "Public item 1"
    assert data["body"][0]["type"] == "paragraph"
    assert "Body 1." in data["body"][0]["value"]


@pytest.mark.parametrize("which", ["draft", "private"])
def test_drafts_and_private_items_are_absent(client, items, which):
    """Drafts and private items are neither listed nor reachable by id."""
    page = items[which]
    titles = [item["title"] for item in client.get("/en/api/v2/publications/").json()["items"]]
    assert page.title not in titles
    assert client.get(f"/en/api/v2/publications/{page.pk}/").status_code == 404


def test_only_publications_are_served(client, items, news):
    """The archive page is not a publication and is not found here."""
    assert client.get(f"/en/api/v2/publications/{news.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused(client, items, method):
    """Nothing can be written through the API."""
    page = items["public"][0]
    response = getattr(client, method)(
        f"/en/api/v2/publications/{page.pk}/", data={"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert getattr(client, method)("/en/api/v2/publications/").status_code == 405


def test_bad_parameters_are_400(client, items):
    """Unknown parameters and bad orderings are a 400, not a 500."""
    assert client.get("/en/api/v2/publications/?nonsense=1").status_code == 400
    assert client.get("/en/api/v2/publications/?order=nonsense").status_code == 400
    assert client.get("/en/api/v2/publications/?limit=abc").status_code == 400
