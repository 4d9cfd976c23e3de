from django.db import migrations

PURPOSES = [
    (
        "pga",
        "Persoonsgerichte aanpak (casusoverleg PGA)",
        "Een gezamenlijke, persoonsgerichte aanpak van overlast en criminaliteit, zorg voor de cliënt en "
        "bescherming van slachtoffers.",
        "Convenant Zorg- en Veiligheidshuis art. 5; eigen wettelijke taak van elke partner",
    ),
    (
        "nazorg",
        "Nazorg ex-gedetineerden (justitieel casusoverleg)",
        "Voorbereiden en uitvoeren van nazorg bij terugkeer uit detentie: de vijf basisvoorwaarden.",
        "Samenwerkingsmodel Nazorg; Penitentiaire beginselenwet",
    ),
    (
        "zorg",
        "Zorg- en complexe casuïstiek (HCO)",
        "Afstemming van zorg en ondersteuning rond een kwetsbare cliënt.",
        "Wmo 2015; Wet verplichte ggz",
    ),
    (
        "huiselijk-geweld",
        "Huiselijk geweld en kindermishandeling",
        "Stoppen van huiselijk geweld, veiligheid van slachtoffers en kinderen.",
        "Wet tijdelijk huisverbod; Wmo 2015",
    ),
    (
        "co24",
        "CO24dak signalering",
        "Vroeg signaleren van een kantelmoment door meldingen van professionals, netwerk en buurt.",
        "Convenant 10 in Twente",
    ),
]


def add_purposes(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    for code, name, description, legal_ground in PURPOSES:
        Purpose.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "legal_ground": legal_ground}
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(add_purposes, migrations.RunPython.noop)]
