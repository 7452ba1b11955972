"""Continued slides and tables, bands that are sections, and drifted repeats cut mid-phrase.

Rules of docs/import-columns.md ("Finding the table", "Rows", "The same initiative in several
sections"), each shown on a file built here.
"""

from __future__ import annotations

import pytest

from fremdrift.interchange.readers import merge_suggested, read_file, read_pptx, read_xlsx
from fremdrift.interchange.readers.drift import DRIFT_MERGE_THRESHOLD, drift
from fremdrift.interchange.readers.text import pagination_base, strip_pagination

from . import builders as b
from .builders import SheetSpec, Styled, TableSpec

HEADER = ["Indsats", "Status", "Opfølgning"]


def area_titles(result) -> list[str]:
    return [a["title"] for a in result.document["areas"]]


def sections_of(result) -> dict[str, list[str]]:
    titles = {a["slug"]: a["title"] for a in result.document["areas"]}
    return {i["title"]: [titles[s] for s in i["areas"]] for i in result.document["initiatives"]}


def themes_of(result) -> dict[str, str | None]:
    return {i["title"]: i["theme"] for i in result.document["initiatives"]}


# --- continuation marks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Akut (fortsat)",
        "Akut (forts.)",
        "Akut, forts.",
        "Akut fortsat",
        "Akut – fortsat",
        "Akut - forts",
        "Fortsat: Akut",
        "Akut (fortsættes)",
        "Akut (fortsættes på næste side)",
        "Akut (fortsat fra forrige side)",
        "Akut (side 2 af 3)",
        "Akut (Side 2/3)",
        "Akut – side 2 af 3",
        "Akut (2 af 3)",
        "Akut (2/3)",
        "Akut [2/3]",
        "Akut (side 2)",
        "Akut (fortsat, side 2 af 3)",
        "Akut – fortsat (side 2 af 3)",
        "Akut – del 2 af 3",
        "Akut (forts. 2)",
        "Akut, side 2 af 3",
        "Akut … fortsat",
        "Akut (fortsat…)",
        "Akut (continued)",
        "Akut (cont'd)",
    ],
)
def test_strong_continuation_marks_are_removed_wherever_they_stand(title):
    assert strip_pagination(title) == ("Akut", True)


@pytest.mark.parametrize(
    "title",
    [
        "Fortsat udvikling af akutområdet",
        "Ældre (65+) og kronikere",
        "Indsatser 2023",
        "Område 2",
        "Status pr. 2/3",
        "Personale (særligt fokus på senge-/akutafdelinger)",
        "Kommuner (2 af 3 klynger)",
    ],
)
def test_titles_that_only_look_numbered_keep_their_words(title):
    assert strip_pagination(title) == (title, False)


@pytest.mark.parametrize(
    ("title", "base"),
    [
        ("Akut 2/3", "Akut"),
        ("Akut – 2 af 3", "Akut"),
        ("Akut (2)", "Akut"),
        ("Akut [3]", "Akut"),
        ("Akut (del 2)", "Akut"),
        ("Akut – side 2", "Akut"),
        ("Akut, del 2", "Akut"),
        ("Akut", None),
        ("Område 2", None),
    ],
)
def test_weak_marks_give_a_base_title_that_context_decides_on(title, base):
    assert pagination_base(title) == base
    assert strip_pagination(title) == (title, False)


def _row(title: str) -> list[str]:
    return [title, f"Status for {title.lower()}.", "Fælles: Koncern HR"]


def _deck(titles: list[str], rows_per_slide: int = 2, *, title_slide: bool = True) -> bytes:
    deck = b.DeckBuilder()
    if title_slide:
        deck.title_slide("Handleplan for akutområdet 2023", "Status pr. 1. marts 2023")
    n = 0
    for title in titles:
        rows = [HEADER] + [_row(f"Indsats nummer {n + k} om samarbejde") for k in range(2)]
        n += rows_per_slide
        deck.table_slide(title, TableSpec(rows), legend=False, footer="")
    return deck.to_bytes()


