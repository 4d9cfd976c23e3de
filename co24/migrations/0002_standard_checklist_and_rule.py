"""The standard CO24dak checklist (seed 002: signals of escalation and protective factors) and the deadline
for answering a tipping-point alert."""

from django.db import migrations

RISK = [
    ("gedrag", "Gedragsverandering: anders dan anders (teruggetrokken, onrustig, verward)", False),
    ("gedrag", "Verwaarlozing van zichzelf of de woning", False),
    ("overlast", "Overlast voor buren of buurt (geluid, stank, vervuiling)", False),
    ("overlast", "Conflict of ruzie met buren", False),
    ("agressie", "Verbale agressie of bedreiging", True),
    ("agressie", "Fysieke agressie of vernieling", True),
    ("zorg", "Afspraak met hulpverlening gemist of deur niet opengedaan", False),
    ("zorg", "Medicatie niet ingenomen of gestopt", False),
    ("middelen", "Middelengebruik (alcohol, drugs) of vermoeden daarvan", False),
    ("veiligheid", "Uitingen over suïcide of zichzelf iets aandoen", True),
    ("financien", "Geldproblemen: huurachterstand, afsluiting, geen eten", False),
]
PROTECTIVE = [
    ("netwerk", "Contact met familie", False),
    ("netwerk", "Contact met buren of vrienden", False),
    ("zorg", "Zorg- of hulpverleningsafspraak nagekomen", False),
    ("zorg", "Medicatie ingenomen", False),
    ("dagritme", "Dagritme of dagbesteding aanwezig", False),
    ("wonen", "Zorgt voor zichzelf en de woning", False),
]


def add(apps, schema_editor):
    Template = apps.get_model("co24", "ChecklistTemplate")
    Item = apps.get_model("co24", "TemplateItem")
    template, _created = Template.objects.update_or_create(
        code="co24-standaard",
        defaults={
            "name": "CO24dak standaard",
            "description": "Signalen van escalatie en beschermende factoren (10 in Twente). Maak per cliënt op maat.",
        },
    )
    if not template.items.exists():
        order = 0
        for kind, rows in (("risico", RISK), ("beschermend", PROTECTIVE)):
            for category, text, red_flag in rows:
                order += 1
                Item.objects.create(
                    template=template, kind=kind, category=category, text=text, red_flag=red_flag, order=order
                )
    Rule = apps.get_model("deadlines", "DeadlineRule")
    Rule.objects.update_or_create(
        code="co24-kantelmoment",
        defaults={
            "name": "Reageren op een kantelmoment (CO24dak)",
            "amount": 1,
            "unit": "werkdagen",
            "direction": "na",
            "due_soon_days": 0,
            "second_step_after": 1,
            "third_step_after": 2,
            "source": "Seed 002: eerste kantelmoment zien en tegenmaatregelen nemen",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("co24", "0001_initial"), ("deadlines", "0002_calendar_and_rules")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
