"""Admin sessions: rotated at sign-in, ended by logout, password change, deactivation and time."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.accounts_helpers import sign_in

PASSWORD = "a long test password 7"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("ed", "ed@example.org", PASSWORD)


def stolen_copy(client):
    """Another browser holding the same session cookie (as a thief would)."""
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)
    return copy


def test_logout_ends_the_session_for_whoever_copied_its_cookie(client, editor):
    """After logging out, the old session cookie opens nothing."""
    sign_in(client, editor, PASSWORD)
    copy = stolen_copy(client)
    assert copy.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    assert copy.get("/admin/").status_code == 302


def test_a_password_change_ends_the_other_sessions(client, editor):
    """Changing the password in the account settings signs out every other browser."""
    other = sign_in(Client(), editor, PASSWORD)
    sign_in(client, editor, PASSWORD)
    new = "a changed long password 8"
    response = client.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": new,
            "password-new_password2": new,
            "name_email-first_name": "Ed",
            "name_email-last_name": "Itor",
            "name_email-email": "ed@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302


def test_a_deactivated_account_loses_its_open_session(client, editor):
    """Deactivating an account rejects the session it already has."""
    sign_in(client, editor, PASSWORD)
    editor.is_active = False
    editor.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_idle_session_ends(client, editor, settings):
    """Half an hour without a request signs the editor out; activity keeps them in."""
    sign_in(client, editor, PASSWORD)
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=80), tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        assert client.get("/admin/").status_code == 302


def test_no_session_outlives_the_absolute_time_out(client, editor):
    """Even a busy editor signs in again after twelve hours."""
    sign_in(client, editor, PASSWORD)
    start = timezone.now()
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/sprite/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=5), tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