@pytest.mark.parametrize(
    "second",
    [
        "Akutmodtagelsen (side 2 af 2)",
        "Akutmodtagelsen (forts.)",
        "Akutmodtagelsen – fortsat",
        "Akutmodtagelsen 2/2",
        "Akutmodtagelsen (2)",
    ],
)
def test_a_continued_slide_continues_its_section(second):
    data = _deck(["Akutmodtagelsen", second, "Kommuner"])
    result = read_pptx(data, filename="plan.pptx")
    assert area_titles(result) == ["Akutmodtagelsen", "Kommuner"]
    assert len(result.document["initiatives"]) == 6


def test_numbered_first_and_last_slides_are_one_section():
    data = _deck(["Akutmodtagelsen 1/2", "Akutmodtagelsen 2/2"])
    assert area_titles(read_pptx(data, filename="plan.pptx")) == ["Akutmodtagelsen"]


def test_a_number_is_kept_when_no_neighbouring_slide_shares_the_title():
    data = _deck(["Indsatsområde 1", "Indsatsområde 2", "Status pr. 2/3"])
    result = read_pptx(data, filename="plan.pptx")
    assert area_titles(result) == ["Indsatsområde 1", "Indsatsområde 2", "Status pr. 2/3"]


def test_a_continued_caption_row_inside_the_table_continues_its_section():
    deck = b.DeckBuilder().title_slide("Handleplan 2023")
    for n, caption in enumerate(["Akutmodtagelsen", "Akutmodtagelsen (fortsat)", "Kommuner"]):
        rows = [[caption, "", ""], HEADER, _row(f"Indsats nummer {n} om samarbejde")]
        spec = TableSpec(rows, merges=[((0, 0), (0, 2))])
        deck.table_slide("Status på indsatser", spec, legend=False, footer="")
    result = read_pptx(deck.to_bytes(), filename="plan.pptx")
    assert area_titles(result) == ["Akutmodtagelsen", "Kommuner"]


def test_a_continued_initiative_row_is_one_initiative():
    deck = b.DeckBuilder().title_slide("Handleplan 2023")
    first = [HEADER, ["Rekruttering af sygeplejersker", "Kampagne igangsat.", "Fælles: HR"]]
    second = [HEADER, ["Rekruttering af sygeplejersker (forts.)", "Opfølgning i april.", ""]]
    deck.table_slide("Personale", TableSpec(first), legend=False, footer="")
    deck.table_slide("Personale (side 2 af 2)", TableSpec(second), legend=False, footer="")
    result = read_pptx(deck.to_bytes(), filename="plan.pptx")
    [item] = result.document["initiatives"]
    assert item["status"] == "Kampagne igangsat.\nOpfølgning i april."


def test_a_continued_table_title_on_a_sheet_continues_its_section():
    rows = [
        ["Akutmodtagelsen"],
        HEADER,
        _row("Indsats om hurtigere triage"),
        [],
        ["Akutmodtagelsen (fortsat)"],
        HEADER,
        _row("Indsats om færre genindlæggelser"),
        [],
        ["Kommuner"],
        HEADER,
        _row("Indsats om udskrivningskonferencer"),
    ]
    result = read_xlsx(b.workbook_bytes({"Indsatser": rows}), filename="plan.xlsx")
    assert area_titles(result) == ["Akutmodtagelsen", "Kommuner"]


# --- bands over a table without themes --------------------------------------------------------

DARK = {"bold": True, "fill": "1F4E78", "colour": "FFFFFF"}


def _banded(bands: dict[str, list[str]]) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    rows: list[list] = [["Handleplan for akutområdet 2023"], [], HEADER]
    merges = []
    for band, titles in bands.items():
        rows.append([Styled(band, **DARK)])
        merges.append((len(rows), 1, len(rows), 3))
        rows.extend(_row(title) for title in titles)
    return rows, merges


BANDS = {
    "Akutmodtagelsen": ["Hurtigere triage i modtagelsen", "Færre genindlæggelser"],
    "Kommuner": ["Udskrivningskonferencer på video"],
}


