"""The functional administrator maintains the meeting types (overlegsoorten): purpose and admitted kinds of
organisation. Meetings themselves hold client data (the agenda) and are kept out of the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from overleg.models import MeetingType
from privacy.models import OrganisationType


class MeetingTypeForm(forms.ModelForm):
    organisation_types = forms.MultipleChoiceField(
        label=_("Soorten organisaties die mogen deelnemen"),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Een organisatie van een andere soort wordt geweigerd als deelnemer, met deze regel als reden."
        ),
    )

    class Meta:
        model = MeetingType
        fields = [
            "code",
            "name",
            "abbreviation",
            "purpose",
            "target_group",
            "organisation_types",
            "parties",
            "is_active",
        ]


@admin.register(MeetingType)
class MeetingTypeAdmin(SimpleHistoryAdmin):
    form = MeetingTypeForm
    list_display = ["name", "abbreviation", "purpose", "allowed_kinds", "is_active"]
    list_filter = ["is_active", "purpose"]
    search_fields = ["name", "code", "abbreviation"]

    @admin.display(description=_("soorten organisaties"))
    def allowed_kinds(self, obj: MeetingType) -> str:
        return ", ".join(obj.organisation_type_labels())
