"""The demo registers a ministry feed that imports from the demo site, not the network."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chancery.syndication.demo import DEMO_FEED_PATH, ensure_demo_feed
from chancery.syndication.enums import PollStatus
from chancery.syndication.models import Feed
from chancery.syndication.polling import poll_due_feeds


@pytest.fixture
def demo_var(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_feed_is_registered_once_and_imports(client, db, demo_var, feed_server, monkeypatch):
    """load_demo registers one feed at the demo's port; served like the demo serves it, the
    feed file imports three live items."""
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    feed = Feed.objects.get()
    assert feed.url == f"http://127.0.0.1:8123{DEMO_FEED_PATH}"
    assert feed.publishes_automatically
    assert "Demo ministry feed:" in out.getvalue()

    port = feed_server.httpd.server_address[1]
    feed = ensure_demo_feed(source_name=feed.source_name, port=port)
    (result,) = poll_due_feeds()
    assert result.status == PollStatus.OK, result.message
    assert len(result.created) == 3
    page = result.created[0]
    assert page.live
    assert page.source_name == feed.source_name
    html = client.get(page.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "Minister opens the new consular hall in Marenstadt" in html


def test_demo_refuses_a_bad_port(db, demo_var, monkeypatch):
    """A PORT that is not a number is a usage error."""
    monkeypatch.setenv("PORT", "80; rm")
    with pytest.raises(CommandError, match="PORT must be a number"):
        call_command("load_demo", stdout=StringIO())
