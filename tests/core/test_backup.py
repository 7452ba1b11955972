"""``fremdrift backup`` and ``fremdrift restore``: all data and history, any database."""

from __future__ import annotations

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
