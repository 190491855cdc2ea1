"""Who someone is in the press office: plain questions about a user and a page."""

from wagtail.models import Locale, PagePermissionTester

from .enums import EditorialGroup

UNPUBLISH_PERMISSION = "editorial.unpublish_publication"
FORCE_PUBLISH_PERMISSION = "editorial.force_publish"
WITHDRAW_PERMISSION = "editorial.withdraw_publication"


def is_last_editor(obj, user) -> bool:
    """Whether `user` wrote the latest revision of `obj` (a page or any revisable object)."""
    revision = obj.get_latest_revision()
    return revision is not None and revision.user_id == user.pk


def group_names(user) -> set[str]:
    # Cached on the user object: several checks ask this within one request.
    cached = getattr(user, "_chancery_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) if user.pk else set()
        user._chancery_group_names = cached
    return cached


def is_translator_only(user) -> bool:
    """A member of Translators with no other editing role: may touch only translations."""
    if not user.is_active or user.is_superuser:
        return False
    names = group_names(user)
    others = {
        EditorialGroup.AUTHORS.value,
        EditorialGroup.PRESS_SECRETARIES.value,
        EditorialGroup.SITE_ADMINISTRATORS.value,
    }
    return EditorialGroup.TRANSLATORS.value in names and not names & others


def is_source_locale(page) -> bool:
    """Whether the page is in the default language, the one every translation starts from."""
    return page.locale_id == Locale.get_default().pk


def may_touch(user, page) -> bool:
    """Translators-only users may change pages in translated languages, never the source."""
    return not (is_translator_only(user) and is_source_locale(page))


def holds_publish_permission(user, page) -> bool:
    """Whether `user` is one who publishes `page` (press secretaries, administrators).

    A publication's own tester answers can_publish() with False for everyone, because it only
    goes live through a second person's approval; features reserved to publishers (such as
    embargo links) ask this instead.
    """
    return PagePermissionTester(user, page).can_publish()
