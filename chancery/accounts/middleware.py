"""Nobody uses the admin on a password alone, and no admin session outlives its time-outs."""

from functools import cache

from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
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
