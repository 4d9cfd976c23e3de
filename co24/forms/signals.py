"""The back office's signal form (one phone call on one screen) and the journal's filter form."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from co24.models import Answer, Caller, ChecklistItem, ItemKind, Urgency
from co24.selectors import KIND_PROTECTIVE, KIND_RISK, UNKNOWN_CALLER, JournalFilters
from common.form_helpers import DATE_INPUT, choice_field

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ITEM_PREFIX = "item_"


def _now_local() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class SignalForm(forms.Form):
    """Caller, time, account, the client's checklist, urgency. Checklist questions nobody asked stay empty
    and are not stored: only what the caller actually answered becomes a SignalAnswer."""

    caller = forms.ChoiceField(
        label=_("Wie belt er?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de inbeller, of “Staat niet op de lijst”.")},
    )
    caller_name = forms.CharField(label=_("Naam inbeller"), max_length=200, required=False)
    caller_relation = forms.CharField(
        label=_("Relatie tot de cliënt of organisatie"), max_length=200, required=False
    )
    caller_phone = forms.CharField(
        label=_("Telefoon inbeller"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    received_at = forms.DateTimeField(
        label=_("Binnengekomen op"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    account = forms.CharField(
        label=_("Melding: wat vertelt de inbeller?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Noteer wat de inbeller vertelt.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL, widget=forms.RadioSelect
    )
    medical = forms.BooleanField(
        label=_("Bevat medische informatie (alleen voor de casusregisseur en de GGZ)"), required=False
    )
    follow_up = forms.CharField(
        label=_("Vervolg: afspraak, wie moet wat doen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, callers: list[Caller], items: list[ChecklistItem], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_at", _now_local())
        kwargs["initial"].setdefault("urgency", Urgency.NORMAL)
        super().__init__(*args, **kwargs)
        self.callers = {str(caller.pk): caller for caller in callers}
        choice_field(self, "caller").choices = [(pk, str(caller)) for pk, caller in self.callers.items()] + [
            (UNKNOWN_CALLER, _("Staat niet op de lijst"))
        ]
        self.items = items
        for item in items:
            self.fields[f"{ITEM_PREFIX}{item.pk}"] = forms.ChoiceField(
                label=item.text, choices=Answer.choices, required=False, widget=forms.RadioSelect
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("caller") == UNKNOWN_CALLER:
            if not data.get("caller_name", "").strip():
                self.add_error("caller_name", _("Noteer de naam van de inbeller die niet op de lijst staat."))
        elif data.get("caller") and any(
            data.get(name, "").strip() for name in ("caller_name", "caller_relation", "caller_phone")
        ):
            self.add_error(
                "caller_name",
                _(
                    "U koos een inbeller van de lijst én vulde gegevens van een onbekende inbeller in. "
                    "Kies “Staat niet op de lijst” of maak deze velden leeg."
                ),
            )
        return data

    @property
    def caller_is_unknown(self) -> bool:
        return self["caller"].value() == UNKNOWN_CALLER

    def selected_caller(self) -> Caller | None:
        return self.callers.get(str(self.cleaned_data.get("caller")))

    def answers(self) -> dict[int, str]:
        return {
            item.pk: self.cleaned_data[f"{ITEM_PREFIX}{item.pk}"]
            for item in self.items
            if self.cleaned_data.get(f"{ITEM_PREFIX}{item.pk}")
        }

    def checklist_groups(self) -> list[tuple[str, list[tuple[ChecklistItem, forms.BoundField]]]]:
        """Risk signals first, then protective factors, each row with its ja/nee/onbekend radios."""
        groups: list[tuple[str, list[tuple[ChecklistItem, forms.BoundField]]]] = []
        for kind, label in (
            (ItemKind.RISK, _("Risicosignalen")),
            (ItemKind.PROTECTIVE, _("Beschermende factoren")),
        ):
            rows = [(item, self[f"{ITEM_PREFIX}{item.pk}"]) for item in self.items if item.kind == kind]
            if rows:
                groups.append((str(label), rows))
        return groups

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "account": data["account"],
            "received_at": data["received_at"],
            "caller": self.selected_caller(),
            "caller_name": data["caller_name"],
            "caller_relation": data["caller_relation"],
            "caller_phone": data["caller_phone"],
            "urgency": data["urgency"],
            "medical": data["medical"],
            "follow_up": data["follow_up"],
            "answers": self.answers(),
        }


class JournalFilterForm(forms.Form):
    """The journal's filters; a value that does not fit is ignored rather than refused."""

    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[
            ("", _("Alle signalen")),
            (KIND_RISK, _("Met een risicosignaal (ja)")),
            (KIND_PROTECTIVE, _("Met een beschermende factor (ja)")),
        ],
    )
    inbeller = forms.ChoiceField(label=_("Inbeller"), required=False)
    van = forms.DateField(label=_("Van"), required=False, widget=DATE_INPUT)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DATE_INPUT)
    item = forms.ChoiceField(label=_("Checklist-item (ja)"), required=False)

    def __init__(self, *args: Any, callers: list[Caller], items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "inbeller").choices = (
            [("", _("Alle inbellers"))]
            + [
                (str(caller.pk), caller.name if caller.active else f"{caller.name} ({_('inactief')})")
                for caller in callers
            ]
            + [(UNKNOWN_CALLER, _("Onbekende inbellers (niet op de lijst)"))]
        )
        choice_field(self, "item").choices = [("", _("Alle items"))] + [
            (str(item.key), f"{item.get_kind_display()}: {item.text}") for item in items
        ]

    def filters(self) -> JournalFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        date_from, date_to = data.get("van"), data.get("tot")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        item = data.get("item") or ""
        return JournalFilters(
            kind=data.get("soort") or "",
            caller=data.get("inbeller") or "",
            date_from=date_from,
            date_to=date_to,
            item_key=uuid.UUID(item) if item else None,
        )
