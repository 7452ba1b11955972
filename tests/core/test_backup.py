"""``fremdrift backup`` and ``fremdrift restore``: all data and history, any database."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.core import actions as core_actions
from fremdrift.core import tokens
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import ApiToken, AuditEvent, OrgUnit
from fremdrift.interchange.export import dumps, plan_document
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import InitiativeVersion, Plan, StatusUpdate

pytestmark = pytest.mark.django_db(transaction=True)


def _exports() -> dict[str, str]:
    return {plan.slug: dumps(plan_document(plan), "json") for plan in Plan.objects.all()}


def _history_counts() -> dict[str, int]:
    return {
        "audit": AuditEvent.objects.count(),
        "status": StatusUpdate.objects.count(),
        "versions": InitiativeVersion.objects.count(),
        "units": OrgUnit.objects.count(),
    }


def test_restoring_the_demo_into_an_empty_database_gives_identical_exports(tmp_path, capsys):
    from fremdrift.demo import loader

    loader.load_all()
    _token, secret = core_actions.create_api_token(
        get_user_model().objects.get(username="koordinator"), by="t", name="backup"
    )
    before, counts = _exports(), _history_counts()
    assert len(before) == 3
    backup = tmp_path / "fremdrift.zip"
    call_command("backup", str(backup))
    last_event = AuditEvent.objects.order_by("-id").first()
    assert last_event.action == AuditAction.EXPORTED
    call_command("flush", interactive=False, verbosity=0)
    assert Plan.objects.count() == 0
    capsys.readouterr()

    call_command("restore", str(backup))

    assert _exports() == before
    after = _history_counts()
    assert after["status"] == counts["status"]
    assert after["versions"] == counts["versions"]
    assert after["audit"] == counts["audit"] + 1  # the restore is recorded too
    assert "portfolio.statusupdate" in capsys.readouterr().err
    user = authenticate(username="koordinator", password="demo")
    assert user is not None
    assert ApiToken.objects.get(user=user).digest == tokens.digest_of(secret)


def test_new_rows_after_a_restore_get_fresh_ids(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)
    created = actions.create_plan(by="t", slug="efter", title="Efter gendannelsen")
    assert created.pk > plan.pk
    assert AuditEvent.objects.filter(object_type="portfolio.plan", object_id=str(created.pk))


def test_restore_refuses_a_database_that_holds_data(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    actions.create_plan(by="t", slug="ny", title="Ny plan")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), verbosity=0)
    assert Plan.objects.filter(slug="ny").exists()


def test_force_replaces_everything_with_the_backup(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    actions.create_plan(by="t", slug="ny", title="Ny plan")
    call_command("restore", str(backup), "--force", verbosity=0)
    assert sorted(Plan.objects.values_list("slug", flat=True)) == ["vinter"]


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if "portfolio.plan" in item.filename:
                data = data.replace(b"Vinterplan", b"Sommerplan")
            target.writestr(item, data)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), verbosity=0)
    assert Plan.objects.count() == 0


def test_the_backup_is_a_zip_of_json_lines_with_a_manifest(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        labels = [entry["model"] for entry in manifest["models"]]
        assert manifest["format"] == "fremdrift-backup/1"
        assert labels.index("core.orgunit") < labels.index("portfolio.initiative")
        assert labels.index("portfolio.initiative") < labels.index("portfolio.statusupdate")
        assert "auth.permission" not in labels
        entry = next(e for e in manifest["models"] if e["model"] == "portfolio.plan")
        rows = archive.read(entry["file"]).decode().splitlines()
        assert entry["rows"] == len(rows) == 1
        assert json.loads(rows[0])["fields"]["slug"] == "vinter"


def test_a_file_that_is_not_a_backup_is_a_clear_error(tmp_path, db):
    wrong = tmp_path / "wrong.zip"
    wrong.write_text("hello")
    with pytest.raises(CommandError, match="cannot open the backup"):
        call_command("restore", str(wrong), verbosity=0)


# A real database failure when the restore's own audit event is written (say, the audit
# table is full or its permissions are wrong): a trigger refuses that one insert.
FAIL_RESTORED_EVENT = {
    "sqlite": [
        "CREATE TRIGGER test_no_restored_event BEFORE INSERT ON core_auditevent "
        "WHEN NEW.action = 'restored' BEGIN SELECT RAISE(ABORT, 'audit trail unavailable'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION test_no_restored_event() RETURNS trigger AS $$ BEGIN "
        "IF NEW.action = 'restored' THEN RAISE EXCEPTION 'audit trail unavailable'; END IF; "
        "RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER test_no_restored_event BEFORE INSERT ON core_auditevent "
        "FOR EACH ROW EXECUTE FUNCTION test_no_restored_event()",
    ],
}
ALLOW_RESTORED_EVENT = {
    "sqlite": ["DROP TRIGGER test_no_restored_event"],
    "postgresql": [
        "DROP TRIGGER test_no_restored_event ON core_auditevent",
        "DROP FUNCTION test_no_restored_event()",
    ],
}


def _execute(statements: dict[str, list[str]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)


def test_a_restore_whose_audit_event_cannot_be_written_keeps_nothing(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    _execute(FAIL_RESTORED_EVENT)
    try:
        with pytest.raises(CommandError, match="nothing was kept") as failed:
            call_command("restore", str(backup), verbosity=0)
    finally:
        _execute(ALLOW_RESTORED_EVENT)
    assert "\n" not in str(failed.value)
    assert Plan.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.RESTORED).exists()


def test_a_successful_restore_always_records_its_event_as_the_last_one(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    call_command("restore", str(backup), "--force", verbosity=0)
    restored = AuditEvent.objects.filter(action=AuditAction.RESTORED)
    assert restored.count() == 1
    event = restored.get()
    assert event.pk == AuditEvent.objects.order_by("-pk").first().pk
    assert (event.channel, event.object_type, event.note) == ("cli", "backup", "--force")
    assert event.after["rows"] > 0


def test_a_backup_with_the_old_plain_text_tokens_restores_without_them(tmp_path, plan):
    backup = tmp_path / "b.zip"
    call_command("backup", str(backup), verbosity=0)
    old = tmp_path / "old.zip"
    line = b'{"fields": {"created": "2026-01-01T10:00:00Z", "user": 1}, "model": "authtoken.token", "pk": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}\n'  # noqa: E501
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(old, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        for item in source.infolist():
            if item.filename != "manifest.json":
                target.writestr(item, source.read(item))
        target.writestr("data/0000-authtoken.token.jsonl", line)
        manifest["models"].insert(
            0,
            {
                "model": "authtoken.token",
                "file": "data/0000-authtoken.token.jsonl",
                "rows": 1,
                "sha256": hashlib.sha256(line).hexdigest(),
            },
        )
        manifest["migrations"].append(["authtoken", "0004_alter_tokenproxy_options"])
        target.writestr("manifest.json", json.dumps(manifest))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(old), verbosity=0)
    assert Plan.objects.filter(slug="vinter").exists()
