"""Indicator runs through the web: upload → validated → published, refusals, privacy."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from fremdrift.core.models import AuditEvent
from fremdrift.indicators import actions, runs
from fremdrift.indicators.choices import RunStatus
from fremdrift.indicators.engine import IndicatorParams
from fremdrift.indicators.models import IndicatorRun, IndicatorValue

pytestmark = pytest.mark.django_db


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def _post_run(client, files: dict[str, Path], **extra):
    data = {
        "contacts_file": _upload(files["contacts"]),
        "fb_file": _upload(files["fb_periods"]),
        "as_of": "2022-03-01T00:00",
        "link_gap_hours": "4",
        "admission_min_hours": "12",
        "acute_rule": "first_contact",
        "windows": "somatik:30;psykiatri:7,30",
        **extra,
    }
    return client.post(reverse("indicators:run-create"), data, HTTP_ACCEPT_LANGUAGE="da")


def test_an_uploaded_extract_is_validated_then_published_and_shown(client, users, input_files):
    client.force_login(users["analyst"])
    response = _post_run(client, input_files)
    run = IndicatorRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.VALIDATED
    assert run.validation["contacts"]["rows_read"] == 8
    assert run.rows_written == IndicatorValue.objects.filter(run=run).count() > 0
    names = {f["role"]: f for f in run.files}
    digest = hashlib.sha256(input_files["contacts"].read_bytes()).hexdigest()
    assert names["contacts"] == {
        "role": "contacts",
        "name": "kontakter.csv",
        "sha256": digest,
        "size": input_files["contacts"].stat().st_size,
        "rows": 8,
    }

    page = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Valideringsrapport" in page or "Validation report" in page
    assert "kontakter.csv" in page and digest in page

    dashboard = client.get(reverse("indicators:dashboard"))
    assert "board" in dashboard.context and dashboard.context["board"] is None

    client.post(reverse("indicators:run-publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert run.published_by == users["analyst"]
    dashboard = client.get(reverse("indicators:dashboard"))
    assert dashboard.context["board"].selection.run == run


def test_the_audit_trail_has_file_names_hashes_and_row_counts_but_no_content(
    client, users, input_files
):
    client.force_login(users["analyst"])
    _post_run(client, input_files)
    run = IndicatorRun.objects.get()
    events = AuditEvent.objects.filter(object_type="indicators.indicatorrun", object_id=str(run.pk))
    assert events.count() == 2
    text = " ".join(str(e.after) for e in events)
    assert "kontakter.csv" in text
    assert hashlib.sha256(input_files["contacts"].read_bytes()).hexdigest() in text
    assert "'rows': 8" in text
    assert "p1" not in text and "2022-01-03T08:00" not in text


def test_a_missing_column_is_refused_with_its_name_and_nothing_but_the_failure_is_stored(
    client, users, input_files
):
    broken = input_files["contacts"].with_name("uden_prioritet.csv")
    lines = input_files["contacts"].read_text().splitlines()
    without_priority = [
        ",".join(c for i, c in enumerate(line.split(",")) if i != 5) for line in lines
    ]
    broken.write_text("\n".join(without_priority) + "\n")
    client.force_login(users["analyst"])
    _post_run(client, {**input_files, "contacts": broken})
    run = IndicatorRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "uden_prioritet.csv" in run.error and "priority" in run.error
    assert str(input_files["contacts"].parent) not in run.error
    assert run.validation is None
    assert not IndicatorValue.objects.exists()
    page = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "priority" in page and "uden_prioritet.csv" in page
    assert 'role="alert"' in page
    response = client.post(reverse("indicators:run-publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert response.status_code == 302


def test_only_a_validated_run_can_be_published(make_run, users):
    from django.core.exceptions import ValidationError

    run = make_run([], publish=True)
    with pytest.raises(ValidationError):
        actions.publish_run(run, by=users["admin"])


def test_files_on_the_server_are_read_where_they_lie(client, users, input_files, settings):
    inbox = Path(settings.FREMDRIFT_INDICATOR_INBOX)
    inbox.mkdir(parents=True)
    for path in input_files.values():
        (inbox / path.name).write_bytes(path.read_bytes())
    client.force_login(users["analyst"])
    data = {
        "contacts_inbox": "kontakter.csv",
        "fb_inbox": "fb.csv",
        "as_of": "2022-03-01T00:00",
        "link_gap_hours": "4",
        "admission_min_hours": "12",
        "acute_rule": "first_contact",
        "windows": "somatik:30;psykiatri:7,30",
    }
    client.post(reverse("indicators:run-create"), data)
    run = IndicatorRun.objects.get()
    assert run.status == RunStatus.VALIDATED
    assert (inbox / "kontakter.csv").exists()  # left where it lies


def test_a_path_outside_the_inbox_is_refused(settings, tmp_path):
    from django.core.exceptions import ValidationError

    Path(settings.FREMDRIFT_INDICATOR_INBOX).mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("x\n")
    with pytest.raises(ValidationError):
        runs.inbox_file("contacts", "../secret.csv")


def test_the_temporary_upload_folder_is_removed_after_the_run(
    client, users, input_files, monkeypatch
):
    made: list[Path] = []
    original = runs.upload_folder

    def tracking() -> Path:
        folder = original()
        made.append(folder)
        return folder

    monkeypatch.setattr(runs, "upload_folder", tracking)
    client.force_login(users["analyst"])
    _post_run(client, input_files)
    assert made and not any(folder.exists() for folder in made)


def test_bad_settings_are_refused_in_danish(client, users, input_files):
    client.force_login(users["analyst"])
    response = _post_run(client, input_files, windows="somatik:x")
    assert response.status_code == 200
    assert "Skriv vinduerne som fx" in response.content.decode()  # on the windows field
    assert not IndicatorRun.objects.exists()


def test_a_queued_run_is_a_job_that_ends_validated_with_its_progress_full(users, input_files):
    params = IndicatorParams()
    contacts = runs.InputFile("contacts", input_files["contacts"], "kontakter.csv")
    periods = runs.InputFile("fb_periods", input_files["fb_periods"], "fb.csv")
    run, job = runs.enqueue_run(
        by=users["admin"],
        contacts=contacts,
        fb_periods=periods,
        as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC),
        params=params,
    )
    job.refresh_from_db()
    assert run.status == RunStatus.VALIDATED
    assert run.progress_fraction == 1.0
    assert (job.kind, job.state, job.progress) == ("indicator_run", "done", 1.0)
    assert job.result == {"run": run.pk, "status": "validated", "rows": run.rows_written}
    assert runs.job_of(run) == job


def test_the_progress_fragment_polls_while_running_and_refreshes_when_done(client, users, make_run):
    run = actions.create_run(
        by="t",
        as_of=__import__("datetime").datetime(2022, 3, 1, tzinfo=__import__("datetime").UTC),
        params={},
        files=[],
    )
    actions.report_progress(run.pk, "stays", 0.42)
    client.force_login(users["analyst"])
    html = client.get(reverse("indicators:run-progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="fremdrift-poll"' in html and "data-poll" in html and 'value="42"' in html
    actions.fail_run(run.pk, by="t", error="stop")
    response = client.get(reverse("indicators:run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "data-poll" not in response.content.decode()


def test_no_contact_rows_are_stored_in_the_database(client, users, input_files):
    client.force_login(users["analyst"])
    _post_run(client, input_files)
    tables = connection.introspection.table_names()
    mine = [t for t in tables if t.startswith("indicators_")]
    assert sorted(mine) == [
        "indicators_indicatorlink",
        "indicators_indicatorrun",
        "indicators_indicatorvalue",
        "indicators_manualindicator",
        "indicators_manualvalue",
    ]
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "indicators_indicatorvalue"
        )
    }
    assert not columns & {"patient_id", "contact_id", "start_ts", "end_ts"}
    run = IndicatorRun.objects.get()
    for value in IndicatorValue.objects.filter(run=run):
        assert value.geo_level in {"region", "cluster", "municipality"}
    stored = (
        " ".join(str(v) for row in IndicatorValue.objects.values() for v in row.values())
        + str(run.files)
        + str(run.validation)
    )
    for patient in ("p1", "p2", "p3"):
        assert f" {patient} " not in f" {stored} "
    assert "2022-01-03T08:00" not in stored


def test_runs_are_listed_for_analysts(client, users, make_run):
    make_run([], note="Januarudtræk")
    client.force_login(users["analyst"])
    html = client.get(reverse("indicators:run-list")).content.decode()
    assert "Januarudtræk" in html


def test_an_unexpected_error_keeps_no_data_values_in_the_run(
    client, users, input_files, monkeypatch
):
    def broken_engine(*args, **kwargs):
        raise RuntimeError("Conversion failed for patient_id 'P-0012345' in row 17")

    monkeypatch.setattr(runs, "run_engine", broken_engine)
    client.force_login(users["analyst"])
    _post_run(client, input_files)
    run = IndicatorRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "P-0012345" not in run.error and "RuntimeError" in run.error
