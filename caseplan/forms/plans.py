from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from caseplan.models import Goal, Intervention, PlanDomain, PlanTemplate, SanctionOption
from caseplan.selectors.team import team_organisations
from common.documents import Section, form_class
from common.form_helpers import DATE_INPUT, FriendlyChoicesMixin, model_choice_field
from privacy.models import Organisation


def section_form_class(section: Section) -> type[forms.Form]:
    """A form for one plan section, built from its declaration; every field is optional."""
    return form_class(
        section,
        name=f"{section.key.title()}SectionForm",
        before={"revision": forms.IntegerField(widget=forms.HiddenInput)},
        radios_up_to=0,  # the plan shows every answer list as a drop-down, an empty answer as a dash
        empty_label="—",
    )


class DomainForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PlanDomain
        fields = [
            "current_situation",
            "coercive_measures",
            "client_wishes",
            "client_action",
            "additional_info",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != "justitie":
            del self.fields["coercive_measures"]
        else:
            self.fields["coercive_measures"].help_text = _(
                "Als de cliënt niet meewerkt of afspraken niet nakomt (drang en dwang)."
            )


class GoalForm(FriendlyChoicesMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["kind", "text", "target_date", "evaluation_result", "evaluation_note"]
        widgets = {
            "text": forms.TextInput(attrs={"autocomplete": "off"}),
            "target_date": DATE_INPUT,
            "evaluation_note": forms.Textarea(attrs={"rows": 2}),
        }


class InterventionForm(FriendlyChoicesMixin, forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["description", "responsible_organisation", "responsible_person"]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args: Any, case_id: int, **kwargs: Any) -> None:
        """The responsible partner is picked from the case team; a partner chosen before it left the team
        stays selectable on its own intervention, so editing the description does not lose it."""
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "responsible_organisation")
        choices = team_organisations(case_id)
        current = self.instance.responsible_organisation_id if self.instance.pk else None
        if current is not None:
            choices = Organisation.objects.filter(Q(pk__in=choices.values("pk")) | Q(pk=current)).order_by(
                "name"
            )
        field.queryset = choices
        field.error_messages["invalid_choice"] = _("Kies een verantwoordelijke partner uit het casusteam.")


class SanctionForm(FriendlyChoicesMixin, forms.Form):
    option = forms.ModelChoiceField(
        label=_("Uit de menukaart"), queryset=SanctionOption.objects.all(), required=False
    )
    text = forms.CharField(
        label=_("Invulling of eigen voorwaarde"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("option") and not (data.get("text") or "").strip():
            raise forms.ValidationError(
                _("Kies een voorwaarde uit de menukaart of beschrijf een eigen voorwaarde.")
            )
        return data


class PublishForm(forms.Form):
    evaluation_date = forms.DateField(
        label=_("Datum evaluatie"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Wordt een termijn voor u als procesmanager."),
    )


class NewPlanForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Sjabloon"), queryset=PlanTemplate.objects.filter(is_active=True), empty_label=None
    )