@pytest.mark.parametrize("sheet", ["Indsatser", "Ark1", "Oversigt", "Status", "Handleplan 2023"])
def test_bands_are_sections_when_nothing_else_names_the_section(sheet):
    rows, merges = _banded(BANDS)
    data = b.rich_workbook_bytes({sheet: SheetSpec(rows, merges)})
    result = read_xlsx(data, filename="plan.xlsx")
    assert sections_of(result) == {
        "Hurtigere triage i modtagelsen": ["Akutmodtagelsen"],
        "Færre genindlæggelser": ["Akutmodtagelsen"],
        "Udskrivningskonferencer på video": ["Kommuner"],
    }
    assert set(themes_of(result).values()) == {None}


def test_bands_under_a_sheet_named_for_its_section_stay_themes():
    rows, merges = _banded(BANDS)
    data = b.rich_workbook_bytes({"Psykiatri": SheetSpec(rows, merges)})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == ["Psykiatri"]
    assert themes_of(result)["Udskrivningskonferencer på video"] == "Kommuner"


def test_bands_stay_themes_on_sheets_that_each_name_a_section_even_in_plan_words():
    rows, merges = _banded(BANDS)
    names = ["Opfølgning på kvalitet", "Kompetenceprogrammer"]
    data = b.rich_workbook_bytes({name: SheetSpec(rows, merges) for name in names})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == names
    assert themes_of(result)["Udskrivningskonferencer på video"] == "Kommuner"


def test_bands_stay_themes_under_a_long_sheet_name_in_plan_words():
    rows, merges = _banded(BANDS)
    data = b.rich_workbook_bytes({"Samarbejde med region og KL": SheetSpec(rows, merges)})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == ["Samarbejde med region og KL"]
    assert themes_of(result)["Udskrivningskonferencer på video"] == "Kommuner"


def test_bands_under_a_section_title_row_stay_themes():
    rows, merges = _banded(BANDS)
    rows[1] = ["Psykiatri"]
    data = b.rich_workbook_bytes({"Ark1": SheetSpec(rows, merges)})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == ["Psykiatri"]
    assert themes_of(result)["Hurtigere triage i modtagelsen"] == "Akutmodtagelsen"


def test_bands_naming_sections_of_other_sheets_are_sections():
    rows, merges = _banded(BANDS)
    other = [HEADER, _row("Fælles indsats om akutpladser")]
    data = b.rich_workbook_bytes({"Samlet": SheetSpec(rows, merges), "Kommuner": SheetSpec(other)})
    result = read_xlsx(data, filename="plan.xlsx")
    found = sections_of(result)
    assert found["Hurtigere triage i modtagelsen"] == ["Akutmodtagelsen"]
    assert found["Udskrivningskonferencer på video"] == ["Kommuner"]
    assert found["Fælles indsats om akutpladser"] == ["Kommuner"]


def test_an_initiative_under_two_bands_makes_the_bands_sections():
    bands = {
        "Akutmodtagelsen": ["Hurtigere triage i modtagelsen", "Færre genindlæggelser"],
        "Kommuner": ["Udskrivningskonferencer på video", "Færre genindlæggelser"],
    }
    rows, merges = _banded(bands)
    data = b.rich_workbook_bytes({"Psykiatri": SheetSpec(rows, merges)})
    found = sections_of(read_xlsx(data, filename="plan.xlsx"))
    assert found["Færre genindlæggelser"] == ["Akutmodtagelsen", "Kommuner"]
    assert found["Hurtigere triage i modtagelsen"] == ["Akutmodtagelsen"]


def test_bands_on_a_slide_titled_for_the_whole_plan_are_sections():
    rows = [HEADER, ["Akutmodtagelsen", "", ""], _row("Hurtigere triage i modtagelsen")]
    rows += [["Kommuner", "", ""], _row("Udskrivningskonferencer på video")]
    spec = TableSpec(rows, merges=[((1, 0), (1, 2)), ((3, 0), (3, 2))])
    for title, expected in [
        ("Status på indsatser", ["Akutmodtagelsen", "Kommuner"]),
        ("Psykiatri", ["Psykiatri"]),
    ]:
        deck = b.DeckBuilder().title_slide("Handleplan for akutområdet 2023")
        deck.table_slide(title, spec, legend=False, footer="")
        result = read_pptx(deck.to_bytes(), filename="plan.pptx")
        assert area_titles(result) == expected, title


