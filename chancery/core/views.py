"""Error pages that need the request (language, masthead) to be rendered like the rest."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _


def bad_request(request, exception=None):
    """400: a malformed query (e.g. an archive filter of month=13), explained in the page."""
    if isinstance(exception, DisallowedHost):
        # The page around the message needs the site, which a bad Host header cannot name.
        return HttpResponseBadRequest(_("Bad request."), content_type="text/plain; charset=utf-8")
    message = str(exception) if exception is not None and exception.args else ""
    return render(request, "400.html", {"message": message}, status=400)
