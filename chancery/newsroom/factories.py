"""Factories for publications and their kinds."""

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale
from wagtail.rich_text import RichText

from .models import NewsIndexPage, PublicationKind, PublicationPage


class PublicationKindFactory(DjangoModelFactory):
    class Meta:
        model = PublicationKind
        django_get_or_create = ("slug", "locale")

    name = "Statement"
    plural_name = "statements"
    slug = "statement"
    locale = factory.LazyFunction(Locale.get_default)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"


def paragraphs(*texts):
    """A body of paragraph blocks, one per text."""
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


class PublicationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PublicationPage

    title = factory.Sequence(lambda n: f"Press release number {n}")
    slug = factory.Sequence(lambda n: f"press-release-{n}")
    kind = factory.SubFactory(PublicationKindFactory)
    published_at = factory.LazyFunction(timezone.now)
    body = factory.LazyAttribute(lambda o: paragraphs(f"The text of {o.title}."))
