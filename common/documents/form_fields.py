"""The Django form of a declared section or document. Every field is optional in the form, so a draft can
be kept incomplete; a field required for submission says so in its label (``submit_required``), a field
another answer makes required says which answer (``required_when_note``), and the validator names what is
missing. The same form fields check the values the API sends (``validation``), so a form and the API give
the same messages."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from common.documents.declaration import (
    Document,
    Field,
    Kind,
    RequiredWhen,
    Schema,
    Section,
    Text,
    conditional_rules,
)
from common.form_helpers import CHOOSE, DATE_INPUT

LINE_MAX_LENGTH = 300
RADIOS_UP_TO = 4  # a choice between at most this many options shows as radio buttons, else as a list
CHOOSE_FROM = _("Kies een van de mogelijke waarden: %(values)s.")


class _NamesTheValidChoices:
    """A refused choice names the valid codes: an API client has no list on screen to pick from."""

    choices: Any

    def validate(self, value: Any) -> None:
        try:
            super().validate(value)  # type: ignore[misc]
        except ValidationError as exc:
            if getattr(exc, "code", None) != "invalid_choice":
                raise
            codes = ", ".join(str(code) for code, _label in self.choices if code != "")
            raise ValidationError(CHOOSE_FROM, code="invalid_choice", params={"values": codes}) from exc


class ChoiceField(_NamesTheValidChoices, forms.ChoiceField):
    pass


class MultipleChoiceField(_NamesTheValidChoices, forms.MultipleChoiceField):
    pass


def form_field(field: Field, *, radios_up_to: int = RADIOS_UP_TO, empty_label: Text = CHOOSE) -> forms.Field:
    """The form field of one declared field; ``radios_up_to`` and ``empty_label`` only change the widget."""
    built = _built(field, radios_up_to=radios_up_to, empty_label=empty_label)
    built.submit_required = field.required  # type: ignore[attr-defined]  # the label template says so
    return built


def _built(field: Field, *, radios_up_to: int, empty_label: Text) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "required": False, "help_text": field.help}
    if field.kind == Kind.CHOICE:
        if len(field.choices) <= radios_up_to:
            return ChoiceField(choices=list(field.choices), widget=forms.RadioSelect, **common)
        return ChoiceField(choices=[("", empty_label), *field.choices], **common)
    if field.kind == Kind.MULTI:
        return MultipleChoiceField(choices=field.choices, widget=forms.CheckboxSelectMultiple, **common)
    if field.kind == Kind.DATE:
        return forms.DateField(widget=DATE_INPUT, **common)
    if field.kind == Kind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=LINE_MAX_LENGTH, **common)


def form_class(
    schema: Schema,
    *,
    name: str,
    before: Mapping[str, forms.Field] | None = None,
    after: Mapping[str, forms.Field] | None = None,
    radios_up_to: int = RADIOS_UP_TO,
    empty_label: Text = CHOOSE,
) -> type[forms.Form]:
    """A form with a field per declared field, in declaration order, between the app's own ``before``
    (e.g. the hidden lock field) and ``after`` fields."""
    fields: dict[str, forms.Field] = dict(before or {})
    declared = {f.key: f for f in schema.fields}
    conditional = conditional_rules(schema)
    for field in schema.fields:
        built = form_field(field, radios_up_to=radios_up_to, empty_label=empty_label)
        if field.key in conditional:
            _mark_conditional(built, conditional[field.key], declared)
        fields[field.key] = built
    fields.update(after or {})
    return type(name, (forms.Form,), fields)


def _notes(rules: tuple[RequiredWhen, ...], declared: Mapping[str, Field]) -> str:
    return "; ".join(rule.note(declared) for rule in rules)


_lazy_notes = lazy(_notes, str)


def _mark_conditional(
    built: forms.Field, rules: tuple[RequiredWhen, ...], declared: Mapping[str, Field]
) -> None:
    """The label template shows the note instead of "optioneel"; static/js/forms.js reads the conditions
    (the question's field name and the answers that make this field required) to say "verplicht bij
    indienen" as soon as such an answer is chosen."""
    built.required_when_note = _lazy_notes(rules, declared)  # type: ignore[attr-defined]
    built.required_when = json.dumps(  # type: ignore[attr-defined]
        [[rule.trigger, list(rule.values)] for rule in rules]
    )


def bound_sections(form: forms.BaseForm, document: Document) -> list[tuple[Section, list[forms.BoundField]]]:
    """The form's fields per section, for a template that shows each section as a fieldset."""
    return [(section, [form[f.key] for f in section.fields]) for section in document.sections]
