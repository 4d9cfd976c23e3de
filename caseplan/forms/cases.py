from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from caseplan.models import Case, CaseAccess, CaseRole, CaseStatus, Client, ClientChild, PrioritisedBy
from caseplan.selectors.team import addable_users
from common.form_helpers import DATE_INPUT, FriendlyChoicesMixin
from common.uploads import PHOTO, UploadField
from common.validators import validate_bsn
from privacy.models import Organisation, OrganisationType, Purpose

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LockedModelForm(FriendlyChoicesMixin, forms.ModelForm):
    """A form that carries the revision it was loaded at, for optimistic locking."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class ClientForm(LockedModelForm):
    foto = UploadField(kind=PHOTO, label=_("Foto"), required=False)  # checked by content, size and pixels
    groups = [
        (_("Persoon"), ["achternaam", "voorvoegsel", "voornamen", "roepnaam", "alias", "foto"]),
        (
            _("Geboorte en identiteit"),
            [
                "geboortedatum",
                "geboorteplaats",
                "geboorteland",
                "bsn",
                "id_document_nummer",
                "nationaliteit",
                "spreektaal",
            ],
        ),
        (_("Adres"), ["brp_adres", "verblijfsadres"]),
        (_("Zorg en inkomen"), ["crisiskaart", "zorgverzekeraar", "uitkering_soort", "uitkering_sinds"]),
        (_("Relaties"), ["burgerlijke_staat", "partner_naam", "partner_geboortedatum", "partner_adres"]),
    ]

    def grouped_fields(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    class Meta:
        model = Client
        fields = [
            "achternaam",
            "voorvoegsel",
            "voornamen",
            "roepnaam",
            "alias",
            "geboortedatum",
            "geboorteplaats",
            "geboorteland",
            "bsn",
            "crisiskaart",
            "brp_adres",
            "verblijfsadres",
            "burgerlijke_staat",
            "nationaliteit",
            "spreektaal",
            "id_document_nummer",
            "zorgverzekeraar",
            "uitkering_soort",
            "uitkering_sinds",
            "partner_naam",
            "partner_geboortedatum",
            "partner_adres",
            "foto",
        ]
        widgets = {
            "geboortedatum": DATE_INPUT,
            "uitkering_sinds": DATE_INPUT,
            "partner_geboortedatum": DATE_INPUT,
            "bsn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }


class ClientChildForm(forms.ModelForm):
    class Meta:
        model = ClientChild
        fields = ["naam", "geboortedatum", "brp_adres"]
        widgets = {"geboortedatum": DATE_INPUT}


class CaseForm(LockedModelForm):
    class Meta:
        model = Case
        fields = [
            "status",
            "high_priority",
            "purpose",
            "prioritised_on",
            "prioritised_by",
            "prioritisation_reason",
            "approach",
            "closed_on",
            "closed_reason",
        ]
        widgets = {
            "prioritised_on": DATE_INPUT,
            "closed_on": DATE_INPUT,
            "prioritisation_reason": forms.Textarea(attrs={"rows": 3}),
            "closed_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == CaseStatus.AFGESLOTEN and not data.get("closed_reason"):
            self.add_error("closed_reason", _("Geef de reden van afsluiten op."))
        return data


class NewCaseForm(FriendlyChoicesMixin, forms.Form):
    """Open a case for a (new or known) client: the minimum to start, the rest can follow."""

    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    voorvoegsel = forms.CharField(label=_("Voorvoegsel"), max_length=20, required=False)
    voornamen = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    roepnaam = forms.CharField(label=_("Roepnaam"), max_length=100, required=False)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DATE_INPUT)
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        help_text=_(
            "Negen cijfers. Staat deze cliënt al in een casus waarin u mag schrijven, dan koppelen we de "
            "nieuwe casus aan die cliënt; anders maken we een nieuwe cliënt aan."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Organisation.objects.filter(type=OrganisationType.GEMEENTE, is_active=True),
    )
    purpose = forms.ModelChoiceField(label=_("Doel van de verwerking"), queryset=Purpose.objects.all())
    role = forms.ChoiceField(
        label=_("Uw rol in de casus"),
        choices=[
            (CaseRole.PROCESMANAGER_GEMEENTE, CaseRole.PROCESMANAGER_GEMEENTE.label),
            (CaseRole.PROCESMANAGER_VH, CaseRole.PROCESMANAGER_VH.label),
            (CaseRole.CASUSCOORDINATOR, CaseRole.CASUSCOORDINATOR.label),
        ],
    )
    high_priority = forms.BooleanField(label=_("Hoge prioriteit"), required=False)
    prioritised_on = forms.DateField(label=_("Geprioriteerd op"), required=False, widget=DATE_INPUT)
    prioritised_by = forms.ChoiceField(
        label=_("Geprioriteerd door / vanuit"),
        choices=[("", ""), *PrioritisedBy.choices],
        required=False,
    )
    prioritisation_reason = forms.CharField(
        label=_("Aanleiding prioritering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_bsn(self) -> str:
        value = self.cleaned_data["bsn"].replace(" ", "")
        validate_bsn(value)
        return value


class _ResultRadios(forms.RadioSelect):
    """The search results as radio buttons, rendered by the page from the search (never the whole list of
    users); the error summary links to their fieldset, which carries the field's id."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class TeamMemberForm(FriendlyChoicesMixin, forms.Form):
    """A person found by name (``caseplan.selectors.team.team_candidates``), or a whole organisation."""

    user = forms.ModelChoiceField(
        label=_("Persoon"),
        queryset=addable_users().select_related("organisation"),
        required=False,
        widget=_ResultRadios,
        error_messages={"invalid_choice": _("Kies een persoon uit de zoekresultaten.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Of een hele organisatie"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Al haar medewerkers zien de casus dan."),
    )
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=CaseRole.choices, initial=CaseRole.PARTNER)
    access = forms.ChoiceField(
        label=_("Rechten"),
        choices=CaseAccess.choices,
        initial=CaseAccess.READ,
        help_text=_("Alleen inzien, tenzij dit teamlid zelf in de casus moet schrijven."),
    )
    ends_on = forms.DateField(label=_("Lid tot en met"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "user" in self.errors:
            return data
        if bool(data.get("user")) == bool(data.get("organisation")):
            raise forms.ValidationError(
                _(
                    "Kies een persoon uit de zoekresultaten óf een hele organisatie, niet allebei of geen van beide."
                )
            )
        return data
