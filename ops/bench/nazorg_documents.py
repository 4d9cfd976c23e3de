"""Filled-in nazorg documents for the benchmark: every required field, a share of the others, and whatever
the document's conditional rules demand, so each one passes ``common.documents.completeness_errors``.

Values are drawn from the fixed lists of the instruments (``nazorg.models.choices``); free text is generic and
fictitious. Field keys hint at what a line holds (a phone number, an e-mail address, a name)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping
from typing import Any

from common.documents import Field
from nazorg.schema import SPECS

LINES = (
    "Contact opgenomen, afspraak volgt",
    "Onbekend bij aanmelding",
    "Via de MMD'er aangevraagd",
    "Afspraak gemaakt met de uitkeringsinstantie",
    "Zie toelichting in het basisdocument",
    "Bij familie in bewaring",
    "Kluis van de inrichting",
    "Budgetbeheer via de gemeente",
)
TEXTS = (
    "Gedetineerde werkt mee en wil na ontslag een vaste dagbesteding.",
    "Vóór detentie geen vaste woon- of verblijfplaats; sliep wisselend bij kennissen.",
    "Schulden bij zorgverzekeraar en CJIB; een bewindvoerder is in beeld.",
    "Eerder in behandeling geweest bij de GGZ; wil die draad weer oppakken.",
    "Gemeente zoekt een plek in de maatschappelijke opvang vanaf de dag van ontslag.",
    "Contact met de reclassering loopt; bijzondere voorwaarden worden verwacht.",
    "Partner en kinderen wonen op het BRP-adres; de kind-check is gedaan.",
)
FILL = 0.35  # share of the optional fields that hold a value

_FIELDS: dict[str, tuple[Field, ...]] = {kind: spec.fields for kind, spec in SPECS.items()}
_BY_KEY: dict[str, dict[str, Field]] = {kind: {f.key: f for f in fields} for kind, fields in _FIELDS.items()}
_OPTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (kind, f.key): tuple(value for value, _label in f.choices)
    for kind, fields in _FIELDS.items()
    for f in fields
    if f.choices
}


def _line(rng: random.Random, key: str, person: tuple[str, str, str]) -> str:
    name, phone, email = person
    if "telefoon" in key:
        return phone
    if "email" in key:
        return email
    if key.endswith("_naam"):
        return name
    return rng.choice(LINES)


def _value(
    rng: random.Random, kind: str, f: Field, day: dt.date, person: tuple[str, str, str]
) -> str | list[str]:
    if f.kind == "choice":
        return rng.choice(_OPTIONS[(kind, f.key)])
    if f.kind == "multi":
        options = _OPTIONS[(kind, f.key)]
        return rng.sample(options, rng.randint(1, min(2, len(options))))
    if f.kind == "date":
        if f.key == "datum":
            return day.isoformat()
        return (day + dt.timedelta(days=rng.randrange(-400, 1800))).isoformat()
    if f.kind == "text":
        return rng.choice(TEXTS)
    return _line(rng, f.key, person)


def document_data(
    rng: random.Random,
    kind: str,
    day: dt.date,
    person: tuple[str, str, str],
    fixed: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete document of ``kind`` dated ``day``; ``person`` (name, phone, e-mail) signs or is the contact."""
    fixed = fixed or {}
    data: dict[str, Any] = {}
    for f in _FIELDS[kind]:
        if f.key in fixed:
            data[f.key] = fixed[f.key]
        elif f.required or rng.random() < FILL:
            data[f.key] = _value(rng, kind, f, day, person)
    for _round in range(2):  # a value filled in for one rule can trigger another
        for rule in SPECS[kind].rules:
            for key in rule.missing(data):
                data[key] = _value(rng, kind, _BY_KEY[kind][key], day, person)
    return data


def as_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
