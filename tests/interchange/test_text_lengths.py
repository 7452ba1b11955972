"""Text longer than its field's ``max_length`` is refused by every importer, naming where it
stands, the field, the limit and the length; nothing is written, in a dry run or not."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fremdrift.core.models import AuditEvent, OrgUnit
from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.loader import load_bytes
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio.models import (
    TITLE_MAX_LENGTH,
    Area,
    AreaMembership,
    Initiative,
    Plan,
    StatusUpdate,
)
from tests.interchange.readers.builders import DeckBuilder, TableSpec, csv_bytes, workbook_bytes

pytestmark = pytest.mark.django_db

AREA_TITLE = Area._meta.get_field("title").max_length  # 300
THEME = Initiative._meta.get_field("theme").max_length  # 300
UNIT_NAME = OrgUnit._meta.get_field("name").max_length  # 200


def _counts() -> tuple[int, ...]:
    models = (Plan, Area, Initiative, AreaMembership, StatusUpdate, OrgUnit, AuditEvent)
    return tuple(m.objects.count() for m in models)


def _document(**changes: Any) -> dict[str, Any]:
    document = {
        "format": "fremdrift-plan/1",
        "plan": {"slug": "lang", "title": "Lang plan", "owner": "Koncern HR"},
        "areas": [{"slug": "spor-a", "title": "Spor A", "initiatives": ["x"]}],
        "initiatives": [
            {
                "ref": "x",
                "title": "Indlagt i eget hjem",
                "theme": "Samarbejde",
                "status": "I gang",
                "follow_up": {"lead": "Koncern HR", "common": ["Koncern HR"], "local": []},
            }
        ],
    }
    for path, value in changes.items():
        target: Any = document
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return document


def _import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(path: Path, *args: str) -> str:
    """The one-line error of ``fremdrift import``; it must have written nothing."""
    before = _counts()
    with pytest.raises(CommandError) as caught:
        _import(path, *args)
    assert _counts() == before
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- JSON and YAML: the key path ----------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_json_area_title_one_character_too_long_is_refused_naming_path_field_and_lengths(
    tmp_path, dry_run
):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_document(**{"areas.0.title": "z" * (AREA_TITLE + 1)})))
    message = _refused(path, *(["--dry-run"] if dry_run else []))
    assert message.startswith(f"{path}: areas[0].title: ")
    assert "områdets titel" in message
    assert f"er på {AREA_TITLE + 1} tegn; højst {AREA_TITLE} tegn er tilladt" in message
    assert not Plan.objects.filter(slug="lang").exists()


def test_a_json_area_title_of_exactly_the_limit_is_imported(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_document(**{"areas.0.title": "z" * AREA_TITLE})))
    _import(path)
    assert Area.objects.get(plan__slug="lang").title == "z" * AREA_TITLE


@pytest.mark.parametrize(
    ("change", "where", "field", "limit"),
    [
        ({"plan.title": "p" * 301}, "plan.title", "planens titel", 300),
        ({"plan.owner": "o" * 201}, "plan.owner", "planens ejer", 200),
        ({"plan.slug": "s" * 81}, "plan.slug", "planens kortnavn", 80),
        ({"areas.0.slug": "a" * 81}, "areas[0].slug", "områdets kortnavn", 80),
        ({"initiatives.0.theme": "t" * 301}, "initiatives[0].theme", "indsatsens tema", 300),
        (
            {"initiatives.0.short_title": "k" * 301},
            "initiatives[0].short_title",
            "indsatsens korte titel",
            300,
        ),
        (
            {"initiatives.0.area_themes": {"spor-a": "t" * 301}},
            "initiatives[0].area_themes.spor-a",
            "indsatsens tema i afsnittet",
            300,
        ),
        (
            {"initiatives.0.follow_up": {"lead": "u" * 201}},
            "initiatives[0].follow_up.lead",
            "enhedens navn",
            200,
        ),
        (
            {"initiatives.0.follow_up": {"local": ["Randers", "u" * 201]}},
            "initiatives[0].follow_up.local[1]",
            "enhedens navn",
            200,
        ),
        ({"units": [{"name": "u" * 201}]}, "units[0].name", "enhedens navn", 200),
        (
            {"units": [{"name": "Enhed", "short_name": "k" * 61}]},
            "units[0].short_name",
            "enhedens kortnavn",
            60,
        ),
    ],
)
def test_every_length_limited_key_of_a_yaml_document_is_checked(
    tmp_path, change, where, field, limit
):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(_document(**change), allow_unicode=True), encoding="utf-8")
    message = _refused(path)
    assert f": {where}: {field} “" in message
    assert f"er på {limit + 1} tegn; højst {limit} tegn er tilladt" in message


def test_an_initiative_reference_too_long_is_refused(tmp_path):
    document = _document()
    document["initiatives"][0]["ref"] = "r" * 81
    document["areas"][0]["initiatives"] = ["r" * 81]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    message = _refused(path)
    assert ": initiatives[0].ref: indsatsens reference “rrr" in message
    assert "er på 81 tegn; højst 80 tegn er tilladt" in message


def test_the_limit_counts_the_text_as_stored_without_surrounding_blanks(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_document(**{"areas.0.title": f"  {'z' * AREA_TITLE}\n"})))
    _import(path)
    assert Area.objects.get(plan__slug="lang").title == "z" * AREA_TITLE


def test_apply_document_refuses_before_writing_anything():
    before = _counts()
    with pytest.raises(ImportFailed) as caught:
        apply_document(_document(**{"areas.0.title": "z" * 301}), by="t")
    assert caught.value.location == "areas[0].title"
    assert _counts() == before


# --- tabular files: row and column, sheet, slide ------------------------------------------------

HEADER = ["Område", "Tema", "Indsats", "Status", "Opfølgning"]


def _rows(area: str = "Spor A", theme: str = "Samarbejde") -> list[list[Any]]:
    return [
        HEADER,
        [area, theme, "Indlagt i eget hjem", "I gang", "Fælles: Koncern HR"],
        ["Spor B", "Akut", "Prøvehandling i en klynge", "Afventer", ""],
    ]


def test_a_csv_area_cell_one_character_too_long_is_refused_naming_row_and_column(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(_rows(area="z" * (AREA_TITLE + 1))))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.csv, række 2, kolonne “Område”: områdets titel “zzz")
    assert f"er på {AREA_TITLE + 1} tegn; højst {AREA_TITLE} tegn er tilladt" in message
    assert not Plan.objects.filter(slug="lang").exists()


def test_a_csv_area_cell_of_exactly_the_limit_is_imported(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(_rows(area="z" * AREA_TITLE)))
    _import(path, "--plan", "lang")
    titles = set(Area.objects.filter(plan__slug="lang").values_list("title", flat=True))
    assert titles == {"z" * AREA_TITLE, "Spor B"}


def test_a_csv_theme_cell_too_long_is_refused_in_a_dry_run_too(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(_rows(theme="t" * (THEME + 1))))
    message = _refused(path, "--plan", "lang", "--dry-run")
    assert message.startswith("plan.csv, række 2, kolonne “Tema”: indsatsens tema “ttt")


def test_an_xlsx_cell_too_long_is_refused_naming_sheet_row_and_column(tmp_path):
    rows = _rows()
    rows[2][1] = "t" * (THEME + 1)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_bytes({"Indsatser": rows}))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.xlsx, ark “Indsatser”, række 3, kolonne “Tema”: ")
    assert f"er på {THEME + 1} tegn; højst {THEME} tegn er tilladt" in message


def test_a_unit_name_too_long_in_a_follow_up_column_is_refused(tmp_path):
    rows = [
        ["Område", "Indsats", "Status", "Fælles"],
        ["Spor A", "Indlagt i eget hjem", "I gang", "u" * (UNIT_NAME + 1)],
    ]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_bytes({"Indsatser": rows}))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.xlsx, ark “Indsatser”, række 2, kolonne “Fælles”: ")
    assert "enhedens navn" in message


def test_a_second_area_in_an_area_cell_too_long_is_refused_naming_its_cell(tmp_path):
    rows = _rows()
    rows[2][0] = f"Spor B; {'z' * (AREA_TITLE + 1)}"
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.csv, række 3, kolonne “Område”: områdets titel “zzz")


def test_a_sections_own_theme_too_long_on_a_repeated_row_is_refused_naming_that_row(tmp_path):
    rows = _rows()
    rows[2] = ["Spor B", "t" * (THEME + 1), "Indlagt i eget hjem", "I gang", ""]
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.csv, række 3, kolonne “Tema”: indsatsens tema i afsnittet")


def test_a_theme_band_too_long_is_refused_naming_the_band_row(tmp_path):
    rows = [
        ["Indsats", "Status", "Opfølgning"],
        ["t" * (THEME + 1)],
        ["Indlagt i eget hjem", "I gang", "Fælles: Koncern HR"],
        ["Prøvehandling i en klynge", "Afventer", ""],
    ]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_bytes({"Spor A": rows}))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.xlsx, ark “Spor A”, række 2: ")
    assert f"er på {THEME + 1} tegn" in message


def _deck(slide_title: str, plan_title: str = "Vinterplan 2021") -> bytes:
    table = TableSpec(
        rows=[
            ["Initiativer", "Status", "Opfølgning: Lokal/Fælles"],
            ["Indlagt i eget hjem", "I gang", "Fælles: Koncern HR"],
        ]
    )
    deck = DeckBuilder().title_slide(plan_title, "Status 8. februar 2022")
    return deck.table_slide(slide_title, table).to_bytes()


def test_a_deck_slide_title_too_long_for_an_area_is_refused_naming_the_slide(tmp_path):
    path = tmp_path / "plan.pptx"
    path.write_bytes(_deck("S" * (AREA_TITLE + 1)))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.pptx, dias 2: områdets titel “SSS")
    assert f"er på {AREA_TITLE + 1} tegn; højst {AREA_TITLE} tegn er tilladt" in message


def test_a_deck_title_slide_too_long_for_a_plan_title_is_refused_naming_the_slide(tmp_path):
    path = tmp_path / "plan.pptx"
    path.write_bytes(_deck("Akut", plan_title="P" * 301))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.pptx, dias 1: planens titel “PPP")


def test_a_deck_with_an_area_of_exactly_the_limit_is_imported(tmp_path):
    path = tmp_path / "plan.pptx"
    path.write_bytes(_deck("S" * AREA_TITLE))
    _import(path, "--plan", "lang")
    assert Area.objects.get(plan__slug="lang").title == "S" * AREA_TITLE


def test_the_loader_refuses_a_tabular_file_before_anything_else_sees_it():
    with pytest.raises(ImportFailed) as caught:
        load_bytes(csv_bytes(_rows(area="z" * 301)), "plan.csv")
    assert caught.value.location == "plan.csv, række 2, kolonne “Område”"


# --- the web import ------------------------------------------------------------------------------


def test_the_web_preview_shows_the_error_and_keeps_nothing(client, users):
    client.force_login(users["admin"])
    before = _counts()
    content = json.dumps(_document(**{"areas.0.title": "z" * 301})).encode()
    response = client.post(
        reverse("interchange:upload"), {"file": SimpleUploadedFile("lang.json", content)}
    )
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.preview["error"].startswith("areas[0].title: områdets titel “zzz")
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "areas[0].title" in html
    assert "højst 300 tegn er tilladt" in html
    assert _counts()[:5] == before[:5]


# --- initiative titles: the portfolio's own rule (500 characters), with the place -----------------


def test_a_csv_initiative_title_too_long_is_refused_naming_row_and_column(tmp_path):
    rows = _rows()
    rows[2][2] = "Lang titel " + "q" * TITLE_MAX_LENGTH
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    message = _refused(path, "--plan", "lang")
    assert message.startswith("plan.csv, række 3, kolonne “Indsats”: Indsatsen “Lang titel qqq")
    assert f"har en titel på {TITLE_MAX_LENGTH + 11} tegn" in message


def test_a_json_initiative_title_too_long_is_refused_naming_its_key_path(tmp_path):
    path = tmp_path / "plan.json"
    long_title = "t" * (TITLE_MAX_LENGTH + 1)
    path.write_text(json.dumps(_document(**{"initiatives.0.title": long_title})))
    message = _refused(path, "--dry-run")
    assert message.startswith(f"{path}: initiatives[0].title: Indsatsen “ttt")


def test_an_initiative_title_of_exactly_the_limit_is_imported(tmp_path):
    rows = _rows()
    rows[2][2] = "q" * TITLE_MAX_LENGTH
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    _import(path, "--plan", "lang")
    assert Initiative.objects.filter(plan__slug="lang", title="q" * TITLE_MAX_LENGTH).exists()


def test_an_old_title_over_the_limit_the_plan_already_holds_is_read_back(tmp_path):
    # titles were not limited once: exporting such a plan and reading it back must still work
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_document()))
    _import(path)
    old_title = "gammel " * 100
    Initiative.objects.filter(plan__slug="lang").update(title=old_title.strip())
    path.write_text(json.dumps(_document(**{"initiatives.0.title": old_title.strip()})))
    _import(path)
    assert Initiative.objects.get(plan__slug="lang").title == old_title.strip()


@pytest.mark.parametrize("given", ["Æ ø/x", "a" * 81])
def test_a_short_name_given_for_a_json_import_is_checked_like_the_files_own(tmp_path, given):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_document()))
    message = _refused(path, "--plan", given)
    assert message == f"{path}: “{given}” er ikke et gyldigt kortnavn " + (
        "(brug små bogstaver, tal og bindestreger)"
    )
