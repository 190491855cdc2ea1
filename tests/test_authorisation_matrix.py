"""Who may open which admin and API URL: every pattern from the URL resolver, every role.

Each admin and API URL pattern (tests/authorisation.py discovers them and fills their
parameters with real objects' ids) is requested by an anonymous browser and by an author, a
translator, a press secretary and a site administrator, each signed in through the real two
steps. The answer must match EXPECTED, and nothing may answer with a server error. A new URL
pattern without an expectation fails the test: someone must decide who may open it.
"""

from fnmatch import fnmatchcase

from django.test import Client

from tests.accounts_helpers import sign_in
from tests.authorisation import World, admin_and_api_routes, concrete_url

ROLES = ("author", "translator", "press_secretary", "site_administrator")

# Open to everyone: signing in, resetting a password, static admin assets, the public API.
OPEN = [
    "wagtailadmin_login",
    "accounts:*",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset*",
    "wagtailadmin_javascript_catalog",
    "chancery_api:*",
    "wagtailadmin_error_test",  # answers 404 here (chancery/urls.py)
    "(unnamed)",
]

# URL-name pattern -> author, translator, press secretary, site administrator:
# y = may open, n = refused, * = no decision to make (the sign-in pages themselves, URLs
# whose sample parameters name nothing). First match wins. A refused URL may also answer 404
# or 405 (no GET): what matters is that it never serves the page.
EXPECTED = [
    ("wagtailadmin_login", "****"),
    ("accounts:*", "****"),
    ("wagtailadmin_error_test", "****"),
    ("wagtailadmin_logout", "****"),
    ("(unnamed)", "****"),
    # Pages. The fixture's item is in the source language, which translators may not touch.
    ("wagtailadmin_pages:delete", "nnny"),
    ("wagtailadmin_pages:move", "nnny"),
    # Unpublishing a live item is for site administrators, but not while it is under review
    # (the fixture's item is).
    ("wagtailadmin_pages:unpublish", "nnnn"),
    # The review task belongs to the press secretaries.
    ("wagtailadmin_pages:workflow_action", "nnyn"),
    ("wagtailadmin_pages:collect_workflow_action_data", "nnyn"),
    ("wagtailadmin_pages:workflow_preview", "nnyn"),
    ("wagtailadmin_pages:set_privacy", "nnyy"),
    ("wagtailadmin_pages:revisions_unschedule", "nnyy"),
    # Preview, revisions, compare, history, copy: whoever may edit the item.
    ("wagtailadmin_pages:add", "ynyy"),
    ("wagtailadmin_pages:add_subpage", "ynyy"),
    ("wagtailadmin_pages:preview_on_*", "ynyy"),
    ("wagtailadmin_pages:edit", "ynyy"),
    ("wagtailadmin_pages:usage", "ynyy"),
    ("wagtailadmin_pages:view_draft", "ynyy"),
    ("wagtailadmin_pages:copy", "ynyy"),
    ("wagtailadmin_pages:revisions_view", "ynyy"),
    ("wagtailadmin_pages:revisions_revert", "ynyy"),
    ("wagtailadmin_pages:revisions_compare", "ynyy"),
    ("wagtailadmin_pages:workflow_history*", "ynyy"),
    ("wagtailadmin_pages:history*", "ynyy"),
    ("wagtailadmin_pages:*", "yyyy"),
    ("wagtailadmin_reports:locked_pages*", "nnyy"),
    ("wagtailadmin_reports:*", "yyyy"),
    # Workflows, sites, users, groups, locales, redirects, settings: site administrators.
    ("wagtailadmin_workflows:task_chooser*", "yyyy"),
    ("wagtailadmin_workflows:task_chosen", "yyyy"),
    ("wagtailadmin_workflows:*", "nnny"),
    ("wagtailadmin_collections:*", "nnnn"),
    ("wagtailsites:*", "nnny"),
    ("wagtailusers_*", "nnny"),
    ("wagtaillocales:add", "nnn*"),  # every configured language already has its locale
    ("wagtaillocales:*", "nnny"),
    ("wagtailredirects:*", "nnny"),
    ("wagtailsettings:*", "nnny"),
    # The press office's own screens.
    ("embargo_admin:index", "yyyy"),
    ("embargo_admin:*", "nnyy"),
    ("editorial:force_publish", "nnyn"),
    ("editorial:withdraw", "nnyn"),
    ("editorial:*", "nnyy"),
    ("languages:*", "yyyy"),
    ("simple_translation:submit_page_translation", "nnyy"),
    ("simple_translation:submit_snippet_translation", "n***"),
    # Snippets: counters, kinds and feeds belong to the press secretaries.
    ("wagtailsnippets_newsroom_publicationkind:delete", "nnny"),
    ("wagtailsnippets:index", "nnyy"),
    ("wagtailsnippets_*", "nnyy"),
    ("wagtailsnippetchoosers_*:create", "nnyy"),
    ("wagtailsnippetchoosers_*", "yyyy"),
    # Images and documents: authors upload (and manage only their own uploads; the fixture's
    # are nobody's), press secretaries and administrators manage all, translators only choose.
    ("wagtailimages_chooser:create", "ynyy"),
    ("wagtaildocs_chooser:create", "ynyy"),
    ("wagtailimages_chooser:*", "yyyy"),
    ("wagtaildocs_chooser:*", "yyyy"),
    ("wagtailimages:index*", "ynyy"),
    ("wagtaildocs:index*", "ynyy"),
    ("wagtailimages:add*", "ynyy"),
    ("wagtaildocs:add*", "ynyy"),
    ("wagtailimages:*", "nnyy"),
    ("wagtaildocs:*", "nnyy"),
    # Everyone with admin access.
    ("wagtailadmin_home", "yyyy"),
    ("wagtailadmin_api:*", "yyyy"),
    ("wagtailadmin_explore*", "yyyy"),
    ("wagtailadmin_choose_page*", "yyyy"),
    ("wagtailadmin_tag_*", "yyyy"),
    ("wagtailadmin_account", "yyyy"),
    ("wagtailadmin_dismissibles", "yyyy"),
    ("wagtailadmin_editing_sessions:*", "yyyy"),
    ("wagtailadmin_block_preview", "yyyy"),
    ("wagtail_bulk_action", "yyyy"),
    ("wagtailembeds:*", "yyyy"),
    ("wagtailadmin_sprite", "yyyy"),
    ("wagtailadmin_password_reset*", "yyyy"),
    ("wagtailadmin_javascript_catalog", "yyyy"),
    ("chancery_api:*", "yyyy"),
]

