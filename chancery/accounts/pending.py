"""The half-way state of a sign-in: the password was right, the second factor is still due.

Nobody is logged in (in Django's sense) until the second factor is given: the session only
remembers who passed the password step, for a few minutes. So an account whose password alone
is known reaches no admin page, no private page and no API that needs a login.
"""

import time

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare

SESSION_KEY = "chancery_accounts_pending"
# Long enough to open an authenticator app; short enough that a forgotten, half-signed-in
# browser does not wait for someone else to finish the job.
PENDING_SECONDS = 10 * 60


def begin(request, user, *, next_url="", remember=False):
    """Remember that `user` gave the right password in this browser; the session key changes."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": str(user.pk),
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        # A password change or reset in the meantime makes the half-way state worthless.
        "hash": user.get_session_auth_hash(),
        "since": time.time(),
        "next": next_url,
        "remember": bool(remember),
    }


def demote(request, user):
    """A user logged in without the second factor (by any path) is taken back to the half-way
    state: logged out, and asked for the second factor."""
    backend = request.session.get(auth.BACKEND_SESSION_KEY)
    auth.logout(request)
    if backend:
        user.backend = backend
    begin(request, user, next_url=request.get_full_path())


def state(request):
    """The pending sign-in's data, or None if there is none (or it has expired)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - data.get("since", 0) > PENDING_SECONDS:
        del request.session[SESSION_KEY]
        return None
    return data


def user(request):
    """The user who passed the password step in this browser, if still allowed to sign in."""
    data = state(request)
    if data is None:
        return None
    found = get_user_model()._default_manager.filter(pk=data["user"]).first()
    if (
        found is None
        or not found.is_active
        or not constant_time_compare(found.get_session_auth_hash(), data["hash"])
    ):
        request.session.pop(SESSION_KEY, None)
        return None
    return found


def finish(request, user, device):
    """Log `user` in for real, verified by `device`; returns where to go next.

    django.contrib.auth.login() gives the browser a new session key, so a key seen before the
    sign-in is worth nothing after it.
    """
    import django_otp

    from .sessions import mark_signed_in

    data = request.session.pop(SESSION_KEY)
    auth.login(request, user, backend=data["backend"])
    django_otp.login(request, device)
    # "Remember me" keeps the session across browser restarts (still within the time-outs).
    if data["remember"]:
        request.session.set_expiry(None)
    else:
        request.session.set_expiry(0)
    mark_signed_in(request)
    return data["next"]
