"""Two-step sign-in: nobody reaches the admin with a password alone, superusers included."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.accounts import devices
from tests.accounts_helpers import LOGIN_URL, enrol, fresh_code, password_step, sign_in

PASSWORD = "a long test password 7"
VERIFY_URL = "/admin/two-step/verify/"
ENROL_URL = "/admin/two-step/set-up/"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)


@pytest.fixture
def enrolled(client, superuser):
    """A superuser who has set up an authenticator, signed out again."""
    enrol(client, superuser, PASSWORD)
    client.post("/admin/logout/")
    return superuser


def test_flow_urls_are_where_the_tests_expect():
    """The second-step URLs the tests post to are the app's named URLs."""
    assert reverse("accounts:verify") == VERIFY_URL
    assert reverse("accounts:enrol") == ENROL_URL
    assert reverse("wagtailadmin_login") == LOGIN_URL


def test_password_alone_opens_no_admin_page(client, enrolled):
    """After the right password, every admin page sends the browser to the code step."""
    password_step(client, enrolled, PASSWORD)
    for url in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == VERIFY_URL, url
    assert "_auth_user_id" not in client.session


def test_first_sign_in_sets_up_an_authenticator_with_an_inline_qr_code(client, superuser):
    """The enrolment page draws the QR code itself and shows the secret; no third party."""
    response = password_step(client, superuser, PASSWORD)
    assert response["Location"] == ENROL_URL
    html = client.get(ENROL_URL).content.decode()
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    assert "<svg" in html
    assert devices.base32_secret(device) in html
    assert re.search(r"otpauth://totp/Chancery(%3A|:)chief\?secret=", html)
    assert not re.search(r"""src=["']https?://""", html)
    assert client.get("/admin/").status_code == 302


def test_enrolment_needs_a_right_code_and_shows_ten_recovery_codes_once(client, superuser):
    """A wrong code sets nothing up; the right one shows ten codes and opens the admin."""
    password_step(client, superuser, PASSWORD)
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=superuser)
    refused = client.post(ENROL_URL, {"code": "000000" if fresh_code(device) != "000000" else "1"})
    assert refused.status_code == 200 and "not valid" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
    with time_machine.travel(device.throttling_failure_timestamp, tick=False) as traveller:
        traveller.shift(5)
        answer = client.post(ENROL_URL, {"code": fresh_code(device)})
        html = answer.content.decode()
        codes = StaticToken.objects.filter(device__user=superuser).values_list("token", flat=True)
        assert len(codes) == 10
        assert all(code in html for code in codes)
        assert "no-store" in answer["Cache-Control"]
        assert client.get("/admin/").status_code == 200
        # Shown once: the page cannot be asked for again.
        assert client.get(ENROL_URL).status_code == 302


def test_a_code_from_the_app_signs_in_and_rotates_the_session(client, enrolled):
    """The right code opens the admin; the session key after it is not the one before."""
    client.get(LOGIN_URL)
    password_step(client, enrolled, PASSWORD)
    key_before = client.session.session_key
    device = devices.confirmed_authenticator(enrolled)
    response = client.post(VERIFY_URL, {"code": fresh_code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session.session_key != key_before
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_slows_down_the_next_try(client, enrolled):
    """After a wrong code even the right one waits; a moment later it works."""
    device = devices.confirmed_authenticator(enrolled)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False) as traveller:
        password_step(client, enrolled, PASSWORD)
        right = fresh_code(device)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        response = client.post(VERIFY_URL, {"code": wrong})
        assert response.status_code == 200 and "not valid" in response.content.decode()
        assert client.get("/admin/")["Location"] == VERIFY_URL
        response = client.post(VERIFY_URL, {"code": right})
        assert response.status_code == 200 and "Too many wrong codes" in response.content.decode()
        traveller.shift(2)
        assert client.post(VERIFY_URL, {"code": fresh_code(device)}).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, enrolled):
    """Each recovery code works a single time."""
    code = StaticToken.objects.filter(device__user=enrolled).first().token
    password_step(client, enrolled, PASSWORD)
    assert client.post(VERIFY_URL, {"code": code.upper()}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    password_step(client, enrolled, PASSWORD)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 200
    assert client.get("/admin/")["Location"] == VERIFY_URL
    assert StaticToken.objects.filter(device__user=enrolled).count() == 9


def test_no_second_authenticator_with_a_password_alone(client, enrolled):
    """An account with an authenticator cannot set up another one on its own."""
    password_step(client, enrolled, PASSWORD)
    assert client.get(ENROL_URL)["Location"] == VERIFY_URL
    assert client.post(ENROL_URL, {"code": "123456"})["Location"] == VERIFY_URL
    assert TOTPDevice.objects.filter(user=enrolled).count() == 1


def test_the_second_step_needs_the_password_step_first(client, enrolled):
    """Without a right password in this browser the code pages send it to sign in."""
    device = devices.confirmed_authenticator(enrolled)
    response = client.post(VERIFY_URL, {"code": fresh_code(device)})
    assert response["Location"] == LOGIN_URL
    assert client.get(ENROL_URL)["Location"] == LOGIN_URL
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith(LOGIN_URL)


def test_the_half_way_state_expires(client, enrolled):
    """A password given ten minutes ago is no longer enough to reach the code step."""
    password_step(client, enrolled, PASSWORD)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        assert client.get(VERIFY_URL)["Location"] == LOGIN_URL


def test_deactivation_during_the_half_way_state_stops_the_sign_in(client, enrolled):
    """An account deactivated after its password step cannot finish signing in."""
    password_step(client, enrolled, PASSWORD)
    enrolled.is_active = False
    enrolled.save()
    device = devices.confirmed_authenticator(enrolled)
    assert client.post(VERIFY_URL, {"code": fresh_code(device)})["Location"] == LOGIN_URL


def test_a_login_without_the_second_factor_is_taken_back_to_it(client, enrolled):
    """A session logged in by any other path (here force_login) must still give a code."""
    client.force_login(enrolled)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == VERIFY_URL
    assert "_auth_user_id" not in client.session
    device = devices.confirmed_authenticator(enrolled)
    response = client.post(VERIFY_URL, {"code": fresh_code(device)})
    assert response["Location"] == "/admin/pages/"


def test_a_password_reset_does_not_skip_the_second_factor(client, enrolled):
    """After resetting the password by e-mail, signing in still asks for a code."""
    client.post("/admin/password_reset/", {"email": enrolled.email})
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    new_password = "another long password 9"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    assert not client.get("/admin/")["Location"].startswith("/admin/pages")
    response = password_step(client, enrolled, new_password)
    assert response["Location"] == VERIFY_URL
    assert client.get("/admin/")["Location"] == VERIFY_URL
    assert sign_in(client, enrolled, new_password).get("/admin/").status_code == 200


def test_reset_2fa_makes_the_next_sign_in_set_up_a_new_authenticator(client, enrolled):
    """An administrator's reset removes the authenticator and the recovery codes."""
    call_command("reset_2fa", enrolled.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    assert not StaticDevice.objects.filter(user=enrolled).exists()
    assert password_step(client, enrolled, PASSWORD)["Location"] == ENROL_URL


def test_reset_2fa_names_an_unknown_account(db):
    """A mistyped username is reported, not ignored."""
    with pytest.raises(CommandError, match="nobody"):
        call_command("reset_2fa", "nobody")
