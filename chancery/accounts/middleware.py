"""Nobody uses the admin on a password alone, and no admin session outlives its time-outs."""

from functools import cache

from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import pending, sessions
from .views import next_step_url


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


@cache
def open_prefixes():
    """Admin URLs a browser in the middle of signing in may reach."""
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_password_reset"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
        reverse("accounts:verify"),
        reverse("accounts:enrol"),
    )


class TwoFactorMiddleware:
    """Sends a browser that has not given its second factor to the second step.

    The admin's own sign-in never logs anyone in before the second factor. Anyone logged in by
    another path (a password-reset view that logs in, a future view that calls login()) is not
    verified by django-otp's OTPMiddleware, which runs before this one: such a session is logged
    out and taken to the second step, so no path skips it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            pending.demote(request, user)
        path = request.path_info
        if path.startswith(admin_prefix()) and not path.startswith(open_prefixes()):
            waiting = pending.user(request)
            if waiting is not None:
                return redirect(next_step_url(waiting))
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Ends a signed-in session that was idle too long or is simply too old.

    Runs for every request of a signed-in user, public pages included: the cookie is the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expired(request)
            if reason is not None:
                auth.logout(request)
                if request.path_info.startswith(admin_prefix()):
                    messages.info(request, _("Your session has ended. Please sign in again."))
                    return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            else:
                sessions.touch(request)
        return self.get_response(request)


def is_local_path(value: str) -> bool:
    """A path on this site: `/…`, but not `//host` or `/\\host`, which browsers read as hosts."""
    return value.startswith("/") and not value.startswith(("//", "/\\"))


class LocalNextMiddleware:
    """Drops from admin requests a `next` address that is not a path on this site.

    The admin sends editors back where they came from with `next`. Wagtail 8.0 refuses other
    hosts but passes anything else to Django's redirect(), which reads text without a slash
    or a dot as the name of a view and fails with a server error when there is none (a
    crafted "next=abc" on a save). The admin's own links always carry a path, so whatever else
    arrives is dropped, and the editor lands where the admin sends them without one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()):
            if not is_local_path(request.GET.get("next", "/")):
                request.GET = without_next(request.GET)
            if request.method == "POST" and not is_local_path(request.POST.get("next", "/")):
                request.POST = without_next(request.POST)
        return self.get_response(request)


def without_next(query):
    query = query.copy()
    del query["next"]
    return query


class NulBytesMiddleware:
    """Answers 400 to an admin request with a NUL byte in any parameter.

    No form field can hold one (Django's fields refuse them, PostgreSQL cannot store them),
    but the admin looks some parameters up directly: Wagtail 8.0 finds the `locale` of a new
    top-level page in the database as it came, and PostgreSQL refuses the query outright,
    a server error. A browser never sends one from a text field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()):
            data = [request.GET] + ([request.POST] if request.method == "POST" else [])
            for query in data:
                for key, values in query.lists():
                    if "\x00" in key or any("\x00" in value for value in values):
                        raise BadRequest(_("A form field held a character no text may contain."))
        return self.get_response(request)
