"""The Algemene termijnenwet calendar 2000-2060 and the deadline rules of the seeds, as data."""

import datetime

from django.db import migrations

from deadlines.migrations._calendar_2000_2060 import CALENDAR

RULES = [
    # code, name, amount, unit, direction, due_soon_days, source
    ("maatwerkplan-opstellen", "Maatwerkplan opstellen na prioritering", 20, "werkdagen", "na", 5,
     "Seed 001 l.1329-1342: intake binnen 3 weken, plan binnen 1 week daarna"),
    ("plan-evaluatie", "Evaluatie maatwerkplan", 0, "kalenderdagen", "na", 10, "Seed 000: datum evaluatie"),
    ("nazorg-melding-pi", "Melding detentie door de PI aan de gemeente", 2, "werkdagen", "na", 1,
     "Seed 003 L596"),
    ("nazorg-screening", "Uitwisseling en volledige screening", 10, "werkdagen", "na", 3, "Seed 003 L600-608"),
    ("nazorg-gemeenteblad", "Gemeenteblad invullen", 5, "kalenderdagen", "na", 2, "Seed 003 L932-938"),
    ("nazorg-basisdocument", "Volledig basisdocument naar de gemeente", 10, "werkdagen", "na", 3,
     "Seed 003 L940"),
    ("nazorg-langverblijf", "Actuele informatie langverblijvende vóór ontslag", 56, "kalenderdagen", "voor", 14,
     "Seed 003 L616, L1694"),
    ("nazorg-ontslagbericht", "Ontslagbericht op de dag van ontslag", 0, "kalenderdagen", "na", 1,
     "Seed 003 L620, L2309"),
    ("avg-inzage", "Verzoek om inzage beantwoorden", 28, "kalenderdagen", "na", 7, "Model privacyconvenant: 4 weken"),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("deadlines", "Holiday")
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    Holiday.objects.bulk_create(
        [Holiday(date=datetime.date.fromisoformat(day), name=name, source=source) for day, name, source in CALENDAR],
        ignore_conflicts=True,
    )
    for code, name, amount, unit, direction, due_soon, source in RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "amount": amount,
                "unit": unit,
                "direction": direction,
                "due_soon_days": due_soon,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
