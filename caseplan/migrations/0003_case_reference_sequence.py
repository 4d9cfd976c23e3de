from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("caseplan", "0002_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS caseplan_case_reference_seq START 1",
            "DROP SEQUENCE IF EXISTS caseplan_case_reference_seq",
        )
    ]
