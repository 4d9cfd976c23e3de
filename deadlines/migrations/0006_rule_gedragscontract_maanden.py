"""Deadline rule for the gedragscontract that ends after N months without police mutations (seed 000,
Gedragscontract art. 9 and 10): the end of the count is the anchor (the contract computes it and moves it
when a police mutation is registered), so the rule adds nothing to it; its reminder ("bijna verlopen")
comes two weeks before, the longest the scanner looks ahead."""

from django.db import migrations

RULE = {
    "code": "gedragscontract-maanden",
    "name": "Gedragscontract: einde van de maanden zonder politiemutaties (art. 9)",
    "amount": 0,
    "unit": "kalenderdagen",
    "direction": "na",
    "due_soon_days": 14,
    "source": "Seed 000, Gedragscontract art. 9 en 10: eindigt na N maanden zonder (politie)mutaties",
}


def add_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.update_or_create(
        code=RULE["code"], defaults={k: v for k, v in RULE.items() if k != "code"}
    )


def remove_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    Deadline = apps.get_model("deadlines", "Deadline")
    if not Deadline.objects.filter(rule__code=RULE["code"]).exists():
        DeadlineRule.objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0005_historical_deadline_subject_index")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
