"""The default retention rules, from the seeds: the model privacy covenant art. 9 (seed 003, L3486-3512: destroyed
five years after the person was last discussed in the Overleg; longer only for statistics or science, decided
by the controller before the term ends) and instrument 3 of the MO plan (seed 001, L1805-1826: deleted when the
source record is deleted, at most five years after the last contact).

Shorter terms follow art. 9.1 ("niet langer dan noodzakelijk"). ``max_term_*`` is the kind's cap: a functional
administrator cannot set a longer term in the admin; a single item is kept longer only by an extension."""

from django.db import migrations

COVENANT = "Model privacyconvenant art. 9.1; AVG art. 5 lid 1 onder e"
NECESSARY = "Model privacyconvenant art. 9.1 (niet langer dan noodzakelijk); AVG art. 5 lid 1 onder e"

RULES = [
    {
        "code": "case_dossier",
        "name": "Casusdossier (cliënt met al zijn casussen)",
        "term_amount": 5,
        "term_unit": "jaren",
        "counts_from": "last_discussed",
        "legal_ground": COVENANT + "; Plan van aanpak MO, instrument 3, art. 9.3",
        "record_text": (
            "Cliëntdossiers vernietigd vijf jaar nadat de cliënt voor het laatst in het casusoverleg is "
            "besproken (of, als de casus niet is besproken, na afsluiting van de laatste casus): casussen, "
            "plannen en versies, gedragscontracten met ondertekende scans en pdf's, agendapunten en "
            "verslagen, nazorgdetenties, CO24-journaal, termijnen en meldingen, met hun historie."
        ),
        "second_review_required": True,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
    {
        "code": "co24_journal",
        "name": "CO24dak-journaal van een casus",
        "term_amount": 2,
        "term_unit": "jaren",
        "counts_from": "case_closed",
        "legal_ground": NECESSARY + "; identiteit van derden (melders)",
        "record_text": (
            "CO24dak-journaals vernietigd twee jaar na afsluiting van de casus: signalen en antwoorden, "
            "melders (ook buren en familieleden), kantelmomenten, checklists, aanmelding en exports."
        ),
        "second_review_required": False,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
    {
        "code": "nazorg_episode",
        "name": "Nazorgdetentie die niet in een casus is overgenomen",
        "term_amount": 2,
        "term_unit": "jaren",
        "counts_from": "release_date",
        "legal_ground": NECESSARY,
        "record_text": (
            "Nazorgdetenties die nooit in een casus zijn overgenomen, vernietigd twee jaar na ontslag uit "
            "detentie: documenten, toestemmingen met scans, verstrekkingen, overdrachten, wijzigingen van "
            "de einddatum en termijnen."
        ),
        "second_review_required": False,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
    {
        "code": "notifications",
        "name": "Meldingen (inbox en e-mail)",
        "term_amount": 1,
        "term_unit": "jaren",
        "counts_from": "created",
        "legal_ground": NECESSARY,
        "record_text": "Meldingen aan gebruikers vernietigd een jaar na aanmaak, per kalendermaand.",
        "second_review_required": False,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
    {
        "code": "access_log",
        "name": "Inzagelog",
        "term_amount": 5,
        "term_unit": "jaren",
        "counts_from": "created",
        "legal_ground": "NEN 7513; " + COVENANT,
        "record_text": (
            "Regels van het inzagelog (alleen kenmerken, geen inhoud) vernietigd vijf jaar na de inzage, "
            "per kalendermaand."
        ),
        "second_review_required": False,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
    {
        "code": "idempotency",
        "name": "Idempotentiesleutels van de API voor penitentiaire inrichtingen",
        "term_amount": 30,
        "term_unit": "dagen",
        "counts_from": "created",
        "legal_ground": NECESSARY,
        "record_text": "Technische idempotentiesleutels van de API vernietigd dertig dagen na aanmaak, per dag.",
        "second_review_required": False,
        "max_term_amount": 1,
        "max_term_unit": "jaren",
    },
    {
        "code": "generated_files",
        "name": "Gegenereerde bestanden (opnieuw te maken)",
        "term_amount": 90,
        "term_unit": "dagen",
        "counts_from": "created",
        "legal_ground": NECESSARY,
        "record_text": (
            "Gegenereerde pdf's van plannen die opnieuw te maken zijn, vernietigd negentig dagen na aanmaak, "
            "per kalendermaand."
        ),
        "second_review_required": False,
        "max_term_amount": 5,
        "max_term_unit": "jaren",
    },
]


def create_rules(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for rule in RULES:
        RetentionRule.objects.update_or_create(code=rule["code"], defaults={**rule, "kind": rule["code"]})


def remove_rules(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(code__in=[r["code"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0008_retention")]

    operations = [migrations.RunPython(create_rules, remove_rules)]
