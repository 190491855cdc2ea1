"""The mission itself: its settings per Wagtail site, and the media models every page uses."""

import copy
import os
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.forms import Select
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, PageViewRestriction, Site

from chancery.pagecache import memo

from .settings_forms import MissionSettingsForm
from .uploads import check_document_content
from .zones import time_zone_choices, validate_time_zone


def unguessable_path(path: str, max_length: int) -> str:
    """`folder/name.ext` as `folder/<128 random bits>/name.ext`, at most `max_length` long.

    Media files are served by URL without a permission check, so an image uploaded for an
    item still under embargo must not be found by guessing its file name (or the names
    Wagtail derives for its renditions). The name is kept for readable downloads.
    """
    folder, name = os.path.split(path)
    token = secrets.token_urlsafe(16)
    stem, extension = os.path.splitext(name)
    room = max_length - len(folder) - len(token) - len(extension) - 2
    return f"{folder}/{token}/{stem[: max(room, 1)]}{extension}"


class ReadersMemoMixin:
    """For page types: what Wagtail works out about a page on every reader's request — which
    view restrictions apply to it, where its URL is — is worked out once per content
    generation (chancery/pagecache/memo.py) instead: a list of items links to each of them."""

    def get_url_parts(self, request=None):
        parent = super()
        if request is None or self.pk is None or not memo.active():
            return parent.get_url_parts(request)
        # (site id, root URL, path): the same for every request until a page moves.
        return memo.get(("url-parts", self.pk), lambda: parent.get_url_parts(request))

    def get_view_restrictions(self):
        parent = super()
        if not memo.active():
            return parent.get_view_restrictions()
        ids = memo.get(
            ("view-restrictions", self.pk),
            lambda: list(parent.get_view_restrictions().values_list("pk", flat=True)),
        )
        # Still a queryset for every caller; with no ids it never reaches the database.
        return PageViewRestriction.objects.filter(pk__in=ids)


class MissionImage(AbstractImage):
    """An image in the mission's library: photos for publications and pages."""

    caption = models.CharField(_("caption"), max_length=255, blank=True)
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_upload_to(self, filename):
        return unguessable_path(
            super().get_upload_to(filename), self._meta.get_field("file").max_length
        )


