"""Small form pieces every app uses: the date picker and "— kies —" for an empty choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CHOOSE = _("— kies —")


class FriendlyChoicesMixin:
    """Empty choices read "— kies —" instead of Django's dashes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, CHOOSE if value == "" else label) for value, label in field.choices]
