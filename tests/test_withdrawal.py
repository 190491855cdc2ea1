"""Withdrawal keeps the URL with a notice and takes the item out of every list."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import PageLogEntry

from chancery.editorial.enums import LogAction
from chancery.newsroom.factories import PublicationPageFactory
from chancery.newsroom.models import PublicationPage


@pytest.fixture
def item(news, statement_kind):
    return PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Statement on the harbour",
        slug="statement-on-the-harbour",
        published_at=dt.datetime(2022, 1, 9, 7, 0, tzinfo=dt.UTC),
    )


def withdraw(client, page, reason="It named the wrong ministry."):
    return client.post(reverse("editorial:withdraw", args=[page.pk]), {"reason": reason})


@pytest.fixture
def withdrawn(client_for, press_secretary, item):
    with time_machine.travel(dt.datetime(2022, 1, 12, 8, 15, tzinfo=dt.UTC), tick=False):
        response = withdraw(client_for(press_secretary), item)
    assert response.status_code == 302
    item.refresh_from_db()
    return item


def test_withdrawn_item_keeps_url_with_notice(withdrawn, client):
    """The page still answers 200 and says what was withdrawn, when, and why."""
    response = client.get("/en/news/statement-on-the-harbour/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'This statement was withdrawn on <time datetime="2022-01-12T11:15+03:00">'
        "12.01.2022 11:15</time>: It named the wrong ministry." in html
    )


def test_withdrawn_item_leaves_every_list(withdrawn, client):
    """Front page, archive and month archive no longer list it."""
    for url in ("/en/", "/en/news/", "/en/news/2022/", "/en/news/2022/01/"):
        assert "Statement on the harbour" not in client.get(url).content.decode(), url
    assert not PublicationPage.objects.listed().filter(pk=withdrawn.pk).exists()
    assert PublicationPage.objects.withdrawn().filter(pk=withdrawn.pk).exists()


def test_withdrawal_is_logged_and_survives_republishing(withdrawn, press_secretary):
    """The audit log has the reason; publishing a later revision does not undo it."""
    entry = PageLogEntry.objects.get(page=withdrawn, action=LogAction.WITHDRAW)
    assert entry.user == press_secretary
    assert entry.data["reason"] == "It named the wrong ministry."
    withdrawn.save_revision().publish()
    withdrawn.refresh_from_db()
    assert withdrawn.is_withdrawn


def test_withdrawal_needs_reason(client_for, press_secretary, item):
    """No reason, no withdrawal."""
    response = withdraw(client_for(press_secretary), item, reason="")
    assert response.status_code == 200
    item.refresh_from_db()
    assert not item.is_withdrawn


def test_author_cannot_withdraw(client_for, author, item):
    """Withdrawal is for press secretaries."""
    withdraw(client_for(author), item)
    item.refresh_from_db()
    assert not item.is_withdrawn


def test_withdraw_button_in_page_header(client_for, press_secretary, item):
    """Press secretaries find "Withdraw…" on the item's edit page."""
    html = client_for(press_secretary).get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert reverse("editorial:withdraw", args=[item.pk]) in html
