"""Translation status: for each publication and language, missing, outdated or up to date.

A publication's versions share a `translation_key` (Wagtail core's locales). The *source* is
its version in the default language, or, for an item written first in another language and
not yet translated into the default one, its oldest version. A translation is

- missing: there is no published version in that language (a draft does not count, readers
  cannot see it);
- outdated: the source was last published after the translation was, so it may have changed;
- up to date: otherwise.

Everything is computed in the database, one subquery per language, so the admin listing can
filter and paginate thousands of publications.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from wagtail.models import Locale, Page

from chancery.newsroom.models import PublicationPage

from .enums import TranslationStatus


def content_locales() -> list[Locale]:
    """The locales of the configured languages, in the configured order."""
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    locales = Locale.objects.filter(language_code__in=order)
    return sorted(locales, key=lambda locale: order.index(locale.language_code))


def status_field(locale: Locale) -> str:
    return f"translation_status_{locale.pk}"


def translation_field(locale: Locale) -> str:
    return f"translation_id_{locale.pk}"


def source_publications():
    """One row per publication: its version in the default language, else its oldest one."""
    default = Locale.get_default()
    in_default = PublicationPage.objects.filter(
        translation_key=OuterRef("translation_key"), locale=default
    )
    older = PublicationPage.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return PublicationPage.objects.filter(
        Q(locale=default) | (~Exists(in_default) & ~Exists(older))
    )


def with_translation_status(publications, locales):
    """`publications` (sources) annotated, for each locale, with its status and the id of the
    page in that locale if there is one (published or not)."""
    annotations = {}
    for locale in locales:
        versions = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=locale)
        published = Subquery(
            versions.filter(live=True).values("last_published_at")[:1],
        )
        annotations[translation_field(locale)] = Subquery(versions.values("pk")[:1])
        annotations[status_field(locale)] = Case(
            When(locale=locale, then=Value(TranslationStatus.SOURCE.value)),
            When(~Exists(versions.filter(live=True)), then=Value(TranslationStatus.MISSING.value)),
            # A source never published (a draft) cannot have changed since anything was.
            When(
                last_published_at__gt=published,
                then=Value(TranslationStatus.OUTDATED.value),
            ),
            default=Value(TranslationStatus.UP_TO_DATE.value),
        )
    return publications.annotate(**annotations)


def filter_by_status(publications, status: str, locales):
    """Rows where any of `locales` (already annotated) has `status`."""
    condition = Q()
    for locale in locales:
        condition |= Q(**{status_field(locale): status})
    return publications.filter(condition)


@dataclass(frozen=True)
class TranslationCell:
    """One language of one publication, as the listing shows it."""

    locale: Locale
    status: TranslationStatus
    translation_id: int | None

    @property
    def is_source(self) -> bool:
        return self.status == TranslationStatus.SOURCE


def cell(publication, locale: Locale) -> TranslationCell:
    """The cell of an annotated row for `locale`."""
    return TranslationCell(
        locale=locale,
        status=TranslationStatus(getattr(publication, status_field(locale))),
        translation_id=getattr(publication, translation_field(locale)),
    )
