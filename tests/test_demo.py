"""The demo command builds a complete, fictional mission once, and only once."""

import base64
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from chancery.home.models import HomePage
from chancery.masthead.models import DayCounter
from chancery.newsroom.models import PublicationPage


def assert_signs_in(printed, username, password):
    """The printed password and authenticator secret sign the account in to the admin."""
    secret = re.search(
        rf"user: {username}  password: \S+\n    authenticator secret: ([A-Z2-7]+)  "
        rf"set-up URI: (otpauth://totp/\S+)\n",
        printed,
    )
    assert secret, f"no authenticator printed for {username}"
    assert f"secret={secret.group(1)}" in secret.group(2)
    client = Client()
    login = client.post("/admin/login/", {"username": username, "password": password})
    assert login["Location"] == reverse("accounts:verify")
    code = TOTP(base64.b32decode(secret.group(1) + "=" * (-len(secret.group(1)) % 8))).token()
    assert client.post(reverse("accounts:verify"), {"code": f"{code:06d}"}).status_code == 302
    assert client.get("/admin/", HTTP_HOST="127.0.0.1:8000").status_code == 200


@pytest.fixture
def demo_var(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_is_complete_and_idempotent(client, db, demo_var):
    """Two runs give one front page, two counters, one pin and 40+ items over several pages."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert DayCounter.objects.filter(locale__language_code="en").count() == 2
    assert PublicationPage.objects.live().count() >= 40
    assert PublicationPage.objects.filter(pinned=True, locale__language_code="en").count() == 1
    assert PublicationPage.objects.exclude(source_url="").exists()
    assert len(set(PublicationPage.objects.values_list("kind__slug", flat=True))) >= 5
    assert "Demo content is already loaded." in out.getvalue()
    password = (demo_var / "demo-admin-password").read_text().strip()
    assert f"user: admin  password: {password}" in out.getvalue()
    assert_signs_in(out.getvalue(), "admin", password)
    # One account per editorial role, with the same generated password.
    for role, username, group in (
        ("Author", "author", "Authors"),
        ("Press secretary", "press", "Press secretaries"),
        ("Translator", "translator", "Translators"),
        ("Site administrator", "siteadmin", "Site administrators"),
    ):
        assert f"{role} login: user: {username}  password: {password}" in out.getvalue()
        assert_signs_in(out.getvalue(), username, password)
        assert get_user_model().objects.get(username=username).groups.filter(name=group).exists()

    html = client.get("/en/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "Embassy of the Republic of Vendaria in London" in html
    assert "Marenstadt: <time" in html and "London: <time" in html
    assert client.get("/en/news/?page=5", HTTP_HOST="127.0.0.1:8000").status_code == 200


def test_demo_has_russian_pages_and_masthead(client, db, demo_var):
    """The demo's Russian front page, archive and items are translations with Russian texts,
    and a second run adds none."""
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    russian = PublicationPage.objects.live().filter(locale__language_code="ru")
    assert russian.count() >= 6
    english_keys = set(
        PublicationPage.objects.filter(locale__language_code="en").values_list(
            "translation_key", flat=True
        )
    )
    # Each Russian item is a translation of an English one, with its own Russian title.
    for item in russian:
        assert item.translation_key in english_keys
        assert re.search("[а-яА-Я]", item.title), item.title
        assert item.local_kind.locale.language_code == "ru"
    assert HomePage.objects.filter(locale__language_code="ru").count() == 1
    assert DayCounter.objects.filter(locale__language_code="ru").count() == 2

    host = {"HTTP_HOST": "127.0.0.1:8000"}
    front = client.get("/ru/", **host)
    assert front.status_code == 200
    html = front.content.decode()
    assert "Посольство Республики Вендария в Лондоне" in html
    assert "Маренштадт: <time" in html and "Лондон: <time" in html
    assert "прошло с пожара в порту Маренштадта" in html
    assert "harbour fire" not in html
    archive = client.get("/ru/news/", **host).content.decode()
    for item in russian:
        assert item.title in archive
