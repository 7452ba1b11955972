"""Importing unfamiliar layouts end to end: the command line and the web preview.

Drifted repeats are merged by the command line above the documented threshold and ticked in
advance in the web preview; a sheet that cannot be read stops the import on the command line
and is shown, with the rest of the file, in the web preview, which then cannot be applied.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio.models import Initiative, Plan

from . import builders as b

pytestmark = pytest.mark.django_db


def workbook_with_a_damaged_sheet() -> bytes:
    data = b.workbook_bytes(
        {
            "Personale": [["Indsats", "Status"], ["Introduktion af nye ansatte", "I gang"]],
            "Kommuner": [["Indsats", "Status"], ["Dataoverblik", "I gang"]],
        }
    )
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    truncated = sheet[: sheet.index(b"<sheetData>") + 40]
    return b.rezip(
        data, drop=["xl/worksheets/sheet2.xml"], add={"xl/worksheets/sheet2.xml": truncated}
    )


def run_import(path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_line_merges_drifted_repeats_above_the_threshold_and_says_so(tmp_path):
    path = tmp_path / "vinterplan.pptx"
    path.write_bytes(b.winter_deck())
    out, err = run_import(path, "--plan", "vinter-2021")
    merged = [line for line in err.splitlines() if "is taken to be the same initiative" in line]
    assert len(merged) == 3
    assert "similarity 100 %, at least 90 %" in merged[0]
    plan = Plan.objects.get(slug="vinter-2021")
    assert Initiative.objects.filter(plan=plan).count() == 17 - 3
    dialog = Initiative.objects.get(plan=plan, title__startswith="Dialog med PLO-Midtjylland")
    assert sorted(m.area.slug for m in dialog.memberships.all()) == [
        "hospitaler",
        "kommuner",
        "praktiserende-laeger",
    ]


def test_the_command_line_refuses_a_workbook_with_an_unreadable_sheet_and_writes_nothing(
    tmp_path,
):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_with_a_damaged_sheet())
    plans = Plan.objects.count()
    with pytest.raises(CommandError) as caught:
        run_import(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "sheet “Kommuner”" in message and "content is damaged" in message
    assert Plan.objects.count() == plans


def upload(client, content: bytes, name: str):
    return client.post(reverse("interchange:upload"), {"file": SimpleUploadedFile(name, content)})


def test_the_preview_shows_the_unreadable_sheet_and_the_rest_and_cannot_be_applied(client, users):
    client.force_login(users["admin"])
    response = upload(client, workbook_with_a_damaged_sheet(), "plan.xlsx")
    job = ImportJob.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert "Dele af filen kan ikke læses" in html  # Danish, as the user reads it
    assert "ark “Kommuner”" in html and "indholdet er beskadiget" in html
    assert "Introduktion af nye ansatte" in html  # the other sheet is previewed
    assert "Anvend importen" not in html
    plans = Plan.objects.count()
    refused = client.post(reverse("interchange:apply", args=[job.pk]))
    assert refused.status_code == 302 and refused["Location"] == response["Location"]
    assert Plan.objects.count() == plans


def test_the_preview_ticks_drifted_repeats_in_advance_and_leaves_the_doubtful_one(client, users):
    client.force_login(users["admin"])
    response = upload(client, b.winter_deck(), "vinterplan.pptx")
    html = client.get(response["Location"]).content.decode()
    boxes = [line for line in html.split("<input") if 'name="merge"' in line]
    assert len(boxes) == 4
    assert sum(1 for box in boxes if " checked" in box.split(">")[0]) == 3


def test_confirmed_pairs_that_chain_become_one_initiative():
    from fremdrift.interchange.webimport import merge_near_matches

    document = {
        "format": "fremdrift-plan/1",
        "plan": {"slug": "p", "title": "P"},
        "areas": [
            {"slug": "a", "title": "A", "initiatives": ["x"]},
            {"slug": "b", "title": "B", "initiatives": ["y"]},
            {"slug": "c", "title": "C", "initiatives": ["z"]},
        ],
        "initiatives": [
            {"ref": "x", "title": "X", "areas": ["a"]},
            {"ref": "y", "title": "X.", "areas": ["b"]},
            {"ref": "z", "title": "X!", "areas": ["c"]},
        ],
    }
    merged = merge_near_matches(document, [("x", "y"), ("y", "z")])
    assert [(i["ref"], i["areas"]) for i in merged["initiatives"]] == [("x", ["a", "b", "c"])]
    assert [a["initiatives"] for a in merged["areas"]] == [["x"], ["x"], ["x"]]
