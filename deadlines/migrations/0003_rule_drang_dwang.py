"""Deadline rule for the drang- en dwangcomponenten: when the client refuses to sign the gedragscontract,
the process manager starts them (seed 000: "Bij niet ondertekening door cliënt gaan automatisch de
drang- en dwangcomponenten in werking (regie procesmanager)")."""

from django.db import migrations

RULE = {
    "code": "drang-dwang",
    "name": "Drang- en dwangcomponenten inzetten na weigering gedragscontract",
    "amount": 5,
    "unit": "werkdagen",
    "direction": "na",
    "due_soon_days": 2,
    "source": "Seed 000: niet ondertekenen gedragscontract, regie procesmanager",
}


def add_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    code = RULE["code"]
    DeadlineRule.objects.update_or_create(code=code, defaults={k: v for k, v in RULE.items() if k != "code"})


def remove_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    Deadline = apps.get_model("deadlines", "Deadline")
    if not Deadline.objects.filter(rule__code=RULE["code"]).exists():
        DeadlineRule.objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_calendar_and_rules")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
