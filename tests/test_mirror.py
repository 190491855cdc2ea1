"""`manage.py mirror DIR`: the public site as static files, and nothing that is not public.

The mirror is built from a site with published items in two languages and three months,
images and documents, and beside them a draft, a scheduled item, an embargoed item (with a
journalist's preview link) and two private pages. Then: every public address has its file,
none of the others has one or leaks its text, every link in every mirrored page leads to a
file of the mirror, and nginx, as shipped, serves the mirror when the application is down.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from chancery.embargo.models import EmbargoLink
from chancery.newsroom.factories import PublicationPageFactory, paragraphs
from chancery.operations.mirror import candidate_files, mirror_path, unresolved_links
from deploy import render
from tests.test_backup import new_image, root_collection
from tests.test_deploy import fetch, free_port, wait_for
from tests.test_scheduling import schedule

NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)
SECRETS = {
    "draft": "Draft about the harbour",
    "scheduled": "Scheduled note on tariffs",
    "embargoed": "Embargoed summit statement",
    "private-login": "Internal circular for staff",
    "private-password": "Password protected briefing",
}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site_content(clock, news, statement_kind, ru_news, ru_statement_kind):
    """25 public items over three months (three archive pages), one in Russian, and the rest."""
    document = get_document_model().objects.create(
        collection=root_collection(),
        title="Treaty text",
        file=ContentFile(b"The treaty.\n", name="treaty.txt"),
    )
    image = new_image("harbour", (10, 120, 200))
    public = []
    for n in range(25):
        published = NOW - dt.timedelta(days=3 * n + 1)
        body = paragraphs(f"Public text number {n}.")
        if n % 5 == 0:
            body.append(("image", {"image": image, "caption": f"Harbour {n}"}))
            body.append(
                (
                    "paragraph",
                    RichText(f'<p><a linktype="document" id="{document.pk}">The treaty</a></p>'),
                )
            )
        public.append(
            PublicationPageFactory(
                parent=news,
                kind=statement_kind,
                title=f"Public item {n}",
                slug=f"public-{n}",
                published_at=published,
                body=body,
            )
        )
    public.append(
        PublicationPageFactory(
            parent=ru_news,
            kind=ru_statement_kind,
            title="Публичное заявление",
            slug="publichnoe",
            published_at=NOW - dt.timedelta(days=2),
        )
    )
    draft = PublicationPageFactory(
        parent=news, kind=statement_kind, title=SECRETS["draft"], slug="draft", live=False
    )
    draft.save_revision()
    scheduled = schedule(
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=SECRETS["scheduled"],
            slug="scheduled",
            live=False,
            published_at=NOW + dt.timedelta(days=1),
        ),
        NOW + dt.timedelta(days=1),
    )
    embargoed = schedule(
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=SECRETS["embargoed"],
            slug="embargoed",
            live=False,
            published_at=NOW + dt.timedelta(hours=3),
        ),
        NOW + dt.timedelta(hours=3),
    )
    EmbargoLink.issue(
        page=embargoed,
        expires_at=NOW + dt.timedelta(hours=2),
        recipient_name="Ada Reporter",
        recipient_organisation="The Daily Record",
    )
    private = {}
    for kind in ("login", "password"):
        page = PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=SECRETS[f"private-{kind}"],
            slug=f"private-{kind}",
            published_at=NOW - dt.timedelta(days=1),
        )
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="pw-123456")
        private[kind] = page
    return {
        "public": public,
        "hidden": [draft, scheduled, embargoed, *private.values()],
        "document": document,
    }


@pytest.fixture
def mirror(tmp_path, site_content):
    root = tmp_path / "mirror"
    out = io.StringIO()
    call_command("mirror", str(root), "--check", stdout=out)
    return root


def files_of(root):
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_every_public_address_has_its_file(mirror, site_content, news):
    """Front pages, items, all archive pages, months, feeds, sitemaps, robots, static, media."""
    files = files_of(mirror)
    for page in site_content["public"]:
        name = mirror_path(page.url)
        assert name in files, page.url
        assert page.title in files[name].read_text()
    expected = [
        "index.html",  # the redirect from / to the default language
        "en/index.html",
        "ru/index.html",
        "en/news/index.html",
        "en/news/.q/page=2/index.html",
        "en/news/.q/page=3/index.html",
        "en/news/2026/index.html",
        "en/news/2026/03/index.html",
        "en/news/2026/02/index.html",
        "en/news/2026/01/index.html",
        "en/news/feeds/rss/index.rss",
        "en/news/feeds/atom/index.atom",
        "en/news/feeds/json/index.json",
        "ru/news/feeds/rss/index.rss",
        "en/sitemap.xml",
        "ru/sitemap.xml",
        "robots.txt",
        "static/css/chancery.css",
    ]
    for name in expected:
        assert name in files, name
    assert "Public item 24" in files["en/news/.q/page=3/index.html"].read_text()
    assert any(name.startswith("en/sitemap-") for name in files)
    assert any(name.startswith("media/images/") for name in files)
    document = site_content["document"]
    assert files[mirror_path(document.url)].read_bytes() == b"The treaty.\n"


def test_nothing_that_is_not_public_is_in_the_mirror(mirror, site_content):
    """Drafts, scheduled, embargoed and private items: no file, and their text nowhere."""
    files = files_of(mirror)
    for page in site_content["hidden"]:
        url = page.get_url(None) or page.url_path
        assert not any((mirror / name).exists() for name in candidate_files(url)), url
    for path in files.values():
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in SECRETS.values():
            assert secret not in text, (path, secret)
        assert "/embargo/" not in text, path


def test_every_link_in_the_mirror_leads_to_a_file_of_the_mirror(mirror):
    """Each href and src of every mirrored HTML file resolves to a file nginx can serve."""
    pages = list(mirror.rglob("*.html"))
    assert len(pages) > 30
    assert unresolved_links(mirror, "testserver") == {}


def test_a_rebuilt_mirror_replaces_the_old_one_whole(tmp_path, mirror, site_content, clock):
    """Unpublishing and mirroring again removes the page; nothing is left half-written."""
    gone = site_content["public"][3]
    gone.unpublish()
    call_command("mirror", str(mirror), stdout=io.StringIO())
    assert not (mirror / mirror_path(gone.url_path.split("/", 2)[2])).exists()
    assert not (mirror / "en/news/public-3/index.html").exists()
    assert (mirror / "en/news/public-4/index.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mirror")] == []


@given(
    st.lists(st.sampled_from(["en", "news", "2026", "a-b", "x.xml", "feeds"]), max_size=4),
    st.booleans(),
    st.sampled_from(["", "page=2", "kind=statement&page=3", "p=2"]),
    st.sampled_from(["text/html; charset=utf-8", "application/rss+xml", "text/plain"]),
)
def test_each_mirror_file_is_one_nginx_looks_for(segments, slash, query, content_type):
    """The file an address is written to is among the files try_files tries for it."""
    path = "/" + "/".join(segments) + ("/" if slash or not segments else "")
    url = f"{path}?{query}" if query else path
    assert mirror_path(url, content_type) in candidate_files(url)


def test_nginx_serves_the_mirror_while_the_application_is_down(tmp_path, mirror):
    """With nothing listening upstream, the shipped nginx answers from the mirror."""
    port = free_port()
    conf = render.render(
        tmp_path / "nginx",
        listen_port=port,
        upstream=f"127.0.0.1:{free_port()}",
        static_root=tmp_path,
        media_root=tmp_path,
        mirror_root=mirror,
    )
    try:
        render.start(conf)
        cases = {
            "/en/": ("text/html", "Public item 0"),
            "/en/news/?page=3": ("text/html", "Public item 24"),
            "/en/news/?page=2&utm_source=x": ("text/html", "Public item 0"),
            "/en/news/2026/02/": ("text/html", "Public item"),
            "/en/news/feeds/rss/": ("application/rss+xml", "Public item 0"),
            "/en/news/feeds/atom/": ("application/atom+xml", "Public item 0"),
            "/en/news/feeds/json/": ("application/json", "Public item 0"),
            "/robots.txt": ("text/plain", "Sitemap:"),
            "/en/news/public-1/": ("text/html", "Public text number 1."),
        }
        for url, (content_type, text) in cases.items():
            status, body, headers = wait_for(f"http://127.0.0.1:{port}{url}")
            assert status == 200, url
            assert headers["Content-Type"].startswith(content_type), (url, headers)
            assert headers["X-Served-From"] == "mirror"
            assert text in body, url
        status, _body, _headers = fetch(f"http://127.0.0.1:{port}/en/news/no-such-item/")
        assert status == 503
    finally:
        render.stop(conf)


def test_mirror_into_a_new_folder_creates_it(tmp_path, site_content):
    """The target and its parents are created."""
    target = tmp_path / "deep" / "er" / "mirror"
    call_command("mirror", str(target), stdout=io.StringIO())
    assert (target / "en" / "index.html").is_file()
