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
    assert HomePage.objects.count() == 1
    assert DayCounter.objects.count() == 2
    assert PublicationPage.objects.live().count() >= 40
    assert PublicationPage.objects.filter(pinned=True).count() == 1
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
