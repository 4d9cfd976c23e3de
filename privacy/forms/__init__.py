from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op: na %(limit)s "
            "mislukte pogingen wordt uw account tijdelijk geblokkeerd."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw functioneel beheerder."),
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        help_text=_("De 6 cijfers uit uw authenticator-app, of een van uw reservecodes."),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class AccessLogSearchForm(forms.Form):
    """The privacy officer's access-log search (privacy/views/access_log.py). Every field is optional; a
    name, date of birth or BSN is resolved to clients, a client id finds destroyed clients too."""

    naam = forms.CharField(label=_("Naam cliënt"), max_length=150, required=False)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False)
    client = forms.IntegerField(
        label=_("Cliënt-id"),
        min_value=1,
        required=False,
        help_text=_("Ook voor cliënten van wie het dossier is vernietigd."),
    )
    gebruiker = forms.EmailField(label=_("Gebruiker (e-mailadres)"), required=False)
    organisatie = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    van = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    handeling = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("inzien", _("Inzien")),
            ("lijst", _("Lijst")),
            ("export", _("Export")),
            ("zoeken", _("Zoeken")),
        ],
    )
    kanaal = forms.ChoiceField(
        label=_("Kanaal"),
        required=False,
        choices=[("", _("Alle")), ("web", _("Web")), ("api", _("API")), ("beheer", _("Beheer"))],
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("Kies een einddatum op of na de begindatum."))
        return cleaned
