"""The Content-Security-Policy of each part of the site, and the middleware that sends it.

Django 5.2 has no Content-Security-Policy of its own (it arrives in Django 6.0). Chancery needs
only three fixed, nonce-free policies chosen by URL prefix, so a dozen lines of middleware do
the job without another dependency: a nonce would change every response and make cached public
pages invalid, and django-csp's per-view decorators cannot reach the views that Wagtail's admin
URLs include. The other security headers (HSTS, nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy, X-Frame-Options) come from Django's own middleware and settings.
"""

from django.conf import settings


def policy(**directives):
    """A policy header value from directive names written with underscores."""
    return "; ".join(
        f"{name.replace('_', '-')} {' '.join(values)}" for name, values in directives.items()
    )


# Public pages run only the site's own files: no inline script, no inline style, no third party.
PUBLIC_POLICY = policy(
    default_src=["'self'"],
    script_src=["'self'"],
    style_src=["'self'"],
    img_src=["'self'", "data:"],
    font_src=["'self'"],
    connect_src=["'self'"],
    media_src=["'self'"],
    frame_src=["'self'"],
    object_src=["'none'"],
    base_uri=["'self'"],
    form_action=["'self'"],
    frame_ancestors=["'none'"],
)

# Wagtail 8's admin still writes inline initialisation scripts (inline panels, date pickers)
# and inline styles, so its policy allows them; everything else stays on this origin. The admin
# frames its own previews, hence frame-ancestors 'self'.
ADMIN_POLICY = policy(
    default_src=["'self'"],
    script_src=["'self'", "'unsafe-inline'"],
    style_src=["'self'", "'unsafe-inline'"],
    img_src=["'self'", "data:", "blob:"],
    font_src=["'self'", "data:"],
    connect_src=["'self'"],
    media_src=["'self'", "blob:"],
    frame_src=["'self'"],
    object_src=["'none'"],
    base_uri=["'self'"],
    form_action=["'self'"],
    frame_ancestors=["'self'"],
)

# Uploaded documents and media files are data, never active content, even if one was crafted
# to look like HTML or SVG. (No `sandbox`: browsers then refuse to show PDFs.)
FILE_POLICY = policy(default_src=["'none'"], frame_ancestors=["'none'"])


def policy_for_path(path):
    """The policy for a request path: admin, uploaded files, or public."""
    if path.startswith("/admin/"):
        return ADMIN_POLICY
    if path.startswith(("/documents/", settings.MEDIA_URL)):
        return FILE_POLICY
    return PUBLIC_POLICY


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy of the part of the site a response belongs to.

    A view that sets a policy itself (Wagtail's document and image serve views send
    `default-src 'none'`) keeps it, with this part's `frame-ancestors` added when it has none:
    `default-src` does not cover framing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        ours = policy_for_path(request.path)
        theirs = response.headers.get("Content-Security-Policy")
        if not theirs:
            response.headers["Content-Security-Policy"] = ours
        elif "frame-ancestors" not in theirs:
            framing = next(d for d in ours.split("; ") if d.startswith("frame-ancestors"))
            response.headers["Content-Security-Policy"] = f"{theirs}; {framing}"
        return response


class EscapedJSONMiddleware:
    """Sends `<`, `>` and `&` in every JSON answer as `\\u003c`, `\\u003e` and `\\u0026`.

    The admin's choosers answer with JSON that carries what an editor typed (a link's text,
    a title), and Wagtail writes it with `<` as it came. The escaped form reads back the same
    for every JSON parser, but can never close a `<script>` element, open a tag in a page
    that embeds the answer, or be sniffed as HTML (Django's json_script escapes the same way).
    The three characters appear in valid JSON only inside strings, so the bytes are replaced
    directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or "json" not in response.get("Content-Type", ""):
            return response
        content = response.content
        escaped = (
            content.replace(b"&", b"\\u0026").replace(b"<", b"\\u003c").replace(b">", b"\\u003e")
        )
        if escaped != content:
            response.content = escaped
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(escaped))
        return response
