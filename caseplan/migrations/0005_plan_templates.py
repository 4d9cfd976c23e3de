"""The shipped plan templates (maatwerkplan, seed 000; MO trajectplan, seed 001), the goal suggestions of
Bijlage 1 and the 14-item menukaart voorwaardelijke sancties of Bijlage 2, as data."""

from django.db import migrations

MAATWERKPLAN = [
    (1, "Huisvesting & wonen", "leefgebied", ["Zelfstandig wonen", "Doorstromen", "Handhaven huidige huisvesting"]),
    (
        2,
        "Arbeid, dagbesteding & opleiding",
        "leefgebied",
        [
            "Vrijwilligerswerk",
            "Werken",
            "Activeringstraject",
            "Dagritme hebben",
            "Activiteiten buitenshuis ondernemen",
            "Opleiding/cursus volgen",
            "Professionele vaardigheden verbeteren",
        ],
    ),
    (
        3,
        "Inkomen, schulden & omgaan met geld",
        "leefgebied",
        [
            "Uitkering hebben",
            "Loon ontvangen",
            "Schulden aflossen/saneren",
            "Goed met geld omgaan",
            "Inzicht in financiën",
            "Zelfbeheer van geld",
        ],
    ),
    (
        4,
        "Sociale relaties",
        "leefgebied",
        [
            "Sociale relaties/netwerk bevorderen",
            "Sociale vaardigheden vergroten",
            "Omgang met instanties verbeteren",
            "Opvoedingsvaardigheden vergroten",
            "Maatschappelijk verantwoord gedrag vertonen",
        ],
    ),
    (
        5,
        "Drugs & alcohol",
        "leefgebied",
        [
            "Gebruik verminderen of stoppen",
            "Delictgedrag gerelateerd aan middelengebruik stoppen",
            "Motivatie om gebruik aan te pakken vergroten",
            "Overmatig alcoholgebruik aanpakken",
        ],
    ),
    (
        6,
        "Psychisch emotioneel welzijn",
        "leefgebied",
        [
            "Zelfkennis en inzicht vergroten",
            "Zelfvertrouwen en zelfwaardering verhogen",
            "Adequate behandeling verslaving",
            "Adequate behandeling psychische klachten",
            "Versterken van persoonlijke drijfveren",
            "Zingevende activiteiten uitvoeren",
        ],
    ),
    (
        7,
        "Denkwereld, gedrag & vaardigheden",
        "leefgebied",
        [
            "Sociale en interpersoonlijke vaardigheden vergroten",
            "Impulsiviteit verminderen",
            "Zelfbeheersing vergroten",
            "Probleembesef ontwikkelen",
            "Probleemhantering verbeteren",
            "Toekomstperspectief ontwikkelen",
            "Veranderingsgezindheid vergroten",
        ],
    ),
    (8, "Politie, Justitie & gemeente", "justitie", []),
]

MO_TRAJECTPLAN = [
    (1, "Wonen", "leefgebied", ["Zelfstandig wonen", "Doorstromen", "Handhaven huidige huisvesting"]),
    (2, "Zorg", "leefgebied", ["Adequate behandeling psychische klachten", "Adequate behandeling verslaving"]),
    (3, "Inkomen", "leefgebied", ["Uitkering hebben", "Schulden aflossen/saneren", "Inzicht in financiën"]),
    (4, "Dagbesteding", "leefgebied", ["Dagritme hebben", "Vrijwilligerswerk", "Werken"]),
]

SANCTIONS = [
    (1, "herstellend", "Vergoeding van de door het strafbare feit veroorzaakte schade",
     "Verplichting om de schade die de veroordeelde door zijn delict heeft aangericht te vergoeden."),
    (2, "herstellend", "Herstel van de door het strafbare feit veroorzaakte schade",
     "Verplichting om de onrechtmatige toestand die een veroordeelde door zijn delict heeft veroorzaakt weer "
     "terug te brengen in de staat voorafgaand aan het strafbare feit."),
    (3, "herstellend", "Storting van een geldbedrag in een slachtofferfonds",
     "Verplichting om een ‘vergoeding’ te betalen in die gevallen dat slachtoffers, bijvoorbeeld van "
     "zedenmisdrijven, geen behoefte hebben aan schadevergoeding."),
    (4, "vrijheidsbeperkend", "Contactverbod",
     "Het verbod om contact te (laten) leggen met bepaalde personen of instellingen."),
    (5, "vrijheidsbeperkend", "Locatieverbod",
     "Het tijdelijke verbod om zich, op bepaalde tijden, op één of meer locaties of gebieden te bevinden."),
    (6, "vrijheidsbeperkend", "Locatiegebod",
     "Het tijdelijke gebod om zich, op bepaalde tijden, op één of meerdere locaties te bevinden."),
    (7, "vrijheidsbeperkend", "Drugs- en alcoholverbod", "Het verbod om drugs of alcohol te gebruiken."),
    (8, "vrijheidsbeperkend", "Meldingsgebod",
     "Het gebod om zich op bepaalde tijden of gedurende bepaalde perioden te melden bij een persoon of instelling."),
    (9, "gedrag", "Gedragsinterventies",
     "Inzet van gedragsinterventies die de dynamische risicofactoren van de veroordeelde aanpakken."),
    (10, "zorg", "Behandeling in een inrichting",
     "De verplichting om zich voor een bepaalde stoornis te laten behandelen in een inrichting."),
    (11, "zorg", "Ambulante behandeling",
     "De verplichting om zich voor een bepaalde stoornis ambulant te laten behandelen."),
    (12, "zorg", "Opname in een (24-uurs)voorziening", "De verplichting om te verblijven in een (24-uurs)voorziening."),
    (13, "overig", "Andere voorwaarden het gedrag van de veroordeelde betreffende",
     "De verplichting om zich aan de aanwijzingen van de begeleidende instelling te houden; alleen op te leggen "
     "als in het bepaalde geval de andere bijzondere voorwaarden niet afdoende zijn."),
    (14, "overig", "Storting van een waarborgsom",
     "De verplichting een bedrag te storten om naleving van een andere voorwaarde te verzekeren."),
]


def seed(apps, schema_editor):
    PlanTemplate = apps.get_model("caseplan", "PlanTemplate")
    TemplateDomain = apps.get_model("caseplan", "TemplateDomain")
    SanctionOption = apps.get_model("caseplan", "SanctionOption")
    for code, name, description, domains in (
        ("maatwerkplan", "Maatwerkplan (Tien in Twente)", "Leidraad persoons- en omgevingsgerichte aanpak, 8 leefgebieden.", MAATWERKPLAN),
        ("mo-trajectplan", "Trajectplan maatschappelijke opvang", "Plan van Aanpak MO (G4): wonen, zorg, inkomen, dagbesteding.", MO_TRAJECTPLAN),
    ):
        template, _created = PlanTemplate.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        for number, domain_name, kind, suggestions in domains:
            TemplateDomain.objects.update_or_create(
                template=template,
                number=number,
                defaults={"name": domain_name, "kind": kind, "goal_suggestions": suggestions},
            )
    for number, group, name, description in SANCTIONS:
        SanctionOption.objects.update_or_create(
            number=number, defaults={"group": group, "name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("caseplan", "0004_maatwerkplan")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
