from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from caseplan.models import Contract, DurationKind, PoliceRecord, TerminationReason
from caseplan.selectors.team import team_people
from common.form_helpers import DATE_INPUT, FriendlyChoicesMixin, choice_field, model_choice_field
from common.uploads import SCAN, UploadField
from privacy.models import User


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.organisation})" if obj.organisation_id else str(obj)


class ContractTermsForm(FriendlyChoicesMixin, forms.ModelForm):
    """The variable parts of the articles, filled in while the contract is being prepared. The casemanager
    is picked from the people on the case team (``case_id``); on an existing ``contract`` its casemanager
    stays selectable after leaving the team, and a casemanager typed as text before the team choice
    stays as it is until someone is picked."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    casemanager = _PersonChoiceField(
        label=_("Casemanager (art. 7)"),
        queryset=User.objects.none(),
        help_text=_(
            "Iemand uit het casusteam. Staat de casemanager er niet bij? Voeg hem of haar eerst toe aan "
            "het casusteam."
        ),
        error_messages={"invalid_choice": _("Kies de casemanager uit het casusteam.")},
    )

    class Meta:
        model = Contract
        fields = [
            "partner_signatory_name",
            "casemanager",
            "duration_kind",
            "end_date",
            "months_without_mutations",
            "place",
            "contract_date",
        ]
        widgets = {
            "duration_kind": forms.RadioSelect,
            "end_date": DATE_INPUT,
            "contract_date": DATE_INPUT,
        }

    def __init__(self, *args: Any, case_id: int, contract: Contract | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = team_people(case_id)
        named = contract.casemanager_id if contract is not None else None
        if named is not None:
            people = (
                User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk=named))
                .select_related("organisation")
                .order_by("last_name", "first_name", "pk")
            )
        casemanager = model_choice_field(self, "casemanager")
        casemanager.queryset = people
        if contract is not None and named is None and contract.casemanager_name:
            casemanager.required = False
            casemanager.help_text = _(
                "Vastgelegd als tekst: %(name)s (%(organisation)s). Laat leeg om dat zo te houden, of kies "
                "iemand uit het casusteam."
            ) % {"name": contract.casemanager_name, "organisation": contract.casemanager_organisation}
        choice_field(self, "duration_kind").choices = DurationKind.choices
        self.fields["contract_date"].initial = datetime.date.today()
        self.fields["end_date"].help_text = _("Bij 'eindigt op een datum'.")
        self.fields["months_without_mutations"].help_text = _("Bij 'N maanden zonder politiemutaties'.")


class SignPartnersForm(forms.Form):
    signed_on = forms.DateField(label=_("Getekend op"), widget=DATE_INPUT, initial=datetime.date.today)
    partner_signatory_name = forms.CharField(
        label=_("Ondertekenaar namens de gemeentepartners"), max_length=200
    )


class SignClientForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Getekend door de cliënt op"), widget=DATE_INPUT, initial=datetime.date.today
    )
    place = forms.CharField(label=_("Plaats van ondertekening"), max_length=100)
    scan = UploadField(
        kind=SCAN,
        label=_("Scan van het getekende exemplaar"),
        required=False,
        help_text=_("PDF, JPG of PNG. Of laat de cliënt hieronder tekenen op het scherm."),
    )
    drawn = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("scan") and not data.get("drawn") and "scan" not in self.errors:
            raise forms.ValidationError(_("Voeg een scan toe of laat de cliënt op het scherm tekenen."))
        return data


class RefuseForm(forms.Form):
    refused_on = forms.DateField(label=_("Geweigerd op"), widget=DATE_INPUT, initial=datetime.date.today)
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}))


class NewVersionForm(forms.Form):
    reason = forms.CharField(label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 2}))
    discussed_with_client_on = forms.DateField(
        label=_("Besproken met de cliënt op"), widget=DATE_INPUT, initial=datetime.date.today
    )
    casemanager_consent = forms.BooleanField(label=_("De casemanager stemt in (art. 6)"), required=False)


class TerminateForm(FriendlyChoicesMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=[("", ""), *TerminationReason.choices])
    ended_on = forms.DateField(label=_("Beëindigd op"), widget=DATE_INPUT, initial=datetime.date.today)
    police_report_reference = forms.CharField(
        label=_("Nummer proces-verbaal"),
        required=False,
        max_length=100,
        help_text=_("Verplicht bij een strafbaar feit of overlast (art. 11)."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PoliceRecordForm(forms.Form):
    """Art. 9: a police mutation that starts the count again. Only a date and the police system's
    reference: what happened stays in the police systems (minimisation)."""

    registered_on = forms.DateField(
        label=_("Datum van de politiemutatie"), widget=DATE_INPUT, initial=datetime.date.today
    )
    reference = forms.CharField(
        label=_("Kenmerk van de registratie"),
        max_length=PoliceRecord._meta.get_field("reference").max_length,
        help_text=_("Het registratienummer in het politiesysteem; geen omschrijving van wat er gebeurde."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)
