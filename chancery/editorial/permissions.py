"""Page permission testers for publications and the news archive that holds them.

Wagtail asks a page's tester what a user may do, in every admin view and action
(https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.permissions_for_user).
"""

from wagtail.models import PagePermissionTester

from .roles import UNPUBLISH_PERMISSION, may_touch


class EditorialPermissionTester(PagePermissionTester):
    """Translators-only users cannot edit or add pages in the source language."""

    def can_edit(self):
        return may_touch(self.user, self.page) and super().can_edit()

    def can_add_subpage(self):
        return may_touch(self.user, self.page) and super().can_add_subpage()

    def can_delete(self, ignore_bulk=False):
        return may_touch(self.user, self.page) and super().can_delete(ignore_bulk=ignore_bulk)


class NewsArchivePermissionTester(EditorialPermissionTester):
    """Nobody creates and publishes a publication in one go: it goes to review first."""

    def can_publish_subpage(self):
        return False


class PublicationPermissionTester(EditorialPermissionTester):
    """A publication reaches readers only by a second person's approval, never directly.

    The two-person workflow publishes an approved item itself; a press secretary may also
    publish with a written reason (chancery.editorial.views.force_publish). Unpublishing or
    deleting a live item is for site administrators only: readers may have cited it.
    """

    def can_publish(self):
        return False

    def can_unschedule(self):
        return super().can_publish()

    def can_set_view_restrictions(self):
        return super().can_publish()

    def can_unpublish(self):
        return super().can_unpublish() and self.user.has_perm(UNPUBLISH_PERMISSION)

    def can_delete(self, ignore_bulk=False):
        if self.page.live and not self.user.has_perm(UNPUBLISH_PERMISSION):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)
