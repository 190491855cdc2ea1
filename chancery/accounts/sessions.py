"""How long an admin session lasts: an idle time-out and an absolute one.

An editor who walks away from an unlocked computer is signed out after
CHANCERY_SESSION_IDLE_SECONDS without a request; nobody stays signed in longer than
CHANCERY_SESSION_ABSOLUTE_SECONDS, however busy. Both are counted from the session itself,
so they hold whatever the cookie's own expiry says.
"""

import time

from django.conf import settings

SIGNED_IN_AT = "chancery_accounts_signed_in_at"
SEEN_AT = "chancery_accounts_seen_at"
# Writing the session on every request would cost a database write per click; a minute's
# precision is plenty for a half-hour idle time-out.
SEEN_PRECISION_SECONDS = 60


def mark_signed_in(request):
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def expired(request, now=None):
    """Why this signed-in session must end ("idle" or "absolute"), or None if it may go on."""
    now = time.time() if now is None else now
    signed_in_at = request.session.get(SIGNED_IN_AT)
    seen_at = request.session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        return "absolute"
    if now - signed_in_at > settings.CHANCERY_SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if now - seen_at > settings.CHANCERY_SESSION_IDLE_SECONDS:
        return "idle"
    return None


def touch(request, now=None):
    now = time.time() if now is None else now
    if now - request.session.get(SEEN_AT, 0) >= SEEN_PRECISION_SECONDS:
        request.session[SEEN_AT] = now
