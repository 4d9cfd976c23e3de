"""Forms for managing a client's CO24dak set-up: enrolment, callers, checklist, rules, and alert handling.

The forms only parse and check input; the services in co24/services/ decide and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from caseplan.models import Case
from co24.models import Caller, CallerKind, ChecklistItem, ItemKind, ItemSource, RuleKind
from privacy.models import Organisation, OrganisationType


class EnrolForm(forms.Form):
    backoffice = forms.ModelChoiceField(
        label=_("Back office"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Alleen de back offices die voor de gemeente van deze casus werken."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["backoffice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            type=OrganisationType.CO24_BACKOFFICE, co24_served__gemeente_id=case.gemeente_id
        ).order_by("name")


class CallerForm(forms.ModelForm):
    class Meta:
        model = Caller
        fields = ["name", "kind", "organisation", "relation", "phone", "reports", "agreements"]
        widgets = {
            "reports": forms.Textarea(attrs={"rows": 3}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "organisation": _("Voor een professional: de organisatie waarvoor hij of zij belt."),
            "relation": _("Bijvoorbeeld: zus, buurvrouw, ambulant begeleider, huisarts."),
            "agreements": _("Wat met deze inbeller is afgesproken, zoals in het plan (Inzet CO24dak)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(is_active=True).exclude(
            type=OrganisationType.CO24_BACKOFFICE
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = not data.get("organisation") and not (data.get("relation") or "").strip()
        if missing and data.get("kind") not in (None, CallerKind.CLIENT):
            self.add_error("relation", _("Geef de organisatie of de relatie tot de cliënt."))
        return data


class ChecklistItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"), choices=ItemKind.choices, widget=forms.RadioSelect, initial=ItemKind.RISK
    )
    text = forms.CharField(
        label=_("Vraag of signaal"),
        max_length=ChecklistItem._meta.get_field("text").max_length,
        help_text=_("Zo concreet mogelijk, zoals het back office het aan de inbeller vraagt."),
    )
    category = forms.CharField(label=_("Categorie"), max_length=60, required=False)
    red_flag = forms.BooleanField(
        label=_("Rode vlag: één signaal hierop is al een kantelmoment"), required=False
    )


class SuggestionForm(forms.Form):
    """One click on a suggestion from the plan's goals or the risk profile."""

    kind = forms.ChoiceField(choices=ItemKind.choices)
    text = forms.CharField(max_length=ChecklistItem._meta.get_field("text").max_length)
    source = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (ItemSource.GOAL, ItemSource.RISK_PROFILE)]
    )


class ActivateForm(forms.Form):
    note = forms.CharField(
        label=_("Wat is er veranderd?"),
        max_length=300,
        help_text=_("Blijft bij deze versie staan, zodat later te zien is waarom de checklist veranderde."),
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort regel"), choices=RuleKind.choices, widget=forms.RadioSelect)
    threshold = forms.IntegerField(label=_("Aantal signalen (N)"), min_value=1, max_value=100, required=False)
    window_days = forms.IntegerField(label=_("Aantal dagen (D)"), min_value=1, max_value=365, required=False)
    item_key = forms.ChoiceField(
        label=_("Beschermende factor"),
        required=False,
        help_text=_("Uit de checklist die nu in gebruik is."),
    )

    def __init__(self, *args: Any, factors: Iterable[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factors = {str(item.key): item.text for item in factors}
        field = self.fields["item_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *self.factors.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == RuleKind.COUNT:
            if not data.get("threshold"):
                self.add_error("threshold", _("Geef het aantal signalen (N)."))
            if not data.get("window_days"):
                self.add_error("window_days", _("Geef het aantal dagen (D)."))
        if kind == RuleKind.ABSENT:
            if not data.get("item_key"):
                self.add_error("item_key", _("Kies de beschermende factor."))
            if not data.get("window_days"):
                self.add_error("window_days", _("Geef het aantal dagen (D)."))
        return data

    def rule_fields(self) -> dict[str, Any]:
        """Only what the chosen kind uses, so a stray value from another kind is not stored."""
        data = self.cleaned_data
        kind = data["kind"]
        key = data.get("item_key") or None
        return {
            "kind": kind,
            "threshold": data.get("threshold") if kind == RuleKind.COUNT else None,
            "window_days": data.get("window_days") if kind != RuleKind.RED_FLAG else None,
            "item_key": key if kind == RuleKind.ABSENT else None,
            "item_text": self.factors.get(key or "", "") if kind == RuleKind.ABSENT else "",
        }


class AlertHandleForm(forms.Form):
    note = forms.CharField(
        label=_("Wat is er gedaan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: huisbezoek afgelegd, behandelaar ingeschakeld, overleg gepland."),
    )