# --- drifted repeats and lone titles ----------------------------------------------------------


def test_a_repeat_cut_off_mid_phrase_is_merged():
    full = (
        "Implementering af introduktionsforløb for nyansatte sygeplejersker med inddragelse af "
        "MED-udvalget"
    )
    cut = "Implementering af introduktionsforløb for nyansatte sygeplejersker med"
    assert drift(full, cut).score >= DRIFT_MERGE_THRESHOLD


def test_a_title_with_its_subject_replaced_is_another_initiative():
    one = "Udvikling af visitationsretningslinjer i forhold til de nye nationale retningslinjer"
    other = (
        "Udvikling af rekrutteringskampagne for uddannelseslæger i forhold til de nye "
        "nationale retningslinjer"
    )
    assert drift(one, other).score < DRIFT_MERGE_THRESHOLD
    rows = [HEADER, _row(one), [], ["Kommuner"], HEADER, _row(other)]
    result = read_file(b.workbook_bytes({"Ark1": rows}), filename="plan.xlsx")
    document, merged = merge_suggested(result.document, result.near_matches)
    assert merged == []
    assert len(document["initiatives"]) == 2


def test_a_cover_sheet_with_a_plan_title_is_not_a_table():
    cover = [["Indsatsplan for Regionshospitalet Nord 2023"], [], ["Oversigt over indsatser"]]
    rows = [HEADER, _row("Hurtigere triage i modtagelsen")]
    result = read_xlsx(
        b.workbook_bytes({"Forside": cover, "Akutmodtagelsen": rows}), filename="plan.xlsx"
    )
    assert list(sections_of(result)) == ["Hurtigere triage i modtagelsen"]
    assert [d.code for d in result.skipped] == ["sheet_without_header"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Akut", "Akut (fortsat)", "Kommuner"], ["Akut", "Kommuner"]),
        (["Akut", "Akut (2)", "Kommuner"], ["Akut", "Kommuner"]),
        (["Akut 1 af 2", "Akut 2 af 2"], ["Akut"]),
        (["Kommuner", "Akut (2)"], ["Kommuner", "Akut (2)"]),
    ],
)
def test_a_sheet_named_as_a_continuation_continues_its_section(names, expected):
    sheets = {
        name: [HEADER, _row(f"Indsats nummer {n} om samarbejde")] for n, name in enumerate(names)
    }
    result = read_xlsx(b.workbook_bytes(sheets), filename="plan.xlsx")
    assert area_titles(result) == expected


def test_a_band_repeating_the_sections_own_name_is_no_theme():
    rows = [HEADER, [Styled("Akutmodtagelsen", **DARK)], _row("Hurtigere triage i modtagelsen")]
    data = b.rich_workbook_bytes({"Akutmodtagelsen": SheetSpec(rows, [(2, 1, 2, 3)])})
    result = read_xlsx(data, filename="plan.xlsx")
    assert area_titles(result) == ["Akutmodtagelsen"]
    assert themes_of(result) == {"Hurtigere triage i modtagelsen": None}


def test_a_section_band_continued_on_the_next_slide_keeps_its_section():
    first = [HEADER, ["Akutmodtagelsen", "", ""], _row("Hurtigere triage i modtagelsen")]
    first += [_row("Færre genindlæggelser")]
    second = [HEADER, ["Akutmodtagelsen (fortsat)", "", ""], _row("Flere akutpladser")]
    second += [["Kommuner", "", ""], _row("Udskrivningskonferencer på video")]
    deck = b.DeckBuilder().title_slide("Handleplan for akutområdet 2023")
    deck.table_slide("Status", TableSpec(first, merges=[((1, 0), (1, 2))]), legend=False)
    merges = [((1, 0), (1, 2)), ((3, 0), (3, 2))]
    deck.table_slide("Status (fortsat)", TableSpec(second, merges=merges), legend=False)
    result = read_pptx(deck.to_bytes(), filename="plan.pptx")
    found = sections_of(result)
    assert found["Flere akutpladser"] == ["Akutmodtagelsen"]
    assert found["Udskrivningskonferencer på video"] == ["Kommuner"]
    assert themes_of(result)["Flere akutpladser"] is None


