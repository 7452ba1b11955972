"""The audit trail cannot be changed or deleted: not by the ORM, and on PostgreSQL not by SQL."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.utils import DatabaseError

from fremdrift.core import audit
from fremdrift.core.models import AuditEvent

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database-level guard is a PostgreSQL trigger (SQLite's flush deletes rows)",
)


def test_the_orm_refuses_to_change_or_delete_events(units):
    event = AuditEvent.objects.first()
    event.note = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@on_postgresql
def test_sql_cannot_change_an_event(units):
    event = AuditEvent.objects.first()
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET note = 'x' WHERE id = %s", [event.pk])


@on_postgresql
def test_sql_cannot_delete_an_event(units):
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.exists()


@on_postgresql
def test_deleting_a_user_still_works_and_keeps_the_actor_name(make_user):
    user = make_user("forsvinder")
    audit.record(user, "updated", object_type="x", object_id=1)
    get_user_model().objects.filter(pk=user.pk).delete()
    event = AuditEvent.objects.get(object_type="x")
    assert event.actor_id is None
    assert event.actor_name == "forsvinder"
