from __future__ import annotations

from django import forms

from notifications.models import DEFAULT_CHANNELS, Channel, NotificationKind, NotificationPreference
from privacy.models import User


class PreferencesForm(forms.Form):
    """Per kind of notification: only in the app, an e-mail at once, or the daily digest."""

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Channel.choices,
                widget=forms.RadioSelect,
                initial=chosen.get(kind, DEFAULT_CHANNELS.get(kind, Channel.INBOX)),
            )