class MissionRendition(AbstractRendition):
    image = models.ForeignKey(MissionImage, on_delete=models.CASCADE, related_name="renditions")

    def get_upload_to(self, filename):
        return unguessable_path(
            super().get_upload_to(filename), self._meta.get_field("file").max_length
        )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class MissionDocument(AbstractDocument):
    """A document in the mission's library: texts of agreements, forms, full speeches.

    Readers get it only through Wagtail's serve view, always as a download
    (WAGTAILDOCS_SERVE_METHOD, WAGTAILDOCS_INLINE_CONTENT_TYPES in settings).
    """

    admin_form_fields = Document.admin_form_fields

    def clean(self):
        super().clean()
        if self.file and not self.file._committed:
            # A file just uploaded: its bytes must be what its extension claims.
            try:
                check_document_content(self.file.file, self.file.name)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class TimeZoneSelect(Select):
    """A drop-down of every IANA zone, built when the form is drawn."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", "---------"), *time_zone_choices()])

    def render(self, name, value, attrs=None, renderer=None):
        # Django draws each of the ~600 options through a template: 0.2 s a drop-down, and
        # mission settings show one per city (and one for a new city), so the page took
        # more than a second. The same HTML written here costs a millisecond.
        selected = self.format_value(value)
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if choice in selected else ""}>'
            f"{escape(label)}</option>"
            for choice, label in self.choices
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 - every part escaped above
        )


@register_setting(icon="site")
class MissionSettings(ClusterableModel, BaseSiteSetting):
    """What makes this site one mission's: its name, clocks, reference zone and consular contacts.

    Editors find it under Settings → Mission; each Wagtail site has its own.
    """

    mission_name = models.CharField(
        _("mission name"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown in the page header, e.g. “Embassy of the Republic of … in London”, in the "
            "default language; other languages' are under “Texts in other languages”."
        ),
    )
    reference_time_zone = models.CharField(
        _("reference time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Today's date, day counters and publication times are shown in this zone. "
            "Leave empty to use the first city in the clocks list (the home capital)."
        ),
    )
    consular_label = models.CharField(
        _("consular label"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty for “Consular queries:”."),
    )
    consular_email = models.EmailField(_("consular e-mail"), blank=True)

    base_form_class = MissionSettingsForm

    panels = [
        FieldPanel("mission_name"),
        FieldPanel("reference_time_zone", widget=TimeZoneSelect),
        InlinePanel("cities", label=_("City clocks"), heading=_("City clocks")),
        MultiFieldPanel(
            [
                FieldPanel("consular_label"),
                InlinePanel("phones", label=_("Phone number")),
                FieldPanel("consular_email"),
            ],
            heading=_("Consular contacts"),
        ),
        InlinePanel(
            "texts",
            label=_("Language"),
            heading=_("Texts in other languages"),
            help_text=_(
                "The mission name and consular label as readers of another language see them. "
                "A language without a row, or an empty field, shows the texts above."
            ),
        ),
        InlinePanel(
            "city_names",
            label=_("City name"),
            heading=_("City names in other languages"),
            help_text=_(
                "E.g. Moscow → Russian → Москва. Save new cities first to choose them here. "
                "A city without a name in a language keeps its name above."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("mission")

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site; for readers, one copy per content generation
        with its clocks and phones already read (every page's masthead shows them)."""
        if not memo.active():
            return super().for_request(request)
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        # A shallow copy per request: Wagtail sets `_request` on the object it hands out.
        mission = copy.copy(memo.get(("mission", site.pk), lambda: cls._read_for_site(site)))
        mission._request = request
        setattr(request, attr_name, mission)
        return mission

    @classmethod
    def _read_for_site(cls, site):
        mission = cls.for_site(site)
        prefetch_related_objects([mission], "cities", "phones")
        mission.reference_zone  # noqa: B018 (reads the first city's zone once, for all copies)
        return mission

    def texts_in(self, language_code: str | None = None) -> "MissionText":
        """The mission name and consular label in a language (default: the active one), each
        falling back to the default language's when that language leaves it empty.

        Asked by the masthead, the page title, the footer, sharing tags and feeds: kept on
        this object (which lives for one request), so it costs at most one query, and none
        in the default language.
        """
        code = language_code or get_language()
        known = self.__dict__.setdefault("_texts_in", {})
        if code not in known:
            texts = MissionText(mission_name=self.mission_name, consular_label=self.consular_label)
            if code != get_supported_content_language_variant(settings.LANGUAGE_CODE):
                row = self.texts.filter(locale__language_code=code).first() if self.pk else None
                if row is not None:
                    texts.mission_name = row.mission_name or texts.mission_name
                    texts.consular_label = row.consular_label or texts.consular_label
            known[code] = texts
        return known[code]

    @property
    def local_mission_name(self) -> str:
        """The mission name in the active language (see texts_in)."""
        return self.texts_in().mission_name

    @property
    def reference_zone(self):
        """The zone that decides what "today" is: the setting, else the first city, else UTC."""
        if self.reference_time_zone:
            return zoneinfo.ZoneInfo(self.reference_time_zone)
        # Asked several times per request; the settings object lives for one request.
        if "_first_city_zone" not in self.__dict__:
            first_city = next(iter(self.cities.all()), None)
            self._first_city_zone = first_city.time_zone if first_city else settings.TIME_ZONE
        return zoneinfo.ZoneInfo(self._first_city_zone)


class City(Orderable):
    """A city clock in the masthead, such as the home capital or the host city."""

    mission = ParentalKey(MissionSettings, on_delete=models.CASCADE, related_name="cities")
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])

    panels = [FieldPanel("name"), FieldPanel("time_zone", widget=TimeZoneSelect)]

    class Meta(Orderable.Meta):
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self):
        return self.name


class ConsularPhone(Orderable):
    """A consular telephone number shown in the masthead as a tap-to-call link."""

    mission = ParentalKey(MissionSettings, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("number"), max_length=40, help_text=_("As readers should dial it, e.g. +44 20 7946 0000.")
    )
    note = models.CharField(
        _("note"), max_length=80, blank=True, help_text=_("Optional, e.g. “emergencies only”.")
    )

    panels = [FieldPanel("number"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number

    @property
    def tel_href(self):
        """The number as a tel: URI: digits and a leading plus only."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"tel:{'+' if self.number.strip().startswith('+') else ''}{digits}"


class MissionText(Orderable):
    """The masthead's mission name and consular label in one more language."""

    mission = ParentalKey(MissionSettings, on_delete=models.CASCADE, related_name="texts")
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    mission_name = models.CharField(_("mission name"), max_length=255, blank=True)
    consular_label = models.CharField(_("consular label"), max_length=120, blank=True)

    panels = [FieldPanel("locale"), FieldPanel("mission_name"), FieldPanel("consular_label")]

    class Meta(Orderable.Meta):
        verbose_name = _("text in another language")
        verbose_name_plural = _("texts in other languages")

    def __str__(self):
        return f"{self.locale}: {self.mission_name}"


class CityName(Orderable):
    """A city clock's name in one more language: Moscow is Москва on the Russian pages."""

    mission = ParentalKey(MissionSettings, on_delete=models.CASCADE, related_name="city_names")
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="names", verbose_name=_("city")
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("city"), FieldPanel("locale"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("city name in another language")
        verbose_name_plural = _("city names in other languages")

    def __str__(self):
        return self.name
