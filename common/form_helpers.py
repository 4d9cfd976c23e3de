"""Small form pieces every app uses: the date picker, "— kies —" for an empty choice, and changing one
value of a bound form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CHOOSE = _("— kies —")


class FriendlyChoicesMixin:
    """Empty choices read "— kies —" instead of Django's dashes."""

    fields: dict[str, forms.Field]  # of the form class this is mixed into

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField) and isinstance(
                field.choices,
                (list, CallableChoiceIterator),  # what Django's setter makes of any choices
            ):
                field.choices = [(value, CHOOSE if value == "" else label) for value, label in field.choices]


def set_bound_value(form: forms.BaseForm, name: str, value: str) -> None:
    """Show ``value`` in the bound field ``name`` instead of what was sent (e.g. the current lock counter
    after an edit conflict). The submitted data itself (an immutable QueryDict) is left alone."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[name] = value
    form.data = data


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``, which must be a choice field (to set its choices)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field ``name``, which must pick a model instance (to set its queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field


class LinesField(forms.CharField):
    """A list of short texts edited as one line each, for a JSON list field (no raw JSON on screen)."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]
