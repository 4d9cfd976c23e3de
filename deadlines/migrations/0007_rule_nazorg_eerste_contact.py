"""Deadline rule for the municipality's first contact with a released detainee (seed 003): income is to be
arranged with the municipality "in de eerste week na detentie" (L1629, L2182), and the risk of reoffending
is highest "in de eerste 72 uur na ontslag" (L107). The seed sets no 72-hour term for contact, so the
deadline is the first week, and its reminder ("bijna verlopen") comes four days before the end: three
days, 72 hours, after the release. A municipality that wants contact within 72 hours sets the amount to 3
in the admin: the rule is data."""

from django.db import migrations

RULE = {
    "code": "nazorg-eerste-contact",
    "name": "Eerste contact gemeente na ontslag (eerste week)",
    "amount": 7,
    "unit": "kalenderdagen",
    "direction": "na",
    "due_soon_days": 4,
    "source": "Seed 003 L1629 (afspraken in de eerste week na detentie), L107 (risico het grootst in de "
    "eerste 72 uur na ontslag)",
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
    dependencies = [("deadlines", "0006_rule_gedragscontract_maanden")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
