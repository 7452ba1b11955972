"""The Danish collation "da" on PostgreSQL (core/database.py): an ICU collation, so
PostgreSQL must be built with ICU (the PGDG and Debian packages are). Nothing on SQLite,
which gets its "da" on every connection instead."""

from typing import Any

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS \"da\" (provider = icu, locale = 'da-DK')"
DROP = 'DROP COLLATION IF EXISTS "da"'


def _on_postgresql(sql: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_field_names"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
