"""The second factors of an account: one authenticator app (TOTP) and ten recovery codes.

Devices are django-otp's models (otp_totp, otp_static); this module says how the press office
uses them. An account has at most one confirmed authenticator; a new one can only be set up
after an administrator has reset the account's second factor (`manage.py reset_2fa`).
"""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def confirmed_authenticator(user):
    """The account's confirmed authenticator app, or None if it has not set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user):
    """The unconfirmed authenticator shown on the enrolment page; made on first use, so that
    reloading the page keeps the same secret while the editor is scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def base32_secret(device):
    """The secret as authenticator apps take it when typed in by hand."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device):
    """The set-up URI as an inline SVG QR code: drawn here, no request leaves the admin."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@transaction.atomic
def confirm(device):
    """Make `device` the account's authenticator and issue fresh recovery codes (returned once).

    Any other authenticator and the old recovery codes are dropped.
    """
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(user)


def issue_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def normalise(code):
    return "".join(str(code).split()).lower()


def candidates(user, code):
    """The devices that could accept `code`: six digits come from the app, the rest are
    recovery codes."""
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    return model.objects.filter(user=user, confirmed=True)


def verify(user, code):
    """The device that accepts `code` (a six-digit TOTP code or an unused recovery code), or None.

    A recovery code is deleted when used. Each device counts failures and makes the next try
    wait (django-otp's throttling), so guessing codes is slow.
    """
    code = normalise(code)
    if not code or len(code) > 16:
        return None
    with transaction.atomic():
        for device in candidates(user, code).select_for_update():
            if device.verify_token(code):
                return device
    return None


def throttled(user, code):
    """Whether the devices that could accept `code` are waiting after recent wrong codes."""
    found = list(candidates(user, normalise(code)))
    return bool(found) and not any(device.verify_is_allowed()[0] for device in found)


def demo_authenticator(user):
    """A demo account's confirmed authenticator, made once with a random secret; returns its
    (otpauth:// URI, base32 secret) for `make demo` to print."""
    device = confirmed_authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
        issue_recovery_codes(user)
    return device.config_url, base32_secret(device)


@transaction.atomic
def reset(user):
    """Remove every second factor of `user`: the next sign-in sets up a new authenticator.

    Only an administrator does this (`manage.py reset_2fa`), after checking who is asking.
    """
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return totp
