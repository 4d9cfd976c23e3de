"""An index on the subject of historical deadlines: destroying a dossier (privacy retention, issue 14)
removes the history of the deadlines whose subject was in it, by subject type and id, one dossier at a time.
simple-history's historical model takes no Meta indexes, so the index is plain SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_deadline_deadline_subject_kind")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS historicaldeadline_subject "
            "ON deadlines_historicaldeadline (subject_type_id, subject_id)",
            "DROP INDEX IF EXISTS historicaldeadline_subject",
        )
    ]
