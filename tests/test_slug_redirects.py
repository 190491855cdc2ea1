"""Permanent item URLs: changing a publication's slug leaves a redirect from the old URL."""

import datetime as dt

import pytest
from wagtail.contrib.redirects.models import Redirect

from chancery.newsroom.factories import PublicationPageFactory

UTC = dt.UTC


@pytest.fixture
def item(news, statement_kind):
    return PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="harbour-agreement",
        title="Statement on the harbour agreement",
        published_at=dt.datetime(2022, 1, 10, 12, tzinfo=UTC),
    )


@pytest.fixture
def rename(django_capture_on_commit_callbacks):
    def rename(page, slug):
        # Wagtail announces a slug change once the transaction commits; each test runs in
        # one transaction, so the commit callbacks are run here as a commit would.
        with django_capture_on_commit_callbacks(execute=True):
            page.slug = slug
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return rename


def test_old_url_redirects_permanently_to_the_new_one(client, item, rename):
    """After a slug change and republishing, the old URL answers 301 to the new URL."""
    old_url = item.url
    assert client.get(old_url).status_code == 200
    rename(item, "harbour-agreement-signed")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/en/news/harbour-agreement-signed/")
    assert client.get(response["Location"]).status_code == 200


def test_every_earlier_url_keeps_working(client, item, rename):
    """Two renames: both earlier URLs lead to the current one."""
    first = item.url
    rename(item, "second-name")
    second = item.url
    rename(item, "third-name")
    for old in (first, second):
        response = client.get(old, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[0][1] == 301
        assert response.request["PATH_INFO"] == "/en/news/third-name/"


def test_redirect_points_at_the_page_not_a_fixed_path(item, rename):
    """The redirect is tied to the page, so moving it again does not strand old links."""
    rename(item, "renamed")
    redirect = Redirect.objects.get()
    assert redirect.redirect_page_id == item.pk
    assert redirect.is_permanent
