"""A soft line break (a vertical tab, as python-pptx gives PowerPoint's Shift+Enter) in a
status is a line break in the exports, and reading an export back changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.export import plan_document
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import StatusUpdate

pytestmark = pytest.mark.django_db

STATUS = "Første linje fra PowerPoint\x0bAnden linje"


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def soft_plan(plan):
    actions.record_status(plan.initiatives_by_key["hr"], by="t", seen_version=None, text=STATUS)
    return plan


def test_the_workbook_export_writes_a_newline(soft_plan, tmp_path):
    path = tmp_path / "eksport.xlsx"
    run("export", soft_plan.slug, "--format", "xlsx", "-o", str(path))
    values = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row]
    assert "Første linje fra PowerPoint\nAnden linje" in values
    assert not any("PowerPointAnden" in str(v) for v in values)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "yaml"])
def test_an_export_read_back_on_the_command_line_changes_nothing(soft_plan, tmp_path, fmt):
    path = tmp_path / f"eksport.{fmt}"
    run("export", soft_plan.slug, "--format", fmt, "-o", str(path))
    before = StatusUpdate.objects.count()
    output = run("import", str(path), "--plan", soft_plan.slug)
    assert "0 created, 0 updated" in output, output
    assert StatusUpdate.objects.count() == before


def test_a_workbook_export_read_back_on_the_web_changes_nothing(
    soft_plan, client, make_user, tmp_path
):
    path = tmp_path / "eksport.xlsx"
    run("export", soft_plan.slug, "--format", "xlsx", "-o", str(path))
    client.force_login(make_user("importer", superuser=True))
    response = client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), "plan_slug": soft_plan.slug},
    )
    assert response.status_code == 302
    preview = ImportJob.objects.latest("pk").preview
    assert not preview["created"] and not preview["updated"], preview


def test_a_new_initiative_from_a_document_stores_a_newline(soft_plan):
    document = json.loads(json.dumps(plan_document(soft_plan)))
    document["plan"]["slug"] = "ny-plan"
    apply_document(document, by="t")
    texts = set(
        StatusUpdate.objects.filter(initiative__plan__slug="ny-plan").values_list("text", flat=True)
    )
    assert "Første linje fra PowerPoint\nAnden linje" in texts
    assert not any("\x0b" in t for t in texts)
