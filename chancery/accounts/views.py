"""Signing in to the admin: password, then a code from an authenticator app or a recovery code.

Wagtail's own login view checks the password; instead of logging the editor in, it hands over
to the second step (chancery.accounts.pending). First-time users set up an authenticator app
and receive their recovery codes once; everyone else gives a code. Nobody sets up a second
authenticator on their own: an administrator resets the account first (`manage.py reset_2fa`).
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin.views.account import LoginView as WagtailLoginView

from . import devices, pending
from .forms import CodeForm, ConfirmAuthenticatorForm


def next_step_url(user):
    if devices.has_second_factor(user):
        return reverse("accounts:verify")
    return reverse("accounts:enrol")


class LoginView(WagtailLoginView):
    """Wagtail's sign-in form, whose success leads to the second step instead of the admin."""

    def form_valid(self, form):
        user = form.get_user()
        pending.begin(
            self.request,
            user,
            next_url=self.get_success_url(),
            remember=bool(form.cleaned_data.get("remember")),
        )
        return redirect(next_step_url(user))


class SecondStepMixin:
    """Views only for a browser that has just given a right password."""

    def dispatch(self, request, *args, **kwargs):
        self.user = pending.user(request)
        if self.user is None:
            return redirect("wagtailadmin_login")
        # Wrong codes count against the login throttle too; while paused, no code is tried.
        if AxesProxyHandler.is_locked(request, {"username": self.user.get_username()}):
            return locked_out(request)
        wrong_place = self.misplaced()
        if wrong_place:
            return redirect(wrong_place)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def misplaced(self):
        return None

    def refuse(self, form, *, throttled=False):
        # Counted by the login throttle like a wrong password (django-axes listens for this).
        user_login_failed.send(
            sender=__name__,
            credentials={"username": self.user.get_username()},
            request=self.request,
        )
        if throttled:
            form.add_error(None, _("Too many wrong codes. Wait a few seconds and try again."))
        else:
            form.add_error(None, _("That code is not valid. Try the current one."))
        return self.form_invalid(form)


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class VerifyView(SecondStepMixin, FormView):
    """Asks for a code from the authenticator app, or one of the recovery codes."""

    template_name = "accounts/verify.html"
    form_class = CodeForm

    def misplaced(self):
        if not devices.has_second_factor(self.user):
            return reverse("accounts:enrol")
        return None

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        # django-otp refuses every code while a device waits after wrong ones; say so.
        if devices.throttled(self.user, code):
            return self.refuse(form, throttled=True)
        device = devices.verify(self.user, code)
        if device is None:
            return self.refuse(form)
        return redirect(pending.finish(self.request, self.user, device) or "wagtailadmin_home")


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class EnrolView(SecondStepMixin, FormView):
    """First sign-in: set up an authenticator app from the QR code or the secret, then prove it
    with one code; the recovery codes are shown once, on the answer to that proof."""

    template_name = "accounts/enrol.html"
    form_class = ConfirmAuthenticatorForm

    def misplaced(self):
        # An account that already has an authenticator never gets a second one this way:
        # a stolen password must not be enough to add the thief's phone.
        if devices.has_second_factor(self.user):
            return reverse("accounts:verify")
        return None

    def get_context_data(self, **kwargs):
        device = devices.pending_authenticator(self.user)
        return super().get_context_data(
            device=device,
            qr_svg=devices.qr_svg(device),
            secret=devices.base32_secret(device),
            otpauth_uri=device.config_url,
            **kwargs,
        )

    def form_valid(self, form):
        device = devices.pending_authenticator(self.user)
        code = devices.normalise(form.cleaned_data["code"])
        if not (code.isdigit() and device.verify_token(code)):
            return self.refuse(form)
        codes = devices.confirm(device)
        next_url = pending.finish(self.request, self.user, device) or reverse("wagtailadmin_home")
        return TemplateResponse(
            self.request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next_url": next_url},
        )


def locked_out(request, original_response=None, credentials=None):
    """The answer while a username is cooling off at this address (django-axes calls it).

    The same words and status whether or not the account exists, so the answer tells an
    attacker nothing about which usernames are real.
    """
    response = render(request, "accounts/locked_out.html", status=429)
    add_never_cache_headers(response)
    return response
