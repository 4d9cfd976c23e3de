from django.db import migrations


class Migration(migrations.Migration):
    """The optimistic-lock counter is ``revision`` on every model; ``version`` names the plan version."""

    dependencies = [
        ("caseplan", "0008_client_bsn_not_unique"),
    ]

    operations = [
        migrations.RenameField(model_name="client", old_name="version", new_name="revision"),
        migrations.RenameField(model_name="historicalclient", old_name="version", new_name="revision"),
        migrations.RenameField(model_name="case", old_name="version", new_name="revision"),
        migrations.RenameField(model_name="historicalcase", old_name="version", new_name="revision"),
    ]
