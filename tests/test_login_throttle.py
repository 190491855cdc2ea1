"""Login throttling: five failures for a username from an address pause that pair."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.accounts_helpers import LOGIN_URL, enrol, sign_in

PASSWORD = "a long test password 7"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("ed", "ed@example.org", PASSWORD)


def attempt(client, username, password, **headers):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **headers)


def fail_five_times(client, username, **headers):
    return [attempt(client, username, "wrong password 1", **headers) for _ in range(5)]


def visible(response):
    """What the person signing in sees, without the per-request CSRF token."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", response.content.decode())


def test_five_failures_pause_even_the_right_password(client, editor):
    """After five wrong passwords the right one is refused during the cool-off."""
    responses = fail_five_times(client, "ed")
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    refused = attempt(client, "ed", PASSWORD)
    assert refused.status_code == 429
    assert "Sign-in paused" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_pause_ends_after_the_cool_off(client, editor):
    """Fifteen minutes later the right password works again."""
    fail_five_times(client, "ed")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        response = attempt(client, "ed", PASSWORD)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/two-step/")


def test_known_and_unknown_usernames_get_the_same_answers(client, editor):
    """Every answer, before and during the pause, is the same whether the account exists."""
    other = Client()
    for known, unknown in zip(
        [*fail_five_times(client, "ed"), attempt(client, "ed", PASSWORD)],
        [*fail_five_times(other, "nobody"), attempt(other, "nobody", PASSWORD)],
        strict=True,
    ):
        assert known.status_code == unknown.status_code
        assert visible(known).replace('value="ed"', "") == visible(unknown).replace(
            'value="nobody"', ""
        )


def test_the_pause_is_for_that_username_at_that_address(client, editor):
    """Another address, or another username from the same address, is not paused."""
    fail_five_times(client, "ed", REMOTE_ADDR="198.51.100.7")
    assert attempt(client, "ed", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert attempt(Client(), "ed", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert attempt(Client(), "other", "x", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_pause(client, editor):
    """Changing X-Forwarded-For on each try does not make a new client."""
    for n in range(5):
        attempt(client, "ed", "wrong password 1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = attempt(client, "ed", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_the_header_of_a_named_trusted_proxy_is_used(client, editor, settings):
    """Behind a proxy that sets X-Real-IP (CLIENT_IP_HEADER), each reader is counted apart."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    fail_five_times(client, "ed", HTTP_X_REAL_IP="203.0.113.5")
    assert attempt(client, "ed", PASSWORD, HTTP_X_REAL_IP="203.0.113.5").status_code == 429
    assert attempt(Client(), "ed", PASSWORD, HTTP_X_REAL_IP="203.0.113.6").status_code == 302


def test_wrong_codes_count_as_failures(client, editor):
    """Guessing second-step codes pauses the account at the address like wrong passwords."""
    enrol(Client(), editor, PASSWORD)
    attempt(client, "ed", PASSWORD)
    answers = [client.post("/admin/two-step/verify/", {"code": "abcdefgh"}) for _ in range(5)]
    assert answers[-1].status_code == 429
    assert attempt(client, "ed", PASSWORD).status_code == 429


def test_an_administrator_unlocks_the_account(client, editor):
    """`manage.py axes_reset_username` lifts the pause at once."""
    fail_five_times(client, "ed")
    assert attempt(client, "ed", PASSWORD).status_code == 429
    call_command("axes_reset_username", "ed", stdout=StringIO())
    assert sign_in(client, editor, PASSWORD).get("/admin/").status_code == 200
