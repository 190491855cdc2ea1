"""The demo's ministry feed: a fixture served by the demo site itself, so no network.

Demo only. `load_demo` registers it; the worker that `make demo` starts imports it.
"""

from chancery.newsroom.models import NewsIndexPage, PublicationKind

from .enums import ImportMode
from .models import Feed

DEMO_FEED_PATH = "/static/demo/ministry-feed.xml"


def ensure_demo_feed(*, source_name: str, port: int) -> Feed | None:
    """Register (or point at the current port) the demo feed; None without a news archive."""
    news = NewsIndexPage.objects.order_by("pk").first()
    if news is None:
        return None
    kind = PublicationKind.objects.filter(slug="news", locale=news.locale).first()
    if kind is None:
        kind = PublicationKind.objects.filter(locale=news.locale).first()
    feed, _created = Feed.objects.update_or_create(
        source_name=source_name,
        defaults={
            "url": f"http://127.0.0.1:{port}{DEMO_FEED_PATH}",
            "kind": kind,
            "locale": news.locale,
            "news_index": news,
            "mode": ImportMode.PUBLISH,
            # Often, so that the first import follows the server's start within a minute.
            "poll_interval": 1,
        },
    )
    return feed
