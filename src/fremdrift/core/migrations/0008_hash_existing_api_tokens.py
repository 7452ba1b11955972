"""Move the plain-text API tokens of ``rest_framework.authtoken`` into hashed ``ApiToken`` rows.

Each old key keeps working (its SHA-256 digest is stored, its first 12 characters are the
lookup prefix) until it expires ``FREMDRIFT_API_TOKEN_DAYS`` after this migration; then the
plain-text keys are deleted from the old table. The old table itself stays, empty: the
authtoken app is no longer installed, so nothing reads or writes it. A new installation
has no such table and this migration does nothing.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

OLD_TABLE = "authtoken_token"


def hash_existing_tokens(apps, schema_editor) -> None:  # noqa: ANN001
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("core", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    now = timezone.now()
    expires = now + dt.timedelta(days=getattr(settings, "FREMDRIFT_API_TOKEN_DAYS", 90))
    for key, user_id, created in rows:
        if isinstance(created, str):
            created = parse_datetime(created)
        if created is not None and timezone.is_naive(created):
            created = timezone.make_aware(created, dt.UTC)
        ApiToken.objects.create(
            user_id=user_id,
            name="Overført fra den tidligere tokenordning",
            prefix=key[:12],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            created_at=created or now,
            expires_at=expires,
        )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {OLD_TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("core", "0007_sso_identities_and_api_tokens")]

    operations = [migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop)]
