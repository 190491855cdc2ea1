"""Factories for the ministry's feeds."""

import factory
from factory.django import DjangoModelFactory

from chancery.newsroom.factories import PublicationKindFactory

from .enums import ImportMode
from .models import Feed


class FeedFactory(DjangoModelFactory):
    """A feed; pass `news_index` (a NewsIndexPage) and `url`."""

    class Meta:
        model = Feed

    source_name = "Ministry of Foreign Affairs of Vendaria"
    url = "http://127.0.0.1:9/feed.xml"
    kind = factory.SubFactory(PublicationKindFactory)
    locale = factory.SelfAttribute("news_index.locale")
    mode = ImportMode.DRAFT
    poll_interval = 15
