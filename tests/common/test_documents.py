"""The document engine on its own: declarations, the form it builds, the one validator, the API field."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.documents import (
    Document,
    Section,
    bound_sections,
    choice,
    clean,
    completeness_errors,
    conditional_rules,
    date,
    form_class,
    line,
    multi,
    required_when,
    text,
)
from common.documents.serializer_fields import DocumentDataField

YES_NO = (("ja", "Ja"), ("nee", "Nee"))
PETS = (("hond", "Hond"), ("kat", "Kat"), ("vis", "Vis"))
HOUSING = tuple((str(n), f"Situatie {n}") for n in range(1, 9))

PERSON = Section(
    "persoon",
    "Persoon",
    (
        line("naam", "Naam", required=True, help="Zoals in de BRP."),
        text("toelichting", "Toelichting"),
        date("datum", "Datum"),
        choice("huisdieren", "Huisdieren", YES_NO, required=True),
        multi("soort", "Soort", PETS),
        choice("wonen", "Woonsituatie", HOUSING),
        line("reden", "Reden"),
    ),
    help="Over de persoon.",
    rules=(
        required_when("huisdieren", "ja", "soort"),
        required_when("wonen", ("7", "8"), "reden"),
    ),
)
SIGNED = Section("ondertekening", "Ondertekening", (line("ondertekend_door", "Ondertekend door"),))
DOCUMENT = Document("voorbeeld", (PERSON, SIGNED))


def _errors(schema, data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        clean(schema, data)
    return raised.value.message_dict


# --- declarations ------------------------------------------------------------------------------------


def test_a_document_holds_the_fields_and_rules_of_its_sections():
    assert [f.key for f in DOCUMENT.fields] == [*(f.key for f in PERSON.fields), "ondertekend_door"]
    assert DOCUMENT.rules == PERSON.rules


@pytest.mark.parametrize(
    "declare, complaint",
    [
        (lambda: Section("s", "S", (line("a", "A"), text("a", "A again"))), "used twice: a"),
        (lambda: Document("d", (Section("s", "S", (line("a", "A"),)), SIGNED, SIGNED)), "used twice"),
        (
            lambda: Section("s", "S", (line("a", "A"),), rules=(required_when("a", "ja", "b"),)),
            "unknown fields: b",
        ),
        (lambda: Section("s", "S", (choice("a", "A", ()),)), "choices"),
    ],
)
def test_a_mistake_in_a_declaration_fails_at_import_time(declare, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        declare()


def test_stored_values_read_back_with_labels_and_dutch_dates():
    shown = {f.key: f for f in PERSON.fields}
    assert shown["huisdieren"].display("ja") == "Ja"
    assert shown["soort"].display(["hond", "vis"]) == "Hond, Vis"
    assert shown["datum"].display("2026-03-01") == "01-03-2026"
    assert shown["datum"].display("kapot") == "kapot"
    assert shown["wonen"].display("99") == "99", "an old code shows as it is stored"
    assert shown["naam"].display(None) == shown["soort"].display([]) == ""


# --- the form ------------------------------------------------------------------------------------------


def test_the_form_has_a_field_per_declared_field_with_its_widget():
    form = form_class(
        DOCUMENT,
        name="VoorbeeldForm",
        before={"revision": forms.IntegerField(widget=forms.HiddenInput)},
        after={"extra": forms.CharField(required=False)},
    )()
    assert list(form.fields) == ["revision", *(f.key for f in DOCUMENT.fields), "extra"]
    widgets = {name: type(field.widget) for name, field in form.fields.items()}
    assert widgets["naam"] is forms.TextInput and form.fields["naam"].max_length == 300
    assert widgets["toelichting"] is forms.Textarea
    assert widgets["datum"] is forms.DateInput and form.fields["datum"].widget.input_type == "date"
    assert widgets["huisdieren"] is forms.RadioSelect, "two options: radio buttons"
    assert widgets["soort"] is forms.CheckboxSelectMultiple
    assert widgets["wonen"] is forms.Select, "eight options: a list"
    assert form.fields["wonen"].choices[0] == ("", "— kies —")
    assert not any(field.required for field in form.fields.values() if field is not form.fields["revision"])
    assert form.fields["naam"].submit_required and not form.fields["toelichting"].submit_required


def test_every_choice_can_be_a_list_with_its_own_empty_label():
    form = form_class(PERSON, name="PlanLikeForm", radios_up_to=0, empty_label="—")()
    assert type(form.fields["huisdieren"].widget) is forms.Select
    assert form.fields["huisdieren"].choices == [("", "—"), ("ja", "Ja"), ("nee", "Nee")]


def test_the_rendered_field_names_its_help_and_what_submitting_needs():
    form = form_class(PERSON, name="PersoonForm")({"naam": "x" * 301, "huisdieren": "ja"})
    assert not form.is_valid()
    with translation.override("nl"):
        naam = render_to_string("_partials/form_field.html", {"field": form["naam"]})
        pets = render_to_string("_partials/form_field.html", {"field": form["huisdieren"]})
    assert 'aria-describedby="id_naam_helptext id_naam_error"' in naam
    assert '<p class="help" id="id_naam_helptext">Zoals in de BRP.</p>' in naam
    assert "(verplicht bij indienen)" in naam
    assert "<fieldset" in pets and "<legend>Huisdieren" in pets


def test_a_field_another_answer_makes_required_says_which_answer_instead_of_optional():
    form = form_class(PERSON, name="PersoonForm")()
    with translation.override("nl"):
        reden = render_to_string("_partials/form_field.html", {"field": form["reden"]})
        pets = render_to_string("_partials/form_field.html", {"field": form["soort"]})
        datum = render_to_string("_partials/form_field.html", {"field": form["datum"]})
    assert "optioneel" not in reden and "optioneel" not in pets
    assert "(verplicht bij antwoord ‘Situatie 7’ of ‘Situatie 8’ op ‘Woonsituatie’)" in reden
    assert (
        "<legend>Soort <span" in pets
        and "(verplicht bij antwoord ‘Ja’ op ‘Huisdieren’)</span></legend>" in pets
    )
    # What static/js/forms.js reads to say "verplicht bij indienen" once the answer is chosen:
    assert 'data-required-when="[[&quot;wonen&quot;, [&quot;7&quot;, &quot;8&quot;]]]"' in reden
    assert 'data-required-now="(verplicht bij indienen)"' in reden
    assert "(optioneel)" in datum and "data-required" not in datum


def test_the_sections_of_a_form_come_back_as_fieldsets():
    form = form_class(DOCUMENT, name="VoorbeeldForm")()
    grouped = bound_sections(form, DOCUMENT)
    assert [(section.key, [field.name for field in fields]) for section, fields in grouped] == [
        ("persoon", [f.key for f in PERSON.fields]),
        ("ondertekening", ["ondertekend_door"]),
    ]


# --- validation -------------------------------------------------------------------------------------


def test_clean_keeps_known_filled_values_in_their_stored_shape():
    cleaned = clean(
        DOCUMENT,
        {
            "naam": "  Jan  ",
            "toelichting": "",
            "datum": datetime.date(2026, 3, 1),
            "huisdieren": "ja",
            "soort": "kat",
            "wonen": 7,
            "reden": None,
            "ondertekend_door": "   ",
        },
    )
    assert cleaned == {
        "naam": "Jan",
        "datum": "2026-03-01",
        "huisdieren": "ja",
        "soort": ["kat"],
        "wonen": "7",
    }
    assert clean(DOCUMENT, {"datum": "2026-03-01", "soort": ["hond", "vis"]}) == {
        "datum": "2026-03-01",
        "soort": ["hond", "vis"],
    }


def test_clean_names_every_bad_field_at_once():
    with translation.override("nl"):
        errors = _errors(
            DOCUMENT,
            {
                "kleur": "rood",
                "naam": "x" * 301,
                "datum": "morgen",
                "huisdieren": "misschien",
                "soort": ["hond", "paard"],
                "toelichting": {"tekst": "geneste waarde"},
                "reden": True,
            },
        )
    assert errors == {
        "kleur": ["Onbekend veld."],
        "naam": ["Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301)."],
        "datum": ["Voer een geldige datum in."],
        "huisdieren": ["Kies een van de mogelijke waarden: ja, nee."],
        "soort": ["Kies een van de mogelijke waarden: hond, kat, vis."],
        "toelichting": ["Verwacht tekst."],
        "reden": ["Verwacht tekst."],
    }


def test_clean_gives_the_form_s_own_messages():
    bad = {"naam": "x" * 301, "datum": "31-02-2026", "huisdieren": "misschien", "soort": ["paard"]}
    form = form_class(PERSON, name="PersoonForm")(bad)
    assert not form.is_valid()
    assert _errors(PERSON, bad) == form.errors


def test_clean_answers_in_the_active_language():
    with translation.override("en"):
        errors = _errors(PERSON, {"onbekend": "x", "datum": "morgen", "naam": ["Jan"]})
    assert errors == {
        "onbekend": ["Unknown field."],
        "naam": ["Expected text."],
        "datum": ["Enter a valid date."],
    }


def test_clean_lets_an_incomplete_draft_through():
    assert clean(DOCUMENT, {}) == {}
    assert clean(PERSON, {"huisdieren": "ja"}) == {"huisdieren": "ja"}


def test_completeness_names_required_fields_then_conditional_ones():
    with translation.override("nl"):
        assert completeness_errors(DOCUMENT, {}) == {
            "naam": "Dit veld is verplicht bij indienen.",
            "huisdieren": "Dit veld is verplicht bij indienen.",
        }
        missing = completeness_errors(PERSON, {"naam": "Jan", "huisdieren": "ja", "wonen": "8"})
    assert missing == {
        "soort": "Verplicht omdat bij ‘Huisdieren’ ‘Ja’ is gekozen.",
        "reden": "Verplicht omdat bij ‘Woonsituatie’ ‘Situatie 8’ is gekozen.",
    }, "each names the answer that made it required"
    assert completeness_errors(PERSON, {"naam": "Jan", "huisdieren": "nee", "wonen": "6"}) == {}
    complete = {"naam": "Jan", "huisdieren": "ja", "soort": ["kat"], "wonen": "7", "reden": "Sloop"}
    assert completeness_errors(PERSON, complete) == {}


def test_a_rule_says_which_fields_its_answer_needs():
    rule = required_when("wonen", ("7", "8"), "reden")
    assert rule.missing({"wonen": "7"}) == ["reden"]
    assert rule.missing({"wonen": "7", "reden": "Sloop"}) == []
    assert rule.missing({"wonen": "1"}) == []


def test_the_reason_for_a_conditional_requirement_speaks_the_active_language():
    fields = {
        "wonen": choice("wonen", "Woonsituatie", (("7", _("Dakloos met briefadres")), ("9", _("Anders")))),
        "reden": line("reden", "Reden"),
    }
    rule = required_when("wonen", ("7", "9"), "reden")
    with translation.override("nl"):
        assert rule.errors({"wonen": "9"}, fields) == {
            "reden": "Verplicht omdat bij ‘Woonsituatie’ ‘Anders’ is gekozen."
        }
        assert (
            rule.note(fields)
            == "verplicht bij antwoord ‘Dakloos met briefadres’ of ‘Anders’ op ‘Woonsituatie’"
        )
    with translation.override("en"):
        english = rule.errors({"wonen": "9"}, fields)["reden"]
    assert "‘Other’" in english, "the answer is named in the language of the page or the API request"


def test_only_fields_not_required_anyway_are_conditional():
    section = Section(
        "s",
        "S",
        (choice("a", "A", YES_NO), line("b", "B"), line("c", "C", required=True), line("d", "D")),
        rules=(required_when("a", "ja", "b", "c"), required_when("a", "nee", "b")),
    )
    assert conditional_rules(section) == {"b": section.rules}


# --- the API field -------------------------------------------------------------------------------------


class _Request(serializers.Serializer):
    data = DocumentDataField(schema=lambda context: {"persoon": PERSON}[context["section"]])


def test_the_api_field_nests_the_validator_s_errors_under_its_name():
    with translation.override("nl"):
        request = _Request(
            data={"data": {"kleur": "rood", "huisdieren": "misschien"}}, context={"section": "persoon"}
        )
        assert not request.is_valid()
    assert request.errors == {
        "data": {
            "kleur": ["Onbekend veld."],
            "huisdieren": ["Kies een van de mogelijke waarden: ja, nee."],
        }
    }


def test_the_api_field_passes_the_document_on_as_sent():
    request = _Request(data={"data": {"naam": "Jan ", "toelichting": ""}}, context={"section": "persoon"})
    assert request.is_valid(), request.errors
    assert request.validated_data["data"] == {"naam": "Jan ", "toelichting": ""}, "empty still clears"
