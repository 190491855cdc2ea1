"""Signing in to the admin in tests the way an editor does: password, then a TOTP code.

The code is computed from the account's authenticator secret like a phone app would. An
account without an authenticator sets one up through the real enrolment page first.
"""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_URL = "/admin/login/"


def totp_code(device, *, offset=0):
    """The code the authenticator app shows now (or `offset` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def fresh_code(device):
    """A code the server will still accept, or None: each time step's code is accepted only
    once, and the step after the current one is within the server's tolerance."""
    device.refresh_from_db()
    for offset in (0, 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + offset * device.step
        if totp.t() > device.last_t:
            return totp_code(device, offset=offset)
    return None


def second_factor(device):
    """What the editor types: the app's code, or, when this account has already used the
    current codes (a test signing the same account in several times), a recovery code."""
    code = fresh_code(device)
    if code is None:
        recovery = StaticToken.objects.filter(device__user=device.user).first()
        assert recovery is not None, f"{device.user} has no codes left to sign in with"
        code = recovery.token
    return code


def password_step(client, user, password):
    response = client.post(LOGIN_URL, {"username": user.get_username(), "password": password})
    assert response.status_code == 302, f"password refused for {user}: {response.status_code}"
    return response


def enrol(client, user, password):
    """The first sign-in: set up an authenticator on the enrolment page; returns the device."""
    response = password_step(client, user, password)
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url in page.content.decode().replace("&amp;", "&")
    answer = client.post(reverse("accounts:enrol"), {"code": fresh_code(device)})
    assert answer.status_code == 200, answer.status_code
    device.refresh_from_db()
    assert device.confirmed
    return device


def sign_in(client, user, password):
    """Signs `client` in as `user` through the password and the TOTP step; returns the client."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        enrol(client, user, password)
        return client
    response = password_step(client, user, password)
    assert response["Location"] == reverse("accounts:verify")
    answer = client.post(reverse("accounts:verify"), {"code": second_factor(device)})
    assert answer.status_code == 302 and answer["Location"] != reverse("accounts:verify"), (
        f"second step refused for {user}"
    )
    return client
