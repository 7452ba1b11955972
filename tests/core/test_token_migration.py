"""The migration that hashes the plain-text tokens of ``rest_framework.authtoken``."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from fremdrift.core.models import ApiToken

pytestmark = pytest.mark.django_db
OLD_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
migration = importlib.import_module("fremdrift.core.migrations.0008_hash_existing_api_tokens")


def _Editor() -> SimpleNamespace:  # noqa: N802 - the migration only reads its connection
    return SimpleNamespace(connection=connection)


def _old_table_with(user_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [OLD_KEY, "2026-01-05 10:00:00+00:00", user_id],
        )


def test_an_old_key_keeps_working_hashed_and_the_plain_text_is_deleted(client, users, plan):
    _old_table_with(users["reader"].pk)
    migration.hash_existing_tokens(apps, _Editor())

    token = ApiToken.objects.get(user=users["reader"])
    assert token.prefix == OLD_KEY[:12] and OLD_KEY not in token.digest
    assert (token.expires_at - token.created_at).days > 90  # 90 days from the migration
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {OLD_KEY}")
    assert response.status_code == 200


def test_a_new_installation_has_no_old_table_and_nothing_happens(users):
    migration.hash_existing_tokens(apps, _Editor())
    assert not ApiToken.objects.exists()
