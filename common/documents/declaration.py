"""How a JSON document is declared: sections of typed fields, with labels, help, required flags and
conditional requirements. Declarations hold no behaviour beyond reading a stored value back for people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise  # a label: usually gettext_lazy, with the Dutch text as source
Options = tuple[tuple[str, Text], ...]  # (stored code, label) pairs

REQUIRED_BY_ANSWER = _("Verplicht omdat bij ‘%(question)s’ ‘%(answer)s’ is gekozen.")
REQUIRED_WHEN_ANSWERED = _("verplicht bij antwoord %(answers)s op ‘%(question)s’")


def is_empty(value: Any) -> bool:
    """Not filled in: an empty value is left out of the stored document."""
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


class Kind(StrEnum):
    """What a field holds, and how it is stored in the JSON document."""

    LINE = "line"  # one line of text, at most 300 characters
    TEXT = "text"  # free text over several lines
    DATE = "date"  # stored as "YYYY-MM-DD"
    CHOICE = "choice"  # one code from ``choices``
    MULTI = "multi"  # a list of codes from ``choices``


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a declared field is one object
class Field:
    key: str
    label: Text
    kind: Kind = Kind.LINE
    choices: Options = ()
    required: bool = False  # must be filled before the document is complete (submitted); drafts may lack it
    help: Text = ""

    def __post_init__(self) -> None:
        if (self.kind in (Kind.CHOICE, Kind.MULTI)) != bool(self.choices):
            raise ImproperlyConfigured(f"Field {self.key}: choices belong to choice and multi fields only.")

    def display(self, value: Any) -> str:
        """The stored value as people read it: labels for codes, dates as dd-mm-jjjj."""
        if is_empty(value):
            return ""
        labels = dict(self.choices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        if self.kind == Kind.DATE:
            try:
                return datetime.date.fromisoformat(str(value)).strftime("%d-%m-%Y")
            except ValueError:
                return str(value)
        return str(labels.get(value, value))


def line(key: str, label: Text, *, required: bool = False, help: Text = "") -> Field:
    return Field(key, label, Kind.LINE, required=required, help=help)


def text(key: str, label: Text, *, required: bool = False, help: Text = "") -> Field:
    return Field(key, label, Kind.TEXT, required=required, help=help)


def date(key: str, label: Text, *, required: bool = False, help: Text = "") -> Field:
    return Field(key, label, Kind.DATE, required=required, help=help)


def choice(key: str, label: Text, options: Options, *, required: bool = False, help: Text = "") -> Field:
    return Field(key, label, Kind.CHOICE, tuple(options), required=required, help=help)


def multi(key: str, label: Text, options: Options, *, required: bool = False, help: Text = "") -> Field:
    return Field(key, label, Kind.MULTI, tuple(options), required=required, help=help)


def _either(labels: list[str]) -> str:
    """‘a’, ‘b’ of ‘c’"""
    quoted = [f"‘{label}’" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return gettext("%(some)s of %(last)s") % {"some": ", ".join(quoted[:-1]), "last": quoted[-1]}


@dataclass(frozen=True)
class RequiredWhen:
    """A conditional requirement: when ``trigger`` holds one of ``values``, the ``needed`` fields must be
    filled before the document is complete. The ``fields`` its texts take are the schema's, by key: a rule
    names its question and answers by their labels, in the language active when the text is read."""

    trigger: str
    values: tuple[str, ...]
    needed: tuple[str, ...]

    def holds(self, data: Mapping[str, Any]) -> bool:
        return data.get(self.trigger) in self.values

    def missing(self, data: Mapping[str, Any]) -> list[str]:
        if not self.holds(data):
            return []
        return [key for key in self.needed if is_empty(data.get(key))]

    def errors(self, data: Mapping[str, Any], fields: Mapping[str, Field]) -> dict[str, str]:
        """Per missing field, which answer made it required."""
        missing = self.missing(data)
        if not missing:
            return {}
        question = fields[self.trigger]
        message = REQUIRED_BY_ANSWER % {
            "question": question.label,
            "answer": question.display(data.get(self.trigger)),
        }
        return dict.fromkeys(missing, message)

    def note(self, fields: Mapping[str, Field]) -> str:
        """What a needed field's label says instead of "optioneel"."""
        question = fields[self.trigger]
        return REQUIRED_WHEN_ANSWERED % {
            "answers": _either([question.display(value) for value in self.values]),
            "question": question.label,
        }

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.trigger, *self.needed)


def required_when(trigger: str, value: str | Iterable[str], *needed: str) -> RequiredWhen:
    """When ``trigger`` has ``value`` (or one of several values), the ``needed`` fields must be filled."""
    values = (value,) if isinstance(value, str) else tuple(value)
    return RequiredWhen(trigger, values, needed)


class Schema(Protocol):
    """What the form builder and the validator work on: a section alone, or a whole document."""

    @property
    def fields(self) -> tuple[Field, ...]: ...

    @property
    def rules(self) -> tuple[RequiredWhen, ...]: ...


def conditional_rules(schema: Schema) -> dict[str, tuple[RequiredWhen, ...]]:
    """Per field that is not required anyway: the rules by which another answer makes it required."""
    required = {f.key for f in schema.fields if f.required}
    found: dict[str, list[RequiredWhen]] = {}
    for rule in schema.rules:
        for key in rule.needed:
            if key not in required:
                found.setdefault(key, []).append(rule)
    return {key: tuple(rules) for key, rules in found.items()}


def _check(name: str, fields: tuple[Field, ...], rules: tuple[RequiredWhen, ...]) -> None:
    """A declaration error shows at import time, not as a field that silently never validates."""
    keys = [f.key for f in fields]
    doubles = sorted({key for key in keys if keys.count(key) > 1})
    if doubles:
        raise ImproperlyConfigured(f"{name}: field keys used twice: {', '.join(doubles)}.")
    unknown = sorted({key for rule in rules for key in rule.keys} - set(keys))
    if unknown:
        raise ImproperlyConfigured(f"{name}: rules name unknown fields: {', '.join(unknown)}.")


@dataclass(frozen=True)
class Section:
    """A group of fields under one title, with the conditional requirements among them. Stored on its own
    (a plan section) or as part of a document."""

    key: str
    title: Text
    fields: tuple[Field, ...]
    help: Text = ""
    rules: tuple[RequiredWhen, ...] = ()

    def __post_init__(self) -> None:
        _check(f"Section {self.key}", self.fields, self.rules)


@dataclass(frozen=True)
class Document:
    """One JSON object, keyed by the field keys of all its sections; the sections group the form."""

    key: str
    sections: tuple[Section, ...]

    def __post_init__(self) -> None:
        _check(f"Document {self.key}", self.fields, self.rules)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    @property
    def rules(self) -> tuple[RequiredWhen, ...]:
        return tuple(rule for section in self.sections for rule in section.rules)