def test_bands_stay_themes_on_slides_whose_titles_name_their_sections_in_plan_words():
    rows = [HEADER, ["Rekruttering", "", ""], _row("Hurtigere triage i modtagelsen")]
    rows += [["Fastholdelse", "", ""], _row("Udskrivningskonferencer på video")]
    spec = TableSpec(rows, merges=[((1, 0), (1, 2)), ((3, 0), (3, 2))])
    deck = b.DeckBuilder().title_slide("Handleplan for akutområdet 2023")
    deck.table_slide("Akutmodtagelsen – status", spec, legend=False, footer="")
    deck.table_slide("Kommuner – status", spec, legend=False, footer="")
    result = read_pptx(deck.to_bytes(), filename="plan.pptx")
    assert area_titles(result) == ["Akutmodtagelsen – status", "Kommuner – status"]
    assert themes_of(result)["Udskrivningskonferencer på video"] == "Fastholdelse"


@pytest.mark.parametrize("mark", ["2/3", "(2 af 3)", "Side 2"])
def test_a_text_box_holding_only_a_page_number_is_not_the_slides_title(mark):
    from pptx.util import Inches

    deck = b.DeckBuilder().title_slide("Handleplan 2023")
    for n in range(2):
        rows = [HEADER, _row(f"Indsats nummer {n} om samarbejde")]
        deck.table_slide("Akutmodtagelsen", TableSpec(rows), title_in_textbox=True)
        slide = deck.prs.slides[-1]
        box = slide.shapes.add_textbox(Inches(11), Inches(0.05), Inches(1), Inches(0.3))
        box.text_frame.text = mark  # above the title: the first text on the slide
    result = read_pptx(deck.to_bytes(), filename="plan.pptx")
    assert area_titles(result) == ["Akutmodtagelsen"]


def test_headings_alone_in_the_initiative_column_of_a_csv_file_are_sections():
    rows = [["Handleplan 2023"], HEADER, ["Akutmodtagelsen"]]
    rows += [_row("Hurtigere triage i modtagelsen"), _row("Færre genindlæggelser"), ["Kommuner"]]
    rows += [_row("Udskrivningskonferencer på video")]
    result = read_file(b.csv_bytes(rows), filename="plan.csv")
    assert sections_of(result) == {
        "Hurtigere triage i modtagelsen": ["Akutmodtagelsen"],
        "Færre genindlæggelser": ["Akutmodtagelsen"],
        "Udskrivningskonferencer på video": ["Kommuner"],
    }


def test_initiatives_without_status_are_not_headings():
    rows = [HEADER, _row("Hurtigere triage i modtagelsen"), ["Flere akutpladser"]]
    rows += [_row("Færre genindlæggelser"), ["Opsporing af sepsis i modtagelsen"]]
    result = read_file(b.csv_bytes(rows), filename="akut.csv")
    assert len(result.document["initiatives"]) == 4
    assert set(themes_of(result).values()) == {None}


def test_a_table_opening_with_sentences_alone_has_no_headings():
    rows = [HEADER, ["Flere akutpladser skal etableres i alle klynger inden sommer."]]
    rows += [_row("Hurtigere triage i modtagelsen"), ["Opsporing af sepsis"]]
    rows += [_row("Færre genindlæggelser")]
    result = read_file(b.csv_bytes(rows), filename="akut.csv")
    assert len(result.document["initiatives"]) == 4


def test_a_data_row_whose_short_cells_look_like_column_names_is_not_the_header():
    long_title = (
        "Udvikling af telefonrådgivning om geriatri til almen praksis for patienter i eget hjem"
    )
    rows = [
        ["Digitalisering og data"],
        ["Indsatsens navn", "Hvor står vi?", "Hvem?"],
        ["Hurtigere triage i modtagelsen på alle hospitaler i regionen", "I gang.", "HR"],
        [long_title, "Projektbeskrivelse er udarbejdet.", "Lokalt: Randersklyngen\nFælles: HR"],
    ]
    result = read_xlsx(b.workbook_bytes({"Digitalisering og data": rows}), filename="plan.xlsx")
    assert len(result.document["initiatives"]) == 2
