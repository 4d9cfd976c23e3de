"""Forms of the privacy officer's retention pages. The services check the rules (a reason with every
exception, a date after today for an extension); field names match the services' error keys, so their
errors land on the field (``common.form_errors.add_service_errors``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.form_helpers import DATE_INPUT, FriendlyChoicesMixin
from privacy.models import Decision, HoldReason

SUBJECTS = [("case", _("Casus (casusnummer)")), ("episode", _("Detentie (detentiekenmerk)"))]


def _required_when(field: forms.Field, note: str | Promise, trigger: str, values: list[str]) -> None:
    """A field another answer makes required: the note replaces "optioneel" after its label."""
    field.required_when_note = note  # type: ignore[attr-defined]
    field.required_when = json.dumps([[trigger, [str(value) for value in values]]])  # type: ignore[attr-defined]


class ItemDecisionForm(forms.Form):
    """Per item: vernietigen (the default), langer bewaren (reason and date) or uitzonderen (reason)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Besluit"), choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld statistiek of wetenschappelijk onderzoek (besluit van de verwerkingsverantwoordelijke), "
            "of een lopende procedure. Zonder namen."
        ),
    )
    extend_until = forms.DateField(
        label=_("Bewaren tot en met"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Een datum na vandaag."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Required for some decisions only: the label says for which, and static/js/forms.js says "verplicht"
        # as soon as such a decision is chosen (templates/_partials/field_label_note.html).
        _required_when(
            self.fields["reason"],
            _("verplicht bij langer bewaren en uitzonderen"),
            "decision",
            [Decision.EXTEND, Decision.EXCLUDE],
        )
        _required_when(
            self.fields["extend_until"], _("verplicht bij langer bewaren"), "decision", [Decision.EXTEND]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision in (Decision.EXTEND, Decision.EXCLUDE) and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een reden."))
        if (
            decision == Decision.EXTEND
            and data.get("extend_until") is None
            and "extend_until" not in self.errors
        ):
            self.add_error("extend_until", _("Geef de datum tot wanneer het bewaard blijft."))
        return data


class ListRevisionForm(forms.Form):
    """The list's lock counter, sent with "Lijst vaststellen" and the second review."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class ListCancelForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden van annuleren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zonder namen. Wat op de lijst stond, kan bij een volgend voorstel terugkomen."),
    )


class ItemFilterForm(forms.Form):
    """Filter the items of a list by kind and decision (GET)."""

    soort = forms.ChoiceField(label=_("Soort gegevens"), required=False)
    besluit = forms.ChoiceField(
        label=_("Besluit"), required=False, choices=[("", _("alle besluiten")), *Decision.choices]
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["soort"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("alle soorten")), *kinds]

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["soort"] or "", self.cleaned_data["besluit"] or ""


class HoldForm(FriendlyChoicesMixin, forms.Form):
    """A bewaarplicht on the client of a case number, or on a detention episode."""

    subject = forms.ChoiceField(
        label=_("Betreft"), choices=SUBJECTS, widget=forms.RadioSelect, initial="case"
    )
    reference = forms.CharField(
        label=_("Casusnummer of detentiekenmerk"),
        max_length=100,
        help_text=_("Een bewaarplicht op een casus geldt voor het hele dossier van de cliënt."),
    )
    reason = forms.ChoiceField(label=_("Reden"), choices=[("", ""), *HoldReason.choices])
    explanation = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld het kenmerk van de procedure of de klacht. Zonder namen."),
    )
    until = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Leeg laten als de einddatum nog niet bekend is; dan geldt de bewaarplicht tot opheffen."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required_when(
            self.fields["explanation"], _("verplicht bij de reden Anders"), "reason", [HoldReason.OTHER]
        )


class HoldLiftForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    lift_reason = forms.CharField(
        label=_("Reden van opheffen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: procedure afgerond, klacht afgehandeld."),
    )


class EarlyDeletionForm(forms.Form):
    """Early deletion on request: a granted erasure request or a record entered by mistake."""

    subject = forms.ChoiceField(
        label=_("Betreft"), choices=SUBJECTS, widget=forms.RadioSelect, initial="case"
    )
    reference = forms.CharField(
        label=_("Casusnummer of detentiekenmerk"),
        max_length=100,
        help_text=_(
            "Bij een casusnummer wordt het hele dossier van de cliënt voorgesteld, met al zijn casussen."
        ),
    )
    reason = forms.CharField(
        label=_("Aanleiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: verzoek tot verwijdering toegekend op 12-03-2026, of: per vergissing "
            "aangemaakt. Zonder namen of andere persoonsgegevens."
        ),
    )
