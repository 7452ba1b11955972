"""A database-level guard for the audit trail on PostgreSQL: rows cannot be changed or
deleted, not even with SQL. The one change allowed is the one Django makes when a user is
deleted: ``actor`` set to NULL (``actor_name`` keeps who it was).

``TRUNCATE`` is not a row operation, so ``flush`` (tests) and ``restore --force`` still work.
SQLite gets no trigger: its ``flush`` deletes rows, which a trigger would block; there the
model and queryset refuse changes (see docs/security.md).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION fremdrift_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_name, NEW.channel, NEW.action, NEW.object_type,
            NEW.object_id, NEW.object_repr, NEW.before, NEW.after, NEW.note)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_name, OLD.channel, OLD.action, OLD.object_type,
            OLD.object_id, OLD.object_repr, OLD.before, OLD.after, OLD.note) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'Audit events cannot be changed or deleted (' || TG_OP || ')',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION fremdrift_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS fremdrift_auditevent_append_only();
"""


def _on_postgresql(sql: str):  # noqa: ANN202
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
