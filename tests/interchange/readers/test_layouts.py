"""Workbooks, CSV files and decks in layouts other than the seeds' (issue 17, issue 12 import).

Each test builds a file the way a department might lay it out: the header further down, title
rows above it, separate local and common follow-up columns, themes as band rows or merged
cells, red and dark red updates, all sections on one sheet or one sheet per section.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from fremdrift.core.xlsx import csv_unescape as unquote
from fremdrift.interchange.readers import (
    ReadError,
    merge_suggested,
    read_csv,
    read_file,
    read_pptx,
    read_xlsx,
)
from fremdrift.interchange.tabular import document_to_csv, document_to_xlsx

from . import builders as b
from .builders import SheetSpec, Styled, bold, plain, red

PERSONALE = "Personale (særligt fokus på senge-/akutafdelinger)"
PRAKTISERENDE = "Praktiserende læger og lægevagten i Region Midtjylland"
PLAN = "360 graders vinterplan 2021/22"


def items(result) -> dict[str, dict]:
    return {i["title"]: i for i in result.document["initiatives"]}


def area_titles(result) -> list[str]:
    return [a["title"] for a in result.document["areas"]]


def sections(result, item: dict) -> list[str]:
    titles = {a["slug"]: a["title"] for a in result.document["areas"]}
    return [titles[slug] for slug in item["areas"]]


def statuses(item: dict) -> list[str]:
    return [h["status"] for h in item["history"]]


def not_info(result) -> list[str]:
    return [f"{d.code}@{d.location}" for d in result.diagnostics if d.level != "info"]


# --- the workbook of the issue ----------------------------------------------------------------


def issue_workbook(red_colour: str = "C00000") -> bytes:
    """One sheet per section; section title in row 1, plan title in row 2, header in row 3;
    themes as band rows merged across; red runs in the status cells; names cut to 31."""
    header = ["Indsats", "Status", "Opfølgning lokalt", "Opfølgning fælles"]
    personale = SheetSpec(
        [
            [PERSONALE],
            [PLAN],
            header,
            ["Flere faggrupper i spil til patientnære opgaver"],
            [
                "Terapeuter, farmakonomer m.fl. indgår i de patientnære opgaver",
                [[plain("I gang på alle hospitaler. "), red("Evalueres i marts.")]],
                "Alle hospitaler",
                "ERFA på tværs",
            ],
            [
                "Uddannelsesprogrammer for faggrupperne",
                ["Koncern HR arbejder med forslag.", [red("Løsninger drøftes med direktørerne.")]],
                "",
                "Koncern HR, Center for Kompetenceudvikling",
            ],
            ["Sikre god introduktion"],
            [
                "Gode introduktionsforløb for nye ansatte",
                "Jf. Regionsrådets beslutning 27. oktober 2021",
                "Alle hospitaler",
                "",
            ],
        ],
        merges=[(4, 1, 4, 4), (7, 1, 7, 4)],
        red_colour=red_colour,
    )
    praktiserende = SheetSpec(
        [
            [PRAKTISERENDE],
            [PLAN],
            header,
            ["Visitation i Lægevagten"],
            [
                "Kampagne om, hvornår lægevagten skal bruges",
                [[plain("Igangsat 29. september 2021. "), red("Udvidet til radio.")]],
                "",
                "Koncern Kommunikation tovholder",
            ],
            [
                "Gode introduktionsforløb for nye ansatte",
                "Jf. Regionsrådets beslutning 27. oktober 2021",
                "Alle hospitaler",
                "",
            ],
        ],
        merges=[(4, 1, 4, 4)],
        red_colour=red_colour,
    )
    return b.rich_workbook_bytes({PERSONALE: personale, PRAKTISERENDE: praktiserende})


@pytest.fixture(scope="module")
def issue_result():
    return read_xlsx(issue_workbook(), filename="status.xlsx")


def test_the_issue_workbook_is_read_without_errors_or_warnings(issue_result):
    assert not_info(issue_result) == []
    assert len(issue_result.document["initiatives"]) == 4


def test_area_titles_come_from_the_title_row_not_the_cut_sheet_name(issue_result):
    assert area_titles(issue_result) == [PERSONALE, PRAKTISERENDE]
    assert issue_result.document["plan"]["title"] == PLAN
    assert issue_result.plan_fields == {"title"}


def test_band_rows_merged_across_the_table_are_themes(issue_result):
    found = items(issue_result)
    assert found["Uddannelsesprogrammer for faggrupperne"]["theme"] == (
        "Flere faggrupper i spil til patientnære opgaver"
    )
    assert found["Gode introduktionsforløb for nye ansatte"]["theme"] == "Sikre god introduktion"
    assert found["Kampagne om, hvornår lægevagten skal bruges"]["theme"] == (
        "Visitation i Lægevagten"
    )


def test_rich_text_runs_in_dark_red_are_the_latest_update(issue_result):
    found = items(issue_result)
    therapists = found["Terapeuter, farmakonomer m.fl. indgår i de patientnære opgaver"]
    assert statuses(therapists) == [
        "I gang på alle hospitaler.",
        "I gang på alle hospitaler. Evalueres i marts.",
    ]
    education = found["Uddannelsesprogrammer for faggrupperne"]
    assert statuses(education) == [
        "Koncern HR arbejder med forslag.",
        "Koncern HR arbejder med forslag.\nLøsninger drøftes med direktørerne.",
    ]


def test_local_and_common_follow_up_columns_are_read_apart(issue_result):
    found = items(issue_result)
    follow_up = found["Terapeuter, farmakonomer m.fl. indgår i de patientnære opgaver"]["follow_up"]
    assert (follow_up["local"], follow_up["common"], follow_up["lead"]) == (
        ["Alle hospitaler"],
        ["ERFA på tværs"],
        "ERFA på tværs",
    )
    campaign = found["Kampagne om, hvornår lægevagten skal bruges"]["follow_up"]
    assert (campaign["common"], campaign["lead"]) == (
        ["Koncern Kommunikation"],
        "Koncern Kommunikation",
    )


def test_a_repeat_in_another_section_is_one_initiative_in_both(issue_result):
    item = items(issue_result)["Gode introduktionsforløb for nye ansatte"]
    assert sections(issue_result, item) == [PERSONALE, PRAKTISERENDE]


def test_two_columns_with_the_same_role_are_a_warning_naming_them_not_a_failure():
    rows = [
        ["Indsats", "Status", "Opfølgning", "Opfølgning"],
        ["Dataoverblik", "I gang", "Lokalt: Randersklyngen", "Fælles: Sundhedsplanlægning"],
    ]
    result = read_xlsx(b.workbook_bytes({"Kommuner": rows}), filename="k.xlsx")
    [warning] = result.warnings
    assert warning.code == "duplicate_column"
    assert str(warning) == (
        "k.xlsx, sheet “Kommuner”, row 1, column “Opfølgning”: "
        "The column “Opfølgning” repeats “follow_up”; only the first one is read."
    )
    assert result.document["initiatives"][0]["follow_up"]["local"] == ["Randersklyngen"]


# --- where the table starts -------------------------------------------------------------------


@pytest.mark.parametrize("header_row", [1, 2, 3, 4, 5])
def test_the_header_is_found_on_rows_one_to_five(header_row):
    above = [[PLAN], [], ["Opdateringer m/ rød skrift"], ["Status pr. 1. marts 2022"]]
    rows = [
        *above[: header_row - 1],
        ["Initiativ", "Status", "Lokalt", "Fælles"],
        ["Dataoverblik", "I gang", "Alle klynger", "Sundhedsplanlægning"],
    ]
    result = read_xlsx(b.workbook_bytes({"Kommuner": rows}), filename="k.xlsx")
    item = result.document["initiatives"][0]
    assert (item["title"], item["status"], sections(result, item)) == (
        "Dataoverblik",
        "I gang",
        ["Kommuner"],
    )
    assert not_info(result) == []
    expected_date = "2022-03-01" if header_row == 5 else None
    assert item["status_date"] == expected_date


def test_a_dated_status_header_sets_the_status_date_and_an_older_one_becomes_history():
    rows = [
        ["Tiltag", "Status pr. 1. december 2021", "Status pr. 1. marts 2022", "Ansvarlig"],
        ["Talepromt på lægevagtstelefon", "Er indtalt.", "Aktiveret.", "Koncern Økonomi"],
    ]
    item = read_xlsx(b.workbook_bytes({"Plan": rows}), filename="p.xlsx").document["initiatives"][0]
    assert item["status"] == "Aktiveret."
    assert item["status_date"] == "2022-03-01"
    assert [(h["date"], h["status"]) for h in item["history"]] == [
        ("2021-12-01", "Er indtalt."),
        ("2022-03-01", "Aktiveret."),
    ]
    assert (item["follow_up"]["common"], item["follow_up"]["lead"]) == (
        ["Koncern Økonomi"],
        "Koncern Økonomi",
    )


def test_columns_in_another_order_under_other_names():
    rows = [
        ["Nr.", "Ansvarlig", "Seneste status", "Emne", "Tiltag"],
        ["1", "Sundhedsplanlægning", "Aftale indgået", "Akutfunktioner", "Styrke samarbejdet"],
        ["2", "Lokalt: Randersklyngen", "Prøvehandling i gang", "", "Tværsektorielt overblik"],
    ]
    result = read_xlsx(b.workbook_bytes({"Kommuner": rows}), filename="k.xlsx")
    first, second = result.document["initiatives"]
    assert (first["title"], first["status"], first["theme"]) == (
        "Styrke samarbejdet",
        "Aftale indgået",
        "Akutfunktioner",
    )
    assert first["follow_up"]["lead"] == "Sundhedsplanlægning"
    assert (second["theme"], second["follow_up"]["local"]) == ("Akutfunktioner", ["Randersklyngen"])
    assert not_info(result) == []


def test_a_two_row_header_with_lokalt_and_faelles_under_opfoelgning():
    rows = [
        ["Indsats", "Status", "Opfølgning", None],
        [None, None, "Lokalt", "Fælles"],
        ["Dataoverblik", "I gang", "Alle klynger", "Sundhedsplanlægning"],
    ]
    data = b.rich_workbook_bytes({"Kommuner": SheetSpec(rows, merges=[(1, 3, 1, 4)])})
    item = read_xlsx(data, filename="k.xlsx").document["initiatives"][0]
    assert (item["follow_up"]["local"], item["follow_up"]["common"]) == (
        ["Alle klynger"],
        ["Sundhedsplanlægning"],
    )


# --- all sections on one sheet ----------------------------------------------------------------


def test_a_section_column_and_theme_cells_merged_down_the_rows():
    rows = [
        ["Afsnit", "Tema", "Indsats", "Status"],
        ["Personale", "Flere faggrupper", "Terapeuter i patientnære opgaver", "I gang"],
        [None, None, "Uddannelsesprogrammer", "Forslag udarbejdes"],
        ["Kommuner", "Akutfunktioner", "Styrke samarbejdet", "Aftale indgået"],
        [None, None, "Terapeuter i patientnære opgaver", "I gang"],
    ]
    data = b.rich_workbook_bytes({"Plan": SheetSpec(rows, merges=[(2, 2, 3, 2), (4, 2, 5, 2)])})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == ["Personale", "Kommuner"]
    found = items(result)
    assert found["Uddannelsesprogrammer"]["theme"] == "Flere faggrupper"
    assert sections(result, found["Terapeuter i patientnære opgaver"]) == ["Personale", "Kommuner"]


def stacked_rows() -> list[list]:
    """Tables one under the other, each under its section title, with a two-row header."""
    group = ["Initiativ", "Status", "Opfølgning", None]
    labels = [None, None, "Lokalt", "Fælles"]
    return [
        ["Region Midtjylland"],
        ["Handleplan for akutområdet 2022"],
        [],
        [Styled("Personale", bold=True)],
        group,
        labels,
        ["Rekruttering af sygeplejersker", "- Kampagne igangsat\n- Opfølgning i april", "", "HR"],
        ["Fastholdelsestillæg", "Vurderes", "", "Koncern HR"],
        [],
        [Styled("Kommuner", bold=True)],
        group,
        labels,
        ["Udskrivningskonferencer på video", "Afprøves", "HE Vest", ""],
        ["Rekruttering af sygeplejersker", "- Kampagne igangsat\n- Opfølgning i april", "", "HR"],
        [],
        ["Rød skrift = nyt siden sidste møde"],
    ]


def _stacked(kind: str):
    rows = stacked_rows()
    if kind == "xlsx":
        merges = [(5, 3, 5, 4), (11, 3, 11, 4), (5, 1, 6, 1), (11, 1, 12, 1)]
        data = b.rich_workbook_bytes({"Ark1": SheetSpec(rows, merges=merges)})
        return read_xlsx(data, filename="akut.xlsx")
    plain_rows = [[v.value if isinstance(v, Styled) else v for v in row] for row in rows]
    return read_csv(b.csv_bytes(plain_rows), filename="akut.csv")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_tables_stacked_under_section_titles_on_one_sheet(kind):
    result = _stacked(kind)
    assert result.document["plan"]["title"] == "Handleplan for akutområdet 2022"
    assert area_titles(result) == ["Personale", "Kommuner"]
    found = items(result)
    assert list(found) == [
        "Rekruttering af sygeplejersker",
        "Fastholdelsestillæg",
        "Udskrivningskonferencer på video",
    ]
    recruiting = found["Rekruttering af sygeplejersker"]
    assert sections(result, recruiting) == ["Personale", "Kommuner"]
    assert recruiting["status"] == "- Kampagne igangsat\n- Opfølgning i april"  # typed dashes
    assert found["Udskrivningskonferencer på video"]["follow_up"]["local"] == ["HE Vest"]
    assert not_info(result) == []


def test_section_bands_and_theme_bands_are_told_apart_by_their_look():
    section = {"bold": True, "fill": "1F4E79"}
    theme = {"bold": True, "fill": "D9E1F2"}
    rows = [
        ["Indsatser", "Status", "Opfølgning"],
        [Styled("Personale", **section)],
        [Styled("Flere faggrupper", **theme)],
        ["Terapeuter i patientnære opgaver", "I gang", "Fælles: Koncern HR"],
        [Styled("Introduktion", **theme)],
        ["Gode introduktionsforløb", "I gang", "Lokalt"],
        [Styled("Kommuner", **section)],
        ["Styrke samarbejdet om akutfunktionerne", "Aftale indgået", "Fælles: Sundhedsplanlægning"],
        [Styled("Akut", **theme)],
        ["Udskrivningskonferencer på video", "Afprøves", "Lokalt: HE Vest"],
    ]
    merges = [(r, 1, r, 3) for r in (2, 3, 5, 7, 9)]
    result = read_xlsx(b.rich_workbook_bytes({"Plan": SheetSpec(rows, merges)}), filename="p.xlsx")
    assert area_titles(result) == ["Personale", "Kommuner"]
    themes = {i["title"]: i["theme"] for i in result.document["initiatives"]}
    assert themes == {
        "Terapeuter i patientnære opgaver": "Flere faggrupper",
        "Gode introduktionsforløb": "Introduktion",
        "Styrke samarbejdet om akutfunktionerne": None,
        "Udskrivningskonferencer på video": "Akut",
    }


def test_band_rows_over_a_theme_column_are_sections():
    rows = [
        ["Tema", "Indsats", "Status"],
        ["Personale"],
        ["Introduktion", "Gode introduktionsforløb", "I gang"],
        ["Kommuner"],
        ["Akutfunktioner", "Styrke samarbejdet", "Aftale indgået"],
    ]
    data = b.rich_workbook_bytes({"Plan": SheetSpec(rows, merges=[(2, 1, 2, 3), (4, 1, 4, 3)])})
    result = read_xlsx(data, filename="p.xlsx")
    assert area_titles(result) == ["Personale", "Kommuner"]
    themes = [i["theme"] for i in result.document["initiatives"]]
    assert themes == ["Introduktion", "Akutfunktioner"]


# --- formatting -------------------------------------------------------------------------------


def test_a_whole_status_cell_in_red_is_all_new_and_other_reds_count():
    rows = [
        ["Indsats", "Status"],
        ["Alt nyt", Styled("Helt ny indsats.", colour="C00000")],
        ["Mørkerød", [[plain("Gammel. "), ("Ny.", "red")]]],
        ["Orange", Styled("Ikke en opdatering.", colour="FFC000")],
    ]
    spec = SheetSpec(rows, red_colour="8B0000")
    found = items(read_xlsx(b.rich_workbook_bytes({"Plan": spec}), filename="p.xlsx"))
    assert statuses(found["Alt nyt"]) == ["Helt ny indsats."]
    assert statuses(found["Mørkerød"]) == ["Gammel.", "Gammel. Ny."]
    assert statuses(found["Orange"]) == ["Ikke en opdatering."]


def test_a_bold_first_paragraph_in_the_initiative_cell_is_its_theme():
    rows = [
        ["Initiativer", "Status"],
        [[[bold("Visitation i Lægevagten")], "Borgerrettet kommunikation"], "Igangsat"],
        ["Talepromt på lægevagtstelefon", "Aktiveret"],
    ]
    result = read_xlsx(b.rich_workbook_bytes({"Læger": SheetSpec(rows)}), filename="l.xlsx")
    assert [(i["title"], i["theme"]) for i in result.document["initiatives"]] == [
        ("Borgerrettet kommunikation", "Visitation i Lægevagten"),
        ("Talepromt på lægevagtstelefon", "Visitation i Lægevagten"),
    ]


def test_zebra_stripes_and_bold_titles_do_not_make_band_rows():
    rows = [["Initiativ", "Status", "Tovholder"]]
    for n in range(6):
        fill = "F2F2F2" if n % 2 else None
        status = "" if n == 3 else "I gang"
        rows.append(
            [
                Styled(f"Indsats nummer {n} om akutområdet", bold=True, fill=fill),
                Styled(status, fill=fill),
                Styled("Koncern HR" if status else "", fill=fill),
            ]
        )
    result = read_xlsx(b.rich_workbook_bytes({"Plan": SheetSpec(rows)}), filename="p.xlsx")
    assert len(result.document["initiatives"]) == 6
    assert {i["theme"] for i in result.document["initiatives"]} == {None}


def test_legends_above_and_below_the_table_are_neither_titles_nor_initiatives():
    rows = [
        ["Opdateret"],
        ["Indsats", "Status"],
        ["Dataoverblik", "I gang"],
        [],
        ["Rød skrift = opdateret siden sidste møde"],
        ["Opdateringer m/ rød skrift"],
    ]
    result = read_xlsx(b.workbook_bytes({"Kommuner": rows}), filename="k.xlsx")
    assert [i["title"] for i in result.document["initiatives"]] == ["Dataoverblik"]
    assert area_titles(result) == ["Kommuner"]
    assert not_info(result) == []


# --- the app's own exports --------------------------------------------------------------------

EXPORT_FIELDS = ("title", "theme", "status", "phase", "phase_target", "kind", "work_form")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_apps_own_export_reads_back_the_same(fmt):
    original = read_pptx(b.winter_deck(), filename="vinter.pptx").document
    item = original["initiatives"][0]
    item["follow_up"] = {**item["follow_up"], "common": ["Koncern HR, Stab"], "lead": None}
    writer = document_to_xlsx if fmt == "xlsx" else document_to_csv
    result = read_file(writer(original), filename=f"eksport.{fmt}")
    back = {i["ref"]: i for i in result.document["initiatives"]}
    assert list(back) == [i["ref"] for i in original["initiatives"]]
    for item in original["initiatives"]:
        for name in EXPORT_FIELDS:
            assert back[item["ref"]][name] == item[name], (item["ref"], name)
        assert back[item["ref"]]["areas"] == item["areas"]
    assert back[original["initiatives"][0]["ref"]]["follow_up"]["common"] == ["Koncern HR, Stab"]
    assert area_titles(result) == [a["title"] for a in original["areas"]]
    assert [a["initiatives"] for a in result.document["areas"]] == [
        a["initiatives"] for a in original["areas"]
    ]
    assert result.plan_fields == frozenset()  # the export carries no plan title


def test_the_export_headers_are_all_recognised():
    original = read_pptx(b.winter_deck(), filename="vinter.pptx").document
    sheet = load_workbook(io.BytesIO(document_to_xlsx(original))).active
    headers = [cell.value for cell in sheet[1]]
    result = read_xlsx(document_to_xlsx(original), filename="eksport.xlsx")
    assert "Reference" in headers
    assert not [d for d in result.diagnostics if d.code == "ignored_column"]


@pytest.mark.parametrize(
    ("cell", "read"),
    [("'=SUM(A1)", "=SUM(A1)"), ("'-  punkt", "-  punkt"), ("'@x", "@x"), ("'tekst", "'tekst")],
)
def test_a_csv_cell_quoted_against_formulas_is_read_without_the_quote(cell, read):
    assert unquote(cell) == read


def test_a_quoted_dash_list_in_a_csv_status_keeps_its_dashes():
    data = b.csv_bytes([["Indsats", "Status"], ["Dataoverblik", "'- Igangsat\n- Forsinket"]])
    item = read_csv(data, filename="p.csv").document["initiatives"][0]
    assert item["status"] == "- Igangsat\n- Forsinket"


# --- decks ------------------------------------------------------------------------------------


def test_a_deck_table_with_a_caption_row_reordered_columns_and_a_merged_theme():
    spec = b.TableSpec(
        [
            [PERSONALE, "", "", "", ""],
            ["Tema", "Status", "Indsats", "Fælles", "Lokalt"],
            [
                "Rekruttering",
                ["Kampagne igangsat.", [red("Udvidet til radio.")]],
                "Kampagne for sygeplejersker",
                "Koncern HR",
                "Alle hospitaler",
            ],
            ["", "- Afklaret\n- Afventer budget", "Fastholdelsestillæg", "HR tovholder", ""],
        ],
        merges=[((0, 0), (0, 4)), ((2, 0), (3, 0))],
        red_colour="C00000",
    )
    deck = b.DeckBuilder().title_slide(PLAN, "Status 1. marts 2022")
    deck.table_slide("Status på vinterplanen", spec)
    result = read_pptx(deck.to_bytes(), filename="v.pptx")
    assert area_titles(result) == [PERSONALE]
    first, second = result.document["initiatives"]
    assert (first["title"], first["theme"], statuses(first)) == (
        "Kampagne for sygeplejersker",
        "Rekruttering",
        ["Kampagne igangsat.", "Kampagne igangsat.\nUdvidet til radio."],
    )
    assert (first["follow_up"]["local"], first["follow_up"]["common"]) == (
        ["Alle hospitaler"],
        ["Koncern HR"],
    )
    assert (second["theme"], second["status"]) == ("Rekruttering", "- Afklaret\n- Afventer budget")
    assert (second["follow_up"]["common"], second["follow_up"]["lead"]) == (["HR"], "HR")
    assert {i["status_date"] for i in result.document["initiatives"]} == {"2022-03-01"}


def test_a_deck_with_all_sections_on_one_slide_as_bands_over_a_theme_column():
    spec = b.TableSpec(
        [
            ["", "Initiativer", "Status", "Opfølgning: Lokal/Fælles"],
            ["Kommuner", "", "", ""],
            ["Akutfunktioner", "Styrke samarbejdet", "Aftale indgået", "Fælles: Planlægning"],
            ["Hospitaler", "", "", ""],
            ["Akut", "Kampagne for sygeplejersker", "Igangsat", "Fælles: Koncern HR"],
        ],
        merges=[((1, 0), (1, 3)), ((3, 0), (3, 3))],
    )
    deck = b.DeckBuilder().table_slide("Status på vinterplanen", spec)
    result = read_pptx(deck.to_bytes(), filename="v.pptx")
    assert area_titles(result) == ["Kommuner", "Hospitaler"]
    assert [i["theme"] for i in result.document["initiatives"]] == ["Akutfunktioner", "Akut"]


def test_the_seed_decks_layouts_still_read_the_same():
    winter = read_pptx(b.winter_deck(), filename="vinter.pptx")
    assert len(winter.document["initiatives"]) == 17
    year = read_pptx(b.year_plan_deck(), filename="aar.pptx")
    assert [i["phase"] for i in year.document["initiatives"][:3]] == [
        "implementering",
        "implementering",
        "udvikling",
    ]


# --- drifted repeats --------------------------------------------------------------------------


def test_an_abbreviated_and_shortened_repeat_is_suggested_and_merged_on_request():
    full = (
        "Dialog med PLO-Midtjylland om mulighederne for prøvehandling, hvor Præhospitalet kan "
        "afslutte patienter i dagtid - omhandler patienter med telefonkonsultation"
    )
    short = "Dialog med PLO-M om mulighederne for prøvehandling, hvor Præhospitalet kan afslutte"
    other = "Dialog med kommunerne om mulighederne for styrket samarbejde om akutpladser"
    sheets = {
        "Læger": [["Indsats", "Status"], [full, "I gang"]],
        "Hospitaler": [["Indsats", "Status"], [short, "I gang"], [other, "I gang"]],
    }
    result = read_xlsx(b.workbook_bytes(sheets), filename="p.xlsx")
    [near] = result.near_matches
    assert (near.title_a, near.title_b, near.suggested) == (full, short, True)
    document, merged = merge_suggested(result.document, result.near_matches)
    areas = [i["areas"] for i in document["initiatives"]]
    assert areas == [["laeger", "hospitaler"], ["hospitaler"]]


# --- errors -----------------------------------------------------------------------------------


def test_a_damaged_sheet_is_an_error_naming_it_and_the_other_sheets_are_read():
    data = b.workbook_bytes(
        {
            "Personale": [["Indsats", "Status"], ["Introduktion", "I gang"]],
            "Kommuner": [["Indsats", "Status"], ["Dataoverblik", "I gang"]],
        }
    )
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    truncated = sheet[: sheet.index(b"<sheetData>") + 40]  # cut inside the rows
    data = b.rezip(
        data, drop=["xl/worksheets/sheet2.xml"], add={"xl/worksheets/sheet2.xml": truncated}
    )
    result = read_xlsx(data, filename="plan.xlsx")
    [error] = result.errors
    assert str(error) == (
        "plan.xlsx, sheet “Kommuner”: This sheet cannot be read: its content is damaged. Open "
        "the file in Excel, save it again and import it again; the other sheets are shown below."
    )
    assert [i["title"] for i in result.document["initiatives"]] == ["Introduktion"]


def test_a_sheet_without_a_header_is_skipped_saying_what_its_first_rows_hold():
    data = b.workbook_bytes(
        {"Noter": [["Møde 3. marts"], ["Husk kage"]], "Plan": [["Indsats"], ["Dataoverblik"]]}
    )
    [skipped] = read_xlsx(data, filename="p.xlsx").skipped
    assert str(skipped) == (
        "p.xlsx, sheet “Noter”: The sheet was skipped: no header row such as “Indsats | Status” "
        "was found in its first 15 rows; they read “Møde 3. marts / Husk kage”."
    )


def test_a_workbook_without_any_table_says_what_was_expected_and_what_was_found():
    data = b.workbook_bytes({"Ark1": [["Kommune", "Indlæggelser"], ["Aarhus", 12]]})
    with pytest.raises(ReadError) as caught:
        read_xlsx(data, filename="kpi.xlsx")
    assert str(caught.value) == (
        "kpi.xlsx: No table of initiatives was found: expected a header row such as "
        "“Initiativer | Status | Opfølgning” or “Indsats | Status” within the first 15 rows of "
        "a sheet; found “Kommune | Indlæggelser / Aarhus | 12”."
    )


def test_dates_in_title_rows_above_a_table_set_the_status_date():
    rows = [[PLAN], ["Status pr. 8. februar 2022"], ["Indsats", "Status"], ["Dataoverblik", "Ok"]]
    item = read_xlsx(b.workbook_bytes({"Ark1": rows}), filename="p.xlsx").document["initiatives"][0]
    assert item["status_date"] == dt.date(2022, 2, 8).isoformat()
