"""Archive filters: the query parameters of a publication list, checked and turned into a query.

Every list of publications (the archive, its month and year archives, feeds, search) takes
the same parameters, so a reader's filter carries from one to the other:

    kind=statement   year=2022   month=1   topic=culture   language=ru

`ArchiveFilter.from_params()` validates them: a malformed value (month=13, year=abc, a
parameter given twice) raises `BadRequest` (400); a well-formed value naming nothing that
exists (kind=no-such-kind) raises `Http404`. Empty values count as absent, so an unchanged
`<select>` in the filter form does no harm. Unknown parameters are ignored.
"""

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from taggit.models import Tag
from wagtail.models import Locale

from .models import PublicationKind, month_bounds, valid_year, year_bounds

PARAMETERS = ("kind", "year", "month", "topic", "language")

# Month names as they stand after "in" in a summary ("in January 2022"): languages with
# cases need their own form here (Russian "в январе").
MONTHS_IN = {
    1: pgettext_lazy("in month", "January"),
    2: pgettext_lazy("in month", "February"),
    3: pgettext_lazy("in month", "March"),
    4: pgettext_lazy("in month", "April"),
    5: pgettext_lazy("in month", "May"),
    6: pgettext_lazy("in month", "June"),
    7: pgettext_lazy("in month", "July"),
    8: pgettext_lazy("in month", "August"),
    9: pgettext_lazy("in month", "September"),
    10: pgettext_lazy("in month", "October"),
    11: pgettext_lazy("in month", "November"),
    12: pgettext_lazy("in month", "December"),
}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def _single(params: QueryDict, name: str) -> str | None:
    """The one value of `name`, None if absent or empty; given twice is a bad request."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(_("The filter “%(name)s” is given more than once.") % {"name": name})
    value = values[0].strip() if values else ""
    return value or None


def _number(raw: str, name: str, digits: int) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= digits):
        raise BadRequest(_("The filter “%(name)s” must be a number.") % {"name": name})
    return int(raw)


@dataclass(frozen=True)
class ArchiveFilter:
    """What a reader asked a list of publications to show.

    `locale` is the language of the listed items: the list's own language unless the reader
    chose another with `language=`. `own_locale` is the language of the page showing the list.
    """

    own_locale: Locale
    locale: Locale
    zone: ZoneInfo
    kind: PublicationKind | None = None
    year: int | None = None
    month: int | None = None
    topic: Tag | None = None

    @classmethod
    def from_params(cls, params: QueryDict, *, locale: Locale, zone: ZoneInfo, period=None):
        """Validates `params` for a list in `locale`, whose dates are days in `zone`.

        `period` is (year, month or None) when the list's path already fixes it (the month and
        year archives); year and month parameters are then a bad request.
        """
        values = {name: _single(params, name) for name in PARAMETERS}

        listed_locale = locale
        if values["language"]:
            code = values["language"]
            if not _LANGUAGE.match(code):
                raise BadRequest(_("The language filter is not a language code."))
            if code not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
                raise Http404(_("There are no publications in that language."))
            listed_locale = Locale.objects.filter(language_code=code).first()
            if listed_locale is None:
                raise Http404(_("There are no publications in that language."))

        year = month = None
        if period is not None:
            if values["year"] or values["month"]:
                raise BadRequest(_("This archive is already for one period."))
            year, month = period
        else:
            if values["year"]:
                year = _number(values["year"], "year", 4)
                if not valid_year(year):
                    raise BadRequest(_("There is no such year in the archive."))
            if values["month"]:
                if year is None:
                    raise BadRequest(_("Choose a year to filter by month."))
                month = _number(values["month"], "month", 2)
                if not 1 <= month <= 12:
                    raise BadRequest(_("A month is a number from 1 to 12."))

        kind = None
        if values["kind"]:
            if not _SLUG.match(values["kind"]):
                raise BadRequest(_("The kind filter is not a kind."))
            kind = _kind(values["kind"], listed_locale)

        topic = None
        if values["topic"]:
            if not _SLUG.match(values["topic"]):
                raise BadRequest(_("The topic filter is not a topic."))
            topic = Tag.objects.filter(slug=values["topic"]).first()
            if topic is None:
                raise Http404(_("There is no such topic."))

        return cls(
            own_locale=locale,
            locale=listed_locale,
            zone=zone,
            kind=kind,
            year=year,
            month=month,
            topic=topic,
        )

    # What to show

    @property
    def other_language(self) -> bool:
        return self.locale.pk != self.own_locale.pk

    @property
    def is_filtered(self) -> bool:
        """Whether anything narrows the list beyond its own language."""
        return bool(self.kind or self.year or self.topic or self.other_language)

    def bounds(self) -> tuple[dt.datetime, dt.datetime] | None:
        if self.year and self.month:
            return month_bounds(self.year, self.month, self.zone)
        if self.year:
            return year_bounds(self.year, self.zone)
        return None

    def apply(self, publications):
        """Narrows a PublicationPage queryset to what the filter asks for (not the language:
        which tree to list is the caller's, see `NewsIndexPage.filtered_publications`).

        Only plain field lookups are used, so the result can be searched with Wagtail's
        search backends (kind, published_at and the page id are filter fields).
        """
        if self.kind is not None:
            publications = publications.filter(kind__in=self.kind_ids())
        bounds = self.bounds()
        if bounds is not None:
            publications = publications.published_between(*bounds)
        if self.topic is not None:
            publications = publications.filter(
                pk__in=list(
                    self.topic.newsroom_publicationtag_items.values_list(
                        "content_object_id", flat=True
                    )
                )
            )
        return publications

    def kind_ids(self) -> list[int]:
        """The kind in every language: a translation may still point at the source's kind."""
        return list(
            PublicationKind.objects.filter(translation_key=self.kind.translation_key).values_list(
                "pk", flat=True
            )
        )

    # Links

    def params(self, *, with_period: bool = False, locale: Locale | None = None) -> dict:
        """The query parameters that reproduce this filter, in a fixed order.

        With `locale`, for the same list in that language (the language switcher): the kind
        becomes its translation's slug.
        """
        params = {}
        if self.kind is not None:
            kind = self.kind
            if locale is not None:
                kind = kind.get_translation_or_none(locale) or kind
            params["kind"] = kind.slug
        if with_period and self.year:
            params["year"] = str(self.year)
            if self.month:
                params["month"] = str(self.month)
        if self.topic is not None:
            params["topic"] = self.topic.slug
        if self.other_language and (locale is None or locale.pk != self.locale.pk):
            params["language"] = self.locale.language_code
        return params

    def query_string(self, **kwargs) -> str:
        """`kind=statement&topic=culture`, or "" without filters; see `params()`."""
        return urlencode(self.params(**kwargs))

    def period_path(self) -> str:
        """The path below the archive that fixes the period: `2022/01/`, `2022/` or ``."""
        if self.year and self.month:
            return f"{self.year}/{self.month:02d}/"
        if self.year:
            return f"{self.year}/"
        return ""

    def without(self, *names) -> "ArchiveFilter":
        changes = dict.fromkeys(names)
        if "language" in changes:
            changes = {**changes, "locale": self.own_locale}
            del changes["language"]
        if "year" in changes:
            changes["month"] = None
        return replace(self, **changes)

    # Words

    def summary(self, count: int) -> str:
        """The visible sentence above a list: `42 statements in January 2022`."""
        qualifiers = ""
        if self.year and self.month:
            qualifiers += _(" in %(month)s %(year)d") % {
                "month": MONTHS_IN[self.month],
                "year": self.year,
            }
        elif self.year:
            qualifiers += _(" in %(year)d") % {"year": self.year}
        if self.topic is not None:
            qualifiers += _(" on “%(topic)s”") % {"topic": self.topic.name}
        if self.other_language:
            qualifiers += _(" in %(language)s") % {"language": self.locale.get_display_name()}
        if self.kind is not None:
            kind = self.kind.get_translation_or_none(self.own_locale) or self.kind
            text = ngettext(
                "%(count)d %(kind_one)s%(qualifiers)s",
                "%(count)d %(kind_many)s%(qualifiers)s",
                count,
            ) % {
                "count": count,
                "kind_one": kind.name.lower(),
                "kind_many": kind.plural_name,
                "qualifiers": qualifiers,
            }
        else:
            text = ngettext(
                "%(count)d publication%(qualifiers)s",
                "%(count)d publications%(qualifiers)s",
                count,
            ) % {"count": count, "qualifiers": qualifiers}
        return capfirst(text)


def _kind(slug: str, locale: Locale) -> PublicationKind:
    """The kind with `slug` in `locale`, else in any language (slugs may stay untranslated)."""
    kinds = PublicationKind.objects.filter(slug=slug)
    kind = kinds.filter(locale=locale).first() or kinds.order_by("pk").first()
    if kind is None:
        raise Http404(_("There is no such kind of publication."))
    return kind
