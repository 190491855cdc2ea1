"""The hostile-input corpus and the checks every answer to it must pass.

Each payload is text an attacker could type into a field, a URL or a header. Those meant to
run in a browser carry the token `xss1337`, so `active_injections()` can tell an injected
handler or script from the admin's own code. `TEMPLATE_MARKERS` are what template syntax
would render to if it were ever evaluated.
"""

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own responses, not foreign input
from html.parser import HTMLParser

TOKEN = "xss1337"

SCRIPT_PAYLOADS = [
    f"<script>alert('{TOKEN}')</script>",
    f"<SCRIPT SRC=//evil.example/{TOKEN}.js></SCRIPT>",
    f'"><script>alert("{TOKEN}")</script>',
    f"'><script>alert('{TOKEN}')</script>",
    f"</title><script>alert('{TOKEN}')</script>",
    f"</textarea><script>alert('{TOKEN}')</script>",
    f"</script><script>alert('{TOKEN}')</script>",
    f"<img src=x onerror=alert('{TOKEN}')>",
    f'<img src="x" onerror="alert(\'{TOKEN}\')">',
    f"<svg onload=alert('{TOKEN}')>",
    f"<svg><script>alert('{TOKEN}')</script></svg>",
    f"<body onload=alert('{TOKEN}')>",
    f"<iframe src=javascript:alert('{TOKEN}')></iframe>",
    f"<iframe srcdoc=\"<script>alert('{TOKEN}')</script>\"></iframe>",
    f"<a href=\"javascript:alert('{TOKEN}')\">click</a>",
    f"<a href=\"data:text/html,<script>alert('{TOKEN}')</script>\">click</a>",
    f"<details open ontoggle=alert('{TOKEN}')>",
    f"<input autofocus onfocus=alert('{TOKEN}')>",
    f"<video><source onerror=alert('{TOKEN}')></video>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{TOKEN}')>",
    f"<object data=\"javascript:alert('{TOKEN}')\"></object>",
    f"<embed src=\"javascript:alert('{TOKEN}')\">",
    f"<base href=\"javascript:alert('{TOKEN}')//\">",
    f'<meta http-equiv="refresh" content="0;url=javascript:alert(\'{TOKEN}\')">',
    f"<form action=\"javascript:alert('{TOKEN}')\"><button>go</button></form>",
    f"<style>@import 'javascript:alert(\"{TOKEN}\")';</style>",
    f"<div style=\"background:url(javascript:alert('{TOKEN}'))\">x</div>",
    f"\" autofocus onfocus=\"alert('{TOKEN}')",
    f"' autofocus onfocus='alert(\"{TOKEN}\")",
    f'" onmouseover="alert(\'{TOKEN}\')" x="',
    f"<scr<script>ipt>alert('{TOKEN}')</scr</script>ipt>",
    f"<<script>alert('{TOKEN}');//<</script>",
    f"<IMG SRC=JaVaScRiPt:alert('{TOKEN}')>",
    f"<img src=x:x onerror&#x3D;alert('{TOKEN}')>",
    f"&lt;script&gt;alert('{TOKEN}')&lt;/script&gt;",
    f"%3Cscript%3Ealert('{TOKEN}')%3C%2Fscript%3E",
    f"\\u003cscript\\u003ealert('{TOKEN}')\\u003c/script\\u003e",
    f"<!--<script>alert('{TOKEN}')//-->",
    f"<![CDATA[<script>alert('{TOKEN}')</script>]]>",
    f"]]><script>alert('{TOKEN}')</script><![CDATA[",
    f'{{"a":"</script><script>alert(\'{TOKEN}\')</script>"}}',
    f"<noscript><p title=\"</noscript><img src=x onerror=alert('{TOKEN}')>\">",
]

LINK_PAYLOADS = [
    f"javascript:alert('{TOKEN}')",
    f"JaVaScRiPt:alert('{TOKEN}')",
    f" javascript:alert('{TOKEN}')",
    f"java\tscript:alert('{TOKEN}')",
    f"javascript&colon;alert('{TOKEN}')",
    f"data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzMTMzNycpPC9zY3JpcHQ+#{TOKEN}",
    f"data:text/html,<script>alert('{TOKEN}')</script>",
    f"vbscript:msgbox('{TOKEN}')",
]

# What evaluated template syntax would print; none is a substring of a payload.
TEMPLATE_MARKERS = ["tmplevaluated", "DEFAULT_MESSAGE_LEVELS", "test-only-not-secret", "wsgi.input"]
TEMPLATE_PAYLOADS = [
    "{{ 'tmpl'|add:'evaluated' }}",
    "{% filter lower %}TMPLEVALUATED{% endfilter %}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
    "{% load static %}{% get_static_prefix %}",
    "${7777+1111}",
    "#{7777+1111}",
    "<%= 7777+1111 %>",
    "{{request.META}}",
]

