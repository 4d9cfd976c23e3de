from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caseplan.models import Case, CaseMember, CaseStatus
from common.form_helpers import CHOOSE, DATE_INPUT, FriendlyChoicesMixin, choice_field
from overleg.models import Meeting, MeetingStatus, MeetingType
from privacy.models import Organisation, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _active_user(email: str) -> User | None:
    return (
        User.objects.filter(email__iexact=email.strip(), is_active=True)
        .select_related("organisation")
        .first()
    )


class UserByEmailField(forms.EmailField):
    """An e-mail address that names an active user; cleans to that user."""

    def clean(self, value: str) -> User | None:
        email = super().clean(value)
        if not email:
            return None
        user = _active_user(email)
        if user is None:
            raise forms.ValidationError(_("Er is geen actieve gebruiker met dit e-mailadres."))
        return user


class MeetingForm(FriendlyChoicesMixin, forms.Form):
    meeting_type = forms.ModelChoiceField(
        label=_("Overlegsoort"),
        queryset=MeetingType.objects.filter(is_active=True).select_related("purpose"),
        help_text=_("De overlegsoort bepaalt het doel en welke soorten organisaties mogen deelnemen."),
    )
    title = forms.CharField(label=_("Naam van het overleg"), max_length=200, required=False)
    date = forms.DateField(label=_("Datum"), widget=DATE_INPUT)
    time = forms.TimeField(label=_("Begintijd"), widget=TIME_INPUT, initial=datetime.time(9, 30))
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=480, initial=90)
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")
    chair = UserByEmailField(label=_("Voorzitter (e-mailadres)"))
    minute_taker = UserByEmailField(label=_("Notulist (e-mailadres)"), required=False)

    groups = [
        (_("Soort overleg"), ["meeting_type", "title"]),
        (_("Wanneer en waar"), ["date", "time", "duration_minutes", "location", "video_link"]),
        (_("Voorzitter en notulist"), ["chair", "minute_taker"]),
    ]

    def grouped_fields(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def starts_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))


class MeetingEditForm(forms.Form):
    """The frame of a planned meeting: when, where, its name and its status (held, cancelled)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Naam van het overleg"), max_length=200, required=False)
    date = forms.DateField(label=_("Datum"), widget=DATE_INPUT)
    time = forms.TimeField(label=_("Begintijd"), widget=TIME_INPUT)
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=480)
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, widget=forms.RadioSelect)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, object]:
        when = timezone.localtime(meeting.starts_at)
        return {
            "revision": meeting.revision,
            "title": meeting.title,
            "date": when.date(),
            "time": when.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "video_link": meeting.video_link,
            "status": meeting.status,
        }

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": timezone.make_aware(datetime.datetime.combine(data["date"], data["time"])),
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "video_link": data["video_link"],
            "status": data["status"],
        }


class AttendeeForm(FriendlyChoicesMixin, forms.Form):
    user = UserByEmailField(
        label=_("Persoon (e-mailadres)"),
        required=False,
        help_text=_("Vul een e-mailadres in, óf kies een hele organisatie."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Hele organisatie"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = meeting.meeting_type.organisation_types
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(is_active=True, type__in=kinds)
        field.help_text = _("Alleen soorten organisaties die deze overlegsoort toelaat: %(kinds)s.") % {
            "kinds": ", ".join(meeting.meeting_type.organisation_type_labels())
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("user")) == bool(data.get("organisation")):
            raise forms.ValidationError(
                _("Kies een persoon óf een hele organisatie, niet allebei of geen van beide.")
            )
        return data


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reden van aanwezigheid"), max_length=300, required=False)
    statement_signed_on = forms.DateField(
        label=_("Geheimhoudingsverklaring getekend op"),
        widget=DATE_INPUT,
        help_text=_(
            "Een gast neemt pas deel na het tekenen van een geheimhoudingsverklaring voor dit overleg."
        ),
    )


class AgendaAddForm(forms.Form):
    reference = forms.CharField(
        label=_("Casusnummer"),
        max_length=20,
        help_text=_(
            "Alleen een casus uit uw eigen casusteams (met schrijfrechten), bijvoorbeeld PGA-2026-000123."
        ),
    )
    reason = forms.CharField(
        label=_("Aanleiding om te bespreken"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases

    def clean_reference(self) -> Case:
        reference = self.cleaned_data["reference"].strip()
        case = self.cases.filter(reference__iexact=reference).first()
        if case is None:
            # the same answer for a case that does not exist and one of another team
            raise forms.ValidationError(_("Geen casus met dit nummer in uw casusteams (met schrijfrechten)."))
        return case


class AgendaFromCaseForm(FriendlyChoicesMixin, forms.Form):
    meeting = forms.ModelChoiceField(label=_("Overleg"), queryset=Meeting.objects.none())
    reason = forms.CharField(
        label=_("Aanleiding om te bespreken"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings


YES_NO = [("ja", _("Ja, besproken")), ("nee", _("Nee, niet besproken"))]
PRIORITY = [("", _("ongewijzigd")), ("1", _("hoge prioriteit")), ("0", _("geen hoge prioriteit"))]


class MinutesInput(TypedDict):
    discussed: bool
    situation: str
    decisions: str
    case_status: str | None
    high_priority: bool | None
    new_plan_version: bool


class MinutesForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    discussed = forms.ChoiceField(label=_("Besproken"), choices=YES_NO, widget=forms.RadioSelect)
    situation = forms.CharField(
        label=_("Situatie in het kort"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decisions = forms.CharField(
        label=_("Besluiten"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    case_status = forms.ChoiceField(
        label=_("Besluit: status van de casus"),
        choices=[("", _("ongewijzigd")), *CaseStatus.choices],
        required=False,
    )
    high_priority = forms.ChoiceField(label=_("Besluit: prioriteit"), choices=PRIORITY, required=False)
    new_plan_version = forms.BooleanField(
        label=_("Besluit: een nieuwe versie van het plan starten"), required=False
    )

    def decisions_kwargs(self) -> MinutesInput:
        data = self.cleaned_data
        return {
            "discussed": data["discussed"] == "ja",
            "situation": data["situation"],
            "decisions": data["decisions"],
            "case_status": data["case_status"] or None,
            "high_priority": None if data["high_priority"] == "" else data["high_priority"] == "1",
            "new_plan_version": data["new_plan_version"],
        }


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(
        label=_("Eigenaar"), help_text=_("Iemand uit het casusteam, of een organisatie in het team.")
    )
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DATE_INPUT)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = CaseMember.objects.filter(case=case, removed_at__isnull=True).select_related(
            "user__organisation", "organisation"
        )
        people: dict[str, str] = {}
        organisations: dict[str, str] = {}
        for member in members:
            if member.user is not None:
                people[f"user:{member.user.pk}"] = str(member.user)
                if member.user.organisation is not None:
                    organisation = member.user.organisation
                    organisations[f"org:{organisation.pk}"] = str(organisation)
            else:
                organisations[f"org:{member.organisation_id}"] = str(member.organisation)
        choice_field(self, "owner").choices = [
            ("", CHOOSE),
            (_("Personen"), sorted(people.items(), key=lambda kv: kv[1])),
            (_("Organisaties"), sorted(organisations.items(), key=lambda kv: kv[1])),
        ]

    def owners(self) -> tuple[User | None, Organisation | None]:
        """The chosen owner: a person or an organisation (the other one None)."""
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        if kind == "user":
            return User.objects.get(pk=pk), None
        return None, Organisation.objects.get(pk=pk)
