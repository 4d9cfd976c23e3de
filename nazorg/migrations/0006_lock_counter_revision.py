from django.db import migrations


class Migration(migrations.Migration):
    """The optimistic-lock counter is ``revision`` on every model, as on the nazorg documents."""

    dependencies = [
        ("nazorg", "0005_delete_organisationtoken"),
    ]

    operations = [
        migrations.RenameField(model_name="detentionepisode", old_name="version", new_name="revision"),
        migrations.RenameField(
            model_name="historicaldetentionepisode", old_name="version", new_name="revision"
        ),
    ]