TEXT_PAYLOADS = [
    "nul\x00byte",
    "\x00",
    "lone \ud800 surrogate",
    "lone \udfff low surrogate",
    "bidi \u202e override \u202c",
    "zero\u200bwidth\ufeff",
    "'; DROP TABLE wagtailcore_page; --",
    "' OR '1'='1",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "line\r\nSet-Cookie: injected=1",
    "%0d%0aSet-Cookie:%20injected=1",
    "A" * 10_000,
    "Ж" * 10_000,
    "😀" * 2_000,
    "\u0000\u0001\u0002\u0003\u0008\u000b\u000c\u001f\u007f",
]

PAYLOADS = SCRIPT_PAYLOADS + LINK_PAYLOADS + TEMPLATE_PAYLOADS + TEXT_PAYLOADS

# What a web client could put in a query string, header or path but a form could not carry.
INVALID_UTF8 = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"%ff%fe"]

PAGE_VALUES = ["-1", "0", str(10**12), "abc", "1.5", "1e3", "+1", " 1", "１", "٣", "", "%00"]

OPEN_REDIRECTS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "\\\\evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert('xss1337')",
    "http://testserver@evil.example/",
    "%2F%2Fevil.example",
]

ACCEPT_LANGUAGES = [
    "*",
    "xx-YY",
    "ru;q=abc",
    "en;q=1e9999",
    "a" * 5000,
    ",".join(["en"] * 2000),
    "\x00",
    "en-\u00ff",
    "de-DE-x-" + "a" * 200,
    "<script>alert('xss1337')</script>",
    "q=;q=;q=",
]

BAD_HOSTS = [
    "evil.example",
    "testserver:abc",
    "testserver\r\nX-Injected: 1",
    "",
    "a" * 300,
    "[::1",
    "testserver/../admin",
    "<script>",
]

PATH_PAYLOADS = [
    "%0d%0aSet-Cookie:injected=1",
    "foo%0aLocation:%20https://evil.example/",
    "%00",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "%c0%ae%c0%ae/",
    "%ff%fe",
    "%ed%a0%80",
    "<script>alert('xss1337')</script>",
    "%3Cscript%3Ealert('xss1337')%3C/script%3E",
    "a" * 4000,
    "%E2%80%AE",
]


class _ActiveContent(HTMLParser):
    """Finds injected active content: handlers, scripts and script links carrying the token."""

    URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}
    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "svg", "math", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        flat = " ".join(f"{k}={v}" for k, v in attrs if v)
        if tag in self.DANGEROUS_TAGS and TOKEN in flat:
            self.found.append(f"<{tag} {flat}>")
        if tag == "meta" and TOKEN in flat and any(k == "http-equiv" for k, _ in attrs):
            self.found.append(f"<{tag} {flat}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and TOKEN in value:
                self.found.append(f"{name}={value}")
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if (
                name in self.URL_ATTRS
                and TOKEN in value
                and (
                    squashed.startswith(("javascript:", "data:", "vbscript:"))
                    or "url=javascript:" in squashed
                )
            ):
                self.found.append(f"{name}={value}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and TOKEN in data and "alert(" in data:
            # A JSON island (`<script type="application/json">`) escapes `<`, so a
            # payload in one is data; an `alert(` call outside quotes is not.
            self.found.append(f"<script>{data[:120]}")


def active_injections(html: str) -> list[str]:
    """Every injected handler, script or javascript:/data: link in an HTML answer."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    found = parser.found
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S | re.I):
        # A payload that closed a script element would leave `</script><script>alert(...`.
        if TOKEN in script and re.search(r"</?script", script, flags=re.I):
            found.append(script[:120])
    return found


def template_evaluated(text: str, before: str = "") -> list[str]:
    """Markers of evaluated template syntax that the answer shows but did not show before."""
    return [m for m in TEMPLATE_MARKERS if m in text and m not in before]


def has_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" in text or 'id="traceback"' in text


def check_body(response, *, before: str = "") -> list[str]:
    """Problems in one answer: a traceback, active injected content, malformed JSON or XML."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False):
        return []
    raw = response.content
    text = raw.decode("utf-8", errors="replace")
    problems = []
    if has_traceback(text):
        problems.append("traceback in body")
    if "html" in content_type or not content_type:
        if TOKEN in text:
            # Every active payload carries the token, and escaping leaves it as it is.
            problems += active_injections(text)
        problems += template_evaluated(text, before)
    elif "json" in content_type:
        try:
            json.loads(raw)
        except ValueError:
            problems.append("invalid JSON")
        if re.search(r"<script", text, flags=re.I) and TOKEN in text:
            # JSON readers may drop it into HTML; `<` must come escaped as \u003c.
            problems.append("unescaped <script in JSON")
    elif "xml" in content_type:
        try:
            root = ET.fromstring(raw)  # noqa: S314 - our own answer
        except ET.ParseError as error:
            problems.append(f"malformed XML: {error}")
        else:
            if any(el.tag.lower().endswith("script") for el in root.iter()):
                problems.append("script element in XML")
    return problems
