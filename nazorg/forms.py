from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.documents import form_class
from common.form_helpers import CHOOSE, DATE_INPUT, FriendlyChoicesMixin, choice_field, model_choice_field
from common.uploads import SCAN, UploadField
from nazorg.models import CARE_PROVIDER_TYPES, DetentionEpisode, DetentionStatus, ReleaseDateReason
from nazorg.schema import DocumentSpec
from privacy.models import Function, Organisation, OrganisationType, User


def document_form_class(spec: DocumentSpec, *, correction: bool) -> type[forms.Form]:
    """A form for one document, built from its declaration. Every field is optional for a draft; the fields
    required for submission say so, and the service names what is missing."""
    after: dict[str, forms.Field] = {}
    if correction:
        after["correction_reason"] = forms.CharField(
            label=_("Wat verandert deze correctie?"),
            required=False,
            max_length=300,
            help_text=_("Verplicht bij het indienen van een nieuwe versie; de ontvanger ziet dit."),
        )
    return form_class(
        spec,
        name=f"{spec.key.title()}Form",
        before={"revision": forms.IntegerField(widget=forms.HiddenInput)},
        after=after,
    )


def _gemeenten() -> Any:
    return Organisation.objects.filter(type=OrganisationType.GEMEENTE, is_active=True).order_by("name")


class EpisodeForm(FriendlyChoicesMixin, forms.ModelForm):
    expected_release = forms.DateField(
        label=_("Verwachte einddatum detentie"), required=False, widget=DATE_INPUT
    )
    release_reason = forms.ChoiceField(
        label=_("Reden wijziging einddatum"),
        choices=[("", CHOOSE), *ReleaseDateReason.choices],
        required=False,
        help_text=_(
            "Alleen als de einddatum verandert: vervroegde invrijheidstelling, beroep, nagekomen vonnis."
        ),
    )
    release_note = forms.CharField(label=_("Toelichting wijziging"), required=False, max_length=300)

    class Meta:
        model = DetentionEpisode
        fields = [
            "achternaam",
            "voornamen",
            "geboortedatum",
            "bsn",
            "locatie",
            "plaats",
            "mmd",
            "detention_start",
            "status",
            "sentenced_on",
            "expected_release",
            "brp_gemeente",
            "gemeente_jaar_1",
            "gemeente_jaar_2",
            "gemeente_jaar_3",
            "gemeente_vestiging",
            "not_screened",
        ]
        widgets = {
            "geboortedatum": DATE_INPUT,
            "detention_start": DATE_INPUT,
            "sentenced_on": DATE_INPUT,
            "bsn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "status": forms.RadioSelect,
        }
        help_texts = {
            "brp_gemeente": _(
                "Gemeente van herkomst: de gemeente waar hij/zij vóór detentie in de BRP stond."
            ),
            "gemeente_jaar_1": _(
                "Niet ingeschreven? Dan telt de gemeente waar hij/zij in minstens twee van de drie jaar vóór "
                "detentie het woonadres of briefadres had."
            ),
            "sentenced_on": _(
                "Voor langverblijvenden: restant straf van vier maanden of meer na het vonnis."
            ),
            "not_screened": _(
                "Alleen invullen als er geen screening komt; de screeningstermijnen vervallen dan."
            ),
        }

    def __init__(self, *args: Any, prison: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "brp_gemeente",
            "gemeente_jaar_1",
            "gemeente_jaar_2",
            "gemeente_jaar_3",
            "gemeente_vestiging",
        ):
            model_choice_field(self, name).queryset = _gemeenten()
        model_choice_field(self, "mmd").queryset = User.objects.filter(
            organisation=prison, function=Function.MMD, is_active=True
        ).order_by("last_name")
        choice_field(self, "status").choices = list(DetentionStatus.choices)
        if self.instance.pk is None:
            for name in ("release_reason", "release_note", "not_screened"):
                del self.fields[name]


class ConsentForm(forms.Form):
    signed_on = forms.DateField(label=_("Ondertekend op"), widget=DATE_INPUT)
    scope = forms.MultipleChoiceField(
        label=_("Toestemming om te informeren"),
        choices=CARE_PROVIDER_TYPES,
        widget=forms.CheckboxSelectMultiple,
    )
    scope_note = forms.CharField(label=_("Toelichting reikwijdte"), required=False, max_length=300)
    evidence = forms.CharField(
        label=_("Bewijs"),
        max_length=300,
        help_text=_("Waar is het getekende formulier? Bijvoorbeeld: PI-dossier, kenmerk ..."),
    )
    evidence_file = UploadField(
        kind=SCAN,
        label=_("Scan van het formulier"),
        required=False,
        help_text=_("PDF, JPG of PNG, hoogstens 10 MB."),
    )


class ShareForm(FriendlyChoicesMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Zorg- of hulpverlener"),
        queryset=Organisation.objects.filter(
            is_active=True,
            type__in=[
                OrganisationType.GGZ,
                OrganisationType.VERSLAVINGSZORG,
                OrganisationType.MAATSCHAPPELIJK_WERK,
                OrganisationType.WONINGCORPORATIE,
                OrganisationType.RECLASSERING,
                OrganisationType.OTHER,
            ],
        ).order_by("name"),
    )
    reason = forms.CharField(label=_("Waarom"), max_length=300)


class FirstContactForm(forms.Form):
    contacted_on = forms.DateField(
        label=_("Eerste contact gehad op"),
        widget=DATE_INPUT,
        initial=datetime.date.today,
        help_text=_("Het eerste contact van de gemeente met de ex-gedetineerde na het ontslag."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ForwardForm(FriendlyChoicesMixin, forms.Form):
    to = forms.ModelChoiceField(label=_("Naar gemeente"), queryset=_gemeenten())
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AssignForm(FriendlyChoicesMixin, forms.Form):
    to = forms.ModelChoiceField(label=_("Gemeente"), queryset=_gemeenten())
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=2000)
