"""Translation status for editors: which publications miss a translation or have an outdated
one, and the pair side by side for a translator."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from chancery.newsroom.models import PublicationPage

from .enums import TranslationStatus
from .status import (
    cell,
    content_locales,
    filter_by_status,
    source_publications,
    with_translation_status,
)

page_permission_policy = PagePermissionPolicy()
# Anyone who may edit some page (Wagtail counts "add" as editing one's own pages).
EDIT_ACTIONS = ["add", "change"]
# Wagtail's "Translate" action (copy for translation); see migrations/0001.
TRANSLATE_PERMISSION = "simple_translation.submit_translation"


def may_see_translation_status(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, EDIT_ACTIONS)


def language_choices():
    return [(locale.language_code, locale.get_display_name()) for locale in content_locales()]


class TranslationStatusFilterSet(WagtailFilterSet):
    """The listing's filters: one language, one status (both optional)."""

    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=language_choices, method="no_filter", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (status.value, status.label)
            for status in TranslationStatus
            if status != TranslationStatus.SOURCE
        ],
        method="no_filter",
        empty_label=_("Any"),
    )

    class Meta:
        model = PublicationPage
        fields = []

    def no_filter(self, queryset, name, value):
        # Both filters work together, on annotations: applied in TranslationStatusView.
        return queryset


class TranslationColumn(Column):
    """The status of one language, with links to compare, edit or translate."""

    cell_template_name = "languages/translation_status_cell.html"

    def __init__(self, locale, **kwargs):
        super().__init__(f"language_{locale.pk}", label=locale.get_display_name(), **kwargs)
        self.locale = locale

    def get_value(self, instance):
        return cell(instance, self.locale)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["source"] = instance
        return context


class TranslationStatusView(ReportView):
    """Admin → Reports → Translation status: for each publication and language, whether its
    translation is missing, outdated or up to date."""

    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "languages:translation_status"
    index_results_url_name = "languages:translation_status_results"
    filterset_class = TranslationStatusFilterSet
    default_ordering = "-published_at"
    paginate_by = 30
    permission_policy = page_permission_policy
    any_permission_required = EDIT_ACTIONS
    list_export = []

    @cached_property
    def locales(self):
        return content_locales()

    @cached_property
    def chosen(self):
        """(language code or None, status or None) from the valid filter form."""
        if self.filters is None or not self.filters.is_valid():
            return None, None
        data = self.filters.form.cleaned_data
        return data.get("language") or None, data.get("status") or None

    @cached_property
    def shown_locales(self):
        code, _status = self.chosen
        if code:
            return [locale for locale in self.locales if locale.language_code == code]
        return self.locales

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Publication"),
                sort_key="title",
                url_name="wagtailadmin_pages:edit",
            ),
            DateColumn("published_at", label=_("Published"), sort_key="published_at"),
            *(TranslationColumn(locale) for locale in self.shown_locales),
        ]

    def get_base_queryset(self):
        return with_translation_status(source_publications().select_related("locale"), self.locales)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        _code, status = self.chosen
        if status:
            queryset = filter_by_status(queryset, status, self.shown_locales)
        return queryset


@require_POST
def create_translation(request, source_id, language_code):
    """Starts the translation of a publication into a language: Wagtail's copy for
    translation, as a draft in that language's archive, then its editor.

    Wagtail's own Translate action also asks that the user may edit the source, which
    translators may not (chancery.editorial.roles); here adding a page to the translated
    archive is what counts.
    """
    if not request.user.has_perm(TRANSLATE_PERMISSION):
        raise PermissionDenied
    source = get_object_or_404(PublicationPage, pk=source_id)
    locale = get_object_or_404(Locale, language_code=language_code)
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return redirect("wagtailadmin_pages:edit", existing.pk)
    parent = source.get_parent().get_translation_or_none(locale)
    if parent is None:
        messages.error(
            request,
            _("Translate the archive “%(archive)s” into %(language)s first.")
            % {"archive": source.get_parent().title, "language": locale.get_display_name()},
        )
        return redirect("languages:compare", source.pk, language_code)
    if not parent.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    translation = CopyPageForTranslationAction(source, locale, user=request.user).execute(
        skip_permission_checks=True
    )
    return redirect("wagtailadmin_pages:edit", translation.pk)


def compare(request, source_id, language_code):
    """A publication and its translation side by side, each in its latest revision, with
    links to edit either (or to create the translation)."""
    if not may_see_translation_status(request.user):
        raise PermissionDenied
    source = get_object_or_404(PublicationPage, pk=source_id)
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None or locale.pk == source.locale_id:
        raise Http404
    translation = source.get_translation_or_none(locale)
    return TemplateResponse(
        request,
        "languages/compare.html",
        {
            "source": source.get_latest_revision_as_object(),
            "source_page": source,
            "translation": translation.get_latest_revision_as_object() if translation else None,
            "translation_page": translation,
            "locale": locale,
            "may_translate": request.user.has_perm(TRANSLATE_PERMISSION),
            "status_url": reverse("languages:translation_status"),
        },
    )
