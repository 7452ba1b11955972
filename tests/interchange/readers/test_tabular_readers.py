"""Reading plans from Excel workbooks and CSV files."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.interchange.readers import ReadError, read_csv, read_file, read_xlsx
from fremdrift.interchange.readers.csv_reader import decode, sniff_delimiter
from fremdrift.interchange.readers.tabular import column_field

from . import builders as b

PLAN = [b.PLAN_COLUMNS, *b.PLAN_ROWS]


def titles(result) -> list[str]:
    return [i["title"] for i in result.document["initiatives"]]


# --- the column set ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Spor", "area"),
        ("Område", "area"),
        ("Afsnit", "area"),
        ("Indsatsområde", "area"),
        ("area", "area"),
        ("Indsats", "title"),
        ("Initiativ", "title"),
        ("Initiativer", "title"),
        ("title", "title"),
        ("Tema", "theme"),
        ("Status", "status"),
        ("Fase", "phase"),
        ("Opfølgning", "follow_up"),
        ("Opfølgning: Lokal/Fælles", "follow_up"),
        ("Lokal", "local"),
        ("Fælles", "common"),
        ("Tovholder", "lead"),
        ("Opgave i 2021", "year_task"),
        ("Opgave i 2022", "year_task"),
        ("Årsopgave", "year_task"),
        ("Opgave", "year_task"),
        ("Type", "kind"),
        ("Art", "kind"),
        ("Arbejdsform", "work_form"),
        ("Dato", "status_date"),
        ("Statusdato", "status_date"),
        ("status_date", "status_date"),
        ("phase_target", "phase_target"),
        ("work_form", "work_form"),
        ("Kommentar", None),
    ],
)
def test_headers_and_their_synonyms_name_fields(header, field):
    assert column_field(header) == field


# --- XLSX -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook_result():
    data = b.workbook_bytes({"Plan": [["Vinterplan 2021"], [], *PLAN]}, title="Vinterplan 2021")
    return read_xlsx(data, filename="vinterplan.xlsx")


def test_a_workbook_header_below_a_title_row_is_found(workbook_result):
    assert len(workbook_result.document["initiatives"]) == 3
    assert workbook_result.document["plan"]["title"] == "Vinterplan 2021"


def test_workbook_areas_come_from_the_area_column_and_are_filled_down(workbook_result):
    areas = [(a["slug"], a["title"]) for a in workbook_result.document["areas"]]
    assert areas == [
        ("personale", "Personale"),
        ("kommuner", "Kommuner"),
        ("hospitaler", "Hospitaler"),
    ]
    evaluering = workbook_result.document["initiatives"][1]
    assert evaluering["areas"] == ["personale"]
    assert evaluering["theme"] == "Sikre god introduktion"


def test_workbook_rows_give_phase_follow_up_year_task_and_date(workbook_result):
    first, second, third = workbook_result.document["initiatives"]
    assert (first["phase"], first["phase_target"], first["status_date"]) == (
        "implementering",
        None,
        "2022-02-08",
    )
    assert (second["phase"], second["phase_target"]) == ("udvikling", "implementering")
    assert second["year_task"] == "Evaluering"
    assert second["follow_up"]["common"] == ["Koncern HR"]
    assert second["follow_up"]["lead"] == "Koncern HR"
    assert third["follow_up"]["local"] == ["Horsensklyngen"]
    assert third["status_date"] == "2022-02-08"
    assert third["history"] == [
        {
            "date": "2022-02-08",
            "phase": "afprøvning",
            "phase_target": None,
            "status": "Forskningsprojekt er i gang.",
        }
    ]


def test_the_same_text_in_two_workbook_areas_is_one_initiative(workbook_result):
    third = workbook_result.document["initiatives"][2]
    assert third["title"] == b.SAMARBEJDE_HJEM
    assert third["areas"] == ["kommuner", "hospitaler"]


def test_one_sheet_per_area_without_an_area_column():
    columns = ["Tema", "Initiativ", "Status", "Lokal", "Fælles", "Tovholder", "Statusdato"]
    data = b.workbook_bytes(
        {
            "Personale": [
                columns,
                [
                    "Sikre god introduktion",
                    "Evaluering af introduktionsforløb",
                    "I gang",
                    "",
                    "Koncern HR, Sundhedsuddannelser",
                    "Sundhedsuddannelser",
                    dt.datetime(2022, 2, 8),
                ],
            ],
            "Kommuner": [
                columns,
                ["", "Dataoverblik", "Dashboard er udviklet", "Alle klynger", "", "", None],
            ],
            "Noter": [["Fri tekst om planen"]],
        }
    )
    result = read_xlsx(data, filename="plan.xlsx")
    assert [a["title"] for a in result.document["areas"]] == ["Personale", "Kommuner"]
    first, second = result.document["initiatives"]
    assert first["follow_up"]["common"] == ["Koncern HR", "Sundhedsuddannelser"]
    assert first["follow_up"]["lead"] == "Sundhedsuddannelser"
    assert first["status_date"] == "2022-02-08"
    assert second["follow_up"]["local"] == ["Alle klynger"]
    assert second["follow_up"]["text"] == "Lokalt: Alle klynger"
    assert [(s.code, s.location.sheet) for s in result.skipped] == [
        ("sheet_without_header", "Noter")
    ]


def test_a_single_default_named_sheet_without_area_column_uses_the_plan_title():
    data = b.workbook_bytes({"Ark1": [["Indsats", "Status"], ["Dataoverblik", "I gang"]]})
    result = read_xlsx(data, filename="min_plan.xlsx")
    assert [a["title"] for a in result.document["areas"]] == ["min plan"]
    assert "default_area" in result.codes()


def test_english_interchange_keys_are_accepted_as_headers():
    rows = [
        ["area", "ref", "title", "kind", "work_form", "phase", "phase_target", "status"],
        ["Spor 1", "pal", "PAL", "Implementering", "Sprintforløb", "Udvikling", "Drift", "Ok"],
    ]
    item = read_xlsx(b.workbook_bytes({"x": rows}), filename="x.xlsx").document["initiatives"][0]
    assert (item["ref"], item["kind"], item["work_form"]) == ("pal", "implementering", "sprint")
    assert (item["phase"], item["phase_target"]) == ("udvikling", "drift")


def test_unknown_values_give_warnings_naming_row_and_column():
    rows = [
        ["Indsats", "Fase", "Type", "Dato", "Budget"],
        ["PAL", "Snart", "Anden", "i morgen", "x"],
    ]
    result = read_xlsx(b.workbook_bytes({"Plan": rows}), filename="x.xlsx")
    warnings = {(d.code, d.location.row, d.location.column) for d in result.warnings}
    assert warnings == {
        ("unknown_phase", 2, "Fase"),
        ("unknown_kind", 2, "Type"),
        ("bad_date", 2, "Dato"),
    }
    assert ("ignored_column", "Budget") in {(d.code, d.location.column) for d in result.diagnostics}
    assert "sheet “Plan”, row 2, column “Fase”" in str(
        next(d for d in result.warnings if d.code == "unknown_phase")
    )


def test_a_row_without_title_is_skipped_with_a_warning():
    rows = [["Indsats", "Status"], ["PAL", "I gang"], ["", "Forældreløs status"]]
    result = read_xlsx(b.workbook_bytes({"Plan": rows}), filename="x.xlsx")
    assert titles(result) == ["PAL"]
    assert [(d.code, d.location.row) for d in result.warnings] == [("row_without_title", 3)]


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)]
)
def test_csv_in_common_encodings_and_delimiters_reads_the_same(delimiter, encoding, bom):
    data = b.csv_bytes(PLAN, delimiter=delimiter, encoding=encoding, bom=bom)
    result = read_csv(data, filename="vinterplan.csv")
    assert titles(result) == [row[2] for row in b.PLAN_ROWS[:3]]
    first = result.document["initiatives"][0]
    assert first["theme"] == "Sikre god introduktion"
    assert first["follow_up"]["text"] == "Lokalt"
    assert [a["title"] for a in result.document["areas"]] == ["Personale", "Kommuner", "Hospitaler"]
    assert ("decoded_as" in result.codes()) == (encoding == "cp1252")


def test_csv_with_latin1_only_bytes_is_read():
    data = "Indsats;Status\nPlejehjem \x81 test;I gang\n".encode("latin-1")
    assert titles(read_csv(data, filename="x.csv"))[0].startswith("Plejehjem")


def test_utf16_text_from_excel_is_read():
    data = "Indsats\tStatus\r\nPræhospitalet\tI gang\r\n".encode("utf-16")
    assert titles(read_file(data, filename="x.csv")) == ["Præhospitalet"]


def test_the_delimiter_is_the_one_that_splits_lines_consistently():
    text = "Indsats;Status\nTerapeuter, farmakonomer, psykologer;I gang, på alle hospitaler\n"
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter("Indsats,Status\nA,B\n") == ","


def test_a_semicolon_sheet_with_decimal_commas_and_title_lines_is_split_on_semicolons():
    """Danish Excel saves CSV with ";" and decimal commas; title and band lines hold one field,
    and a comma in every row ("6,2") must not out-vote the semicolons."""
    rows = [
        "Sundhedsplan 2022-2024, status",
        "Status pr. 10.12.2024, udarbejdet af Sundhedsstaben",
        "Emne;Indsats;Status;Opfølgning;Budget (mio. kr.);Trafiklys",
        "Forebyggelse",
    ]
    status = '"• Pilot i gang.\n• Aftale med Psykiatrien.\n• Evaluering i juni."'
    rows += [f"Tema;Indsats {n};{status};Lokalt: Vestklyngen;{n},5;Grøn" for n in range(1, 6)]
    rows += ["Rehabilitering"] + [f"Tema;Indsats {n};{status};Fælles;{n},1;Gul" for n in (6, 7)]
    text = "\n".join(rows) + "\n"
    assert sniff_delimiter(text) == ";"
    assert titles(read_file(text.encode(), filename="status.csv"))[:2] == ["Indsats 1", "Indsats 2"]


def test_decode_names_the_encoding():
    assert decode("æøå".encode())[1] == "UTF-8"
    assert decode("æøå".encode("cp1252")) == ("æøå", "Windows-1252")


def test_csv_without_area_column_puts_rows_in_an_area_named_after_the_file():
    data = b.csv_bytes([["Initiativ", "Status"], ["Dataoverblik", "I gang"]])
    result = read_csv(data, filename="kommuner_2022.csv")
    assert result.document["areas"] == [
        {"slug": "kommuner-2022", "title": "kommuner 2022", "initiatives": ["dataoverblik"]}
    ]


def test_csv_missing_the_title_column_is_an_error_naming_the_columns_found():
    data = b.csv_bytes([["Kode", "Status", "Dato"], ["x", "y", "z"]])
    with pytest.raises(ReadError) as caught:
        read_csv(data, filename="plan.csv")
    assert caught.value.code == "missing_title_column"
    assert "“Kode”, “Status”, “Dato”" in str(caught.value)
    assert str(caught.value).startswith("plan.csv, row 1: ")
