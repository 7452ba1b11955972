"""Uploaded import files are deleted after apply, discard or refusal, and when nobody confirms
them in time; their name, size and hash stay in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fremdrift.core.models import AuditEvent
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio.models import Plan

pytestmark = pytest.mark.django_db

MARKER = "kun-i-filen-7f3a"
DOC = (
    "# " + MARKER + "\n"
    "plan: {slug: ny-plan, title: Ny plan}\n"
    "areas: [{slug: a, title: Spor A, initiatives: [x]}]\n"
    "initiatives: [{ref: x, title: Indlagt i eget hjem}]\n"
).encode()


def upload(client, content: bytes = DOC, name: str = "ny.yaml") -> ImportJob:
    response = client.post(
        reverse("interchange:upload"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def audit_text() -> str:
    return json.dumps(
        [[e.object_repr, e.before, e.after, e.note] for e in AuditEvent.objects.all()],
        ensure_ascii=False,
    )


def facts(job: ImportJob) -> dict:
    return {"file": job.filename, "size": job.size, "sha256": job.sha256}


def test_applying_deletes_the_file_and_keeps_its_name_size_and_hash(client, users):
    client.force_login(users["admin"])
    job = upload(client)
    assert bytes(job.content) == DOC
    client.post(reverse("interchange:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "applied" and job.content is None and job.file_deleted_at
    assert facts(job) == {
        "file": "ny.yaml",
        "size": len(DOC),
        "sha256": hashlib.sha256(DOC).hexdigest(),
    }
    uploaded = AuditEvent.objects.get(action="uploaded")
    applied = AuditEvent.objects.get(action="upload_applied")
    for event in (uploaded, applied):
        assert event.object_type == "interchange.importjob" and event.object_id == str(job.pk)
        assert {k: event.after[k] for k in ("file", "size", "sha256")} == facts(job)
    assert applied.after["plan"] == "ny-plan"
    assert MARKER not in audit_text()


def test_discarding_deletes_the_file_and_is_audited(client, users):
    client.force_login(users["admin"])
    job = upload(client)
    client.post(reverse("interchange:discard", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "discarded" and job.content is None
    event = AuditEvent.objects.get(action="upload_discarded")
    assert {k: event.after[k] for k in ("file", "size", "sha256")} == facts(job)
    assert not Plan.objects.filter(slug="ny-plan").exists()


def test_a_refused_file_is_not_kept(client, users):
    client.force_login(users["admin"])
    job = upload(client, b"plan: [unclosed", "brudt.yaml")
    assert job.status == "failed" and job.content is None
    assert AuditEvent.objects.get(action="uploaded").after["status"] == "failed"


def _age(job: ImportJob, hours: float) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


def test_previews_nobody_confirmed_in_time_are_purged_once_and_audited(client, users, settings):
    from fremdrift.interchange.webimport import purge_stale_uploads

    settings.FREMDRIFT_UPLOAD_RETENTION_HOURS = 72
    client.force_login(users["admin"])
    old, fresh = upload(client), upload(client, name="ny2.yaml")
    _age(old, 73)
    _age(fresh, 71)
    assert purge_stale_uploads() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "expired" and old.content is None
    assert fresh.status == "preview" and bytes(fresh.content) == DOC
    event = AuditEvent.objects.get(action="upload_purged")
    assert event.object_id == str(old.pk) and event.after["sha256"] == old.sha256
    assert purge_stale_uploads() == 0
    later = timezone.now() + dt.timedelta(hours=2)
    assert purge_stale_uploads(older_than=dt.timedelta(hours=72), now=later) == 1


def test_applying_a_purged_preview_gives_a_clear_danish_message(client, users):
    from fremdrift.interchange.webimport import purge_stale_uploads

    client.force_login(users["admin"])
    job = upload(client)
    assert purge_stale_uploads(older_than=dt.timedelta(0)) == 1
    response = client.post(reverse("interchange:apply", args=[job.pk]), follow=True)
    html = response.content.decode()
    assert (
        "Den uploadede fil er slettet, fordi ingen bekræftede forhåndsvisningen inden for "
        "72 timer. Upload filen igen." in html
    )
    assert "Anvend importen" not in html
    assert not Plan.objects.filter(slug="ny-plan").exists()


def test_files_left_on_finished_imports_are_purged_too(users):
    from fremdrift.interchange.webimport import purge_stale_uploads

    old = ImportJob.objects.create(
        filename="gammel.yaml", sha256="0" * 64, size=3, content=b"abc", status="applied"
    )
    assert purge_stale_uploads() == 1
    old.refresh_from_db()
    assert old.content is None and old.status == "applied"


def test_the_purge_command_reports_how_many_files_it_deleted(client, users):
    client.force_login(users["admin"])
    upload(client)
    out = io.StringIO()
    call_command("purge-uploads", "--older-than", "0", stdout=out)
    assert out.getvalue().strip() == "1 uploadede fil(er) slettet."
    assert AuditEvent.objects.get(action="upload_purged").channel == "cli"
