"""Start a new page-cache generation whenever something readers can see changes.

The rule is general so that new features are covered without being named here:
- every model of a Chancery app (`chancery.*`): pages, mission settings, snippets such as
  day counters and publication kinds, and whatever later apps add;
- every Wagtail page type, sites, locales, view restrictions, redirects and tags;
- Wagtail's page_published, page_unpublished and post_page_move signals, for code that
  changes pages with queryset updates and announces it with these signals.
A model whose saves readers never see (a log, a fetch record) opts out with the class
attribute `page_cache_ignore = True`; CHANCERY_PAGE_CACHE_IGNORED_MODELS does the same by label.
Bulk writes that bypass signals (`QuerySet.update`, `bulk_create`) must call `bump()`.
"""

from functools import cache

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.images.models import AbstractRendition
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .generation import bump

# Models outside Chancery's apps whose rows change what readers see.
VISIBLE_MODELS = {
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailredirects.redirect",
    "taggit.tag",
    "taggit.taggeditem",
}


@cache
def affects_pages(model) -> bool:
    """Whether saving or deleting a row of `model` can change a public page."""
    if getattr(model, "page_cache_ignore", False):
        return False
    label = model._meta.label_lower
    if label in {name.lower() for name in settings.CHANCERY_PAGE_CACHE_IGNORED_MODELS}:
        return False
    # Renditions are made while pages render; the image they come from is what counts.
    if issubclass(model, AbstractRendition):
        return False
    if issubclass(model, Page) or label in VISIBLE_MODELS:
        return True
    return model.__module__.startswith("chancery.")


def on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if affects_pages(sender):
        bump()


def on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and affects_pages(type(instance)):
        bump()


def on_page_signal(sender, **kwargs):
    bump()


def connect():
    post_save.connect(on_model_change, dispatch_uid="pagecache_post_save")
    post_delete.connect(on_model_change, dispatch_uid="pagecache_post_delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid="pagecache_m2m")
    page_published.connect(on_page_signal, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_page_signal, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(on_page_signal, dispatch_uid="pagecache_moved")
