"""The prison systems' organisation keys move to privacy's one API key table. They were hashed already, with
the same scheme (SHA-256 of the key, hex, with the key's first 8 characters in clear), so hash and prefix are
copied as they are and every key keeps working. They expire API_TOKEN_DAYS_ORGANISATION days after this
migration ran."""

import datetime

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def move_keys(apps, schema_editor):
    OrganisationToken = apps.get_model("nazorg", "OrganisationToken")
    ApiToken = apps.get_model("privacy", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS_ORGANISATION)
    ApiToken.objects.bulk_create(
        ApiToken(
            organisation_id=old.organisation_id,
            service_user_id=old.service_user_id,
            name=old.name,
            prefix=old.prefix,
            key_hash=old.key_hash,
            created_at=old.created_at,
            revoked_at=old.revoked_at,
            expires_at=expires_at,
        )
        for old in OrganisationToken.objects.order_by("pk")
    )


def move_back(apps, schema_editor):
    OrganisationToken = apps.get_model("nazorg", "OrganisationToken")
    ApiToken = apps.get_model("privacy", "ApiToken")
    keys = ApiToken.objects.filter(organisation__isnull=False).order_by("pk")
    OrganisationToken.objects.bulk_create(
        OrganisationToken(
            organisation_id=key.organisation_id,
            service_user_id=key.service_user_id,
            name=key.name,
            prefix=key.prefix,
            key_hash=key.key_hash,
            revoked_at=key.revoked_at,
        )
        for key in keys
    )
    keys.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("nazorg", "0003_inbox_indexes"),
        ("privacy", "0004_api_token"),
    ]

    operations = [
        migrations.RunPython(move_keys, move_back),
    ]