# Not requested by GET in the sweep: Wagtail's logout view deletes the session cookie even
# when it refuses a GET, which would sign the sweeping browser out (logout is tested in
# tests/test_sessions.py).
NOT_SWEPT = {"wagtailadmin_logout"}


def outcome(response):
    """What a GET came to: allow, deny, login, absent, no-get or error."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "login"
        if location == "/admin/":
            # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
            return "deny"
        if location == "/en" + response.request["PATH_INFO"]:
            return "absent"  # a 404 that the language middleware tried under /en/
        return "allow"
    if status == 403:
        return "deny"
    if status == 404:
        return "absent"
    if status == 405:
        return "no-get"
    return "allow"


def expectation(name):
    for pattern, expected in EXPECTED:
        if fnmatchcase(name, pattern):
            return dict(zip(ROLES, expected, strict=True))
    return None


def test_every_admin_and_api_url_answers_each_role_as_expected(
    news, statement_kind, author, translator, press_secretary, site_administrator
):
    """Anonymous browsers are sent to sign in; each role is let in or refused as listed."""
    world = World(news=news, kind=statement_kind, press_secretary=press_secretary, author=author)
    users = dict(zip(ROLES, (author, translator, press_secretary, site_administrator), strict=True))
    anonymous = Client(raise_request_exception=False)
    clients = {
        role: sign_in(Client(raise_request_exception=False), user, "pw-test-1")
        for role, user in users.items()
    }
    problems, swept = [], set()
    routes = admin_and_api_routes()
    for route in routes:
        expected = expectation(route.name)
        if expected is None:
            problems.append(f"{route.name} ({route.pattern}): no expectation")
            continue
        url = concrete_url(route, world)
        if url is None or route.name in NOT_SWEPT:
            continue
        swept.add(route.name)
        got = outcome(anonymous.get(url))
        is_open = any(fnmatchcase(route.name, pattern) for pattern in OPEN)
        if got == "error" or (not is_open and got != "login"):
            problems.append(f"anonymous {url} ({route.name}): {got}, expected login")
        for role, client in clients.items():
            got = outcome(client.get(url))
            want = expected[role]
            if got == "error" or (got == "login" and want != "*"):
                problems.append(f"{role} {url} ({route.name}): {got}")
            elif want == "y" and got == "deny":
                problems.append(f"{role} {url} ({route.name}): refused, expected allowed")
            elif want == "n" and got == "allow":
                problems.append(f"{role} {url} ({route.name}): allowed, expected refused")
    assert not problems, "\n".join(problems)
    # The sweep reached the URLs where recent Wagtail advisories were found.
    for name in (
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:copy",
        "wagtailadmin_choose_page",
        "wagtailimages_chooser:choose",
        "wagtailsettings:edit",
        "simple_translation:submit_page_translation",
        "languages:compare",
    ):
        assert name in swept, name
    assert len(swept) > 200
