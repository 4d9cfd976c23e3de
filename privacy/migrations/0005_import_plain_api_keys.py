"""The keys of rest_framework.authtoken, stored in plain text, become hashed API keys; then authtoken's table
is dropped, so no plain key is left in the database.

authtoken is no longer installed, so its table is read with SQL when it is there (a database made before
this change); a new database has no such table and nothing to do. The keys keep working as they are: from
now on they are found by their hash, and they expire API_TOKEN_DAYS_USER days after this migration ran.
Going back does not bring the plain keys back: the hashed keys stay."""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "authtoken_token"
PREFIX_LENGTH = 8  # as privacy.services.PREFIX_LENGTH when this was written
NAME = "API-token (overgenomen)"


def import_plain_keys(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("privacy", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS_USER)
    table = schema_editor.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {table} ORDER BY created")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name=NAME,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            created_at=created,
            expires_at=expires_at,
        )
        for key, user_id, created in rows
    )
    schema_editor.execute(f"DROP TABLE {table}")
    # authtoken's migrations were applied to the table that is now gone: forget them, so that installing the
    # app again would create its table afresh.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0004_api_token"),
    ]

    operations = [
        migrations.RunPython(import_plain_keys, migrations.RunPython.noop),
    ]
