from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("nazorg", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS nazorg_episode_reference_seq",
            "DROP SEQUENCE IF EXISTS nazorg_episode_reference_seq",
        )
    ]
