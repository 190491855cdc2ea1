from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class ConfirmAuthenticatorForm(forms.Form):
    """Proves the authenticator app was set up with the secret shown: it must give a code."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
