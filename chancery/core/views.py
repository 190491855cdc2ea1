"""Error pages that need the request (language, masthead) to be rendered like the rest."""

from django.shortcuts import render


def bad_request(request, exception=None):
    """400: a malformed query (e.g. an archive filter of month=13), explained in the page."""
    message = str(exception) if exception is not None and exception.args else ""
    return render(request, "400.html", {"message": message}, status=400)
