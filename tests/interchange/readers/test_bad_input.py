"""Bad input is refused with one ReadError line naming what and where, and nothing else."""

from __future__ import annotations

import os

import pytest

from fremdrift.interchange.readers import (
    Limits,
    ReadError,
    read_csv,
    read_file,
    read_pptx,
    read_xlsx,
)

from . import builders as b


def small_deck() -> bytes:
    deck = b.DeckBuilder().title_slide("Plan", "1. marts 2022")
    deck.table_slide("Kommuner", b.TableSpec([b.WINTER_HEADER_3, ["Dataoverblik", "I gang", ""]]))
    return deck.to_bytes()


def small_workbook() -> bytes:
    return b.workbook_bytes({"Plan": [["Indsats", "Status"], ["Dataoverblik", "I gang"]]})


def small_csv() -> bytes:
    return b.csv_bytes([["Indsats", "Status"], ["Dataoverblik", "I gang"]])


def refused(reader, data, filename, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as caught:
        reader(data, filename=filename, **kwargs)
    error = caught.value
    assert "\n" not in str(error)
    assert str(error).startswith(filename)
    return error


# --- damaged files and wrong types ------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_pptx, read_file])
def test_a_truncated_deck_is_refused_as_damaged(reader):
    data = small_deck()
    error = refused(reader, data[: len(data) // 2], "plan.pptx")
    assert error.code == "damaged_zip"
    assert "damaged or truncated" in error.message


def test_a_truncated_workbook_is_refused_as_damaged():
    assert refused(read_xlsx, small_workbook()[:-100], "plan.xlsx").code == "damaged_zip"


def test_a_text_file_named_pptx_is_refused_naming_what_it_is():
    error = refused(read_file, b"Indsats;Status\nA;B\n", "plan.pptx")
    assert error.code == "content_mismatch"
    assert "PowerPoint presentation" in error.message and "text file" in error.message


def test_a_workbook_named_pptx_is_refused():
    error = refused(read_file, small_workbook(), "plan.pptx")
    assert error.code == "content_mismatch"
    assert "Excel workbook" in error.message


def test_a_deck_named_csv_or_xlsx_is_refused():
    assert refused(read_file, small_deck(), "plan.csv").code == "content_mismatch"
    assert refused(read_file, small_deck(), "plan.xlsx").code == "content_mismatch"
    assert refused(read_csv, small_deck(), "plan.csv").code == "content_mismatch"


def test_an_old_binary_office_file_is_refused_with_its_type():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    error = refused(read_file, data, "plan.pptx")
    assert "old Office file" in error.message


def test_random_bytes_are_refused():
    data = bytes(range(256)) * 4
    assert refused(read_file, data, "plan.pptx").code == "content_mismatch"
    assert refused(read_file, data, "plan.csv").code == "content_mismatch"


def test_an_empty_file_is_refused():
    assert refused(read_file, b"", "plan.csv").code == "empty_file"


def test_an_unsupported_extension_is_refused():
    error = refused(read_file, b"{}", "plan.docx")
    assert error.code == "unsupported_extension"
    assert ".docx" in error.message


def test_a_file_without_extension_is_read_by_its_content():
    result = read_file(small_workbook(), filename="plan")
    assert result.document["initiatives"][0]["title"] == "Dataoverblik"


def test_a_deck_missing_its_presentation_part_is_refused():
    data = b.rezip(small_deck(), drop=["ppt/presentation.xml"])
    assert refused(read_file, data, "plan.pptx").code == "content_mismatch"


def test_a_deck_missing_a_slide_part_is_refused_as_unreadable():
    data = b.rezip(small_deck(), drop=["ppt/slides/slide2.xml"])
    assert refused(read_pptx, data, "plan.pptx").code == "unreadable_pptx"


def test_a_missing_file_is_refused(tmp_path):
    error = refused(read_file, tmp_path / "findes-ikke.pptx", "findes-ikke.pptx")
    assert error.code == "cannot_open"


# --- nothing to read --------------------------------------------------------------------------


def test_a_deck_without_any_table_is_refused():
    deck = b.DeckBuilder().title_slide("Plan").text_slide("Baggrund", "Tekst")
    error = refused(read_pptx, deck.to_bytes(), "plan.pptx")
    assert error.code == "no_table"


def test_a_deck_whose_tables_are_all_unrecognised_is_refused():
    deck = b.DeckBuilder().table_slide("KPI", b.TableSpec([["Kommune", "Tal"], ["Aarhus", "1"]]))
    assert refused(read_pptx, deck.to_bytes(), "plan.pptx").code == "no_table"


def test_a_csv_without_a_header_is_refused():
    assert refused(read_csv, b"1;2;3\n4;5;6\n", "plan.csv").code == "no_table_found"


def test_a_workbook_without_a_table_is_refused():
    data = b.workbook_bytes({"Ark1": [["Noter"], ["Fri tekst"]]})
    assert refused(read_xlsx, data, "plan.xlsx").code == "no_table_found"


def test_a_workbook_missing_the_title_column_names_the_sheet_and_columns():
    data = b.workbook_bytes({"Personale": [["Tema", "Status", "Dato"], ["x", "y", "z"]]})
    error = refused(read_xlsx, data, "plan.xlsx")
    assert error.code == "missing_title_column"
    assert error.location.sheet == "Personale"
    assert "sheet “Personale”" in str(error)
    assert "“Tema”, “Status”, “Dato”" in error.message


def test_a_sheet_missing_the_title_column_beside_a_good_sheet_is_a_warning():
    data = b.workbook_bytes(
        {"Plan": [["Indsats", "Status"], ["PAL", "I gang"]], "Møder": [["Dato", "Status"]]}
    )
    result = read_xlsx(data, filename="plan.xlsx")
    assert [(d.code, d.location.sheet) for d in result.warnings] == [
        ("sheet_missing_title_column", "Møder")
    ]


# --- limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "make", "name"),
    [
        (read_pptx, small_deck, "plan.pptx"),
        (read_xlsx, small_workbook, "plan.xlsx"),
        (read_csv, small_csv, "plan.csv"),
        (read_file, small_deck, "plan.pptx"),
    ],
)
def test_a_file_over_the_size_limit_is_refused(reader, make, name):
    error = refused(reader, make(), name, limits=Limits(max_bytes=20))
    assert error.code == "too_large"


def test_a_large_file_on_disk_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)  # sparse: 26 MB without writing them
    error = refused(read_file, path, "stor.csv")
    assert error.code == "too_large"
    assert "26.0 MB" in error.message and "25.0 MB" in error.message


def test_a_zip_member_unpacking_beyond_the_limit_is_refused():
    data = b.rezip(small_deck(), add={"ppt/media/image9.bin": os.urandom(300_000)})
    limits = Limits(max_uncompressed=250_000)
    error = refused(read_pptx, data, "plan.pptx", limits=limits)
    assert error.code == "zip_too_large_unpacked"
    assert "image9.bin" in error.message


def test_all_members_together_unpacking_beyond_the_limit_are_refused():
    members = {f"xl/media/part{n}.bin": os.urandom(60_000) for n in range(5)}
    data = b.rezip(small_workbook(), add=members)
    error = refused(read_xlsx, data, "plan.xlsx", limits=Limits(max_uncompressed=200_000))
    assert error.code == "zip_too_large_unpacked"


@pytest.mark.parametrize(
    ("reader", "make", "name", "member"),
    [
        (read_pptx, small_deck, "plan.pptx", "ppt/media/zeros.bin"),
        (read_xlsx, small_workbook, "plan.xlsx", "xl/media/zeros.bin"),
    ],
)
def test_a_zip_bomb_is_refused_by_its_compression_ratio(reader, make, name, member):
    data = b.rezip(make(), add={member: bytes(20 * 1024 * 1024)})
    assert len(data) < 200_000
    error = refused(reader, data, name)
    assert error.code == "zip_ratio"
    assert "zip bomb" in error.message


def test_too_many_zip_members_are_refused():
    error = refused(read_pptx, small_deck(), "plan.pptx", limits=Limits(max_zip_members=5))
    assert error.code == "zip_too_many_members"


def test_a_deck_with_too_many_table_rows_is_refused():
    error = refused(read_pptx, b.winter_deck(), "plan.pptx", limits=Limits(max_rows=10))
    assert error.code == "too_many_rows"
    assert error.location.slide is not None


def test_a_workbook_with_too_many_rows_is_refused():
    rows = [["Indsats"]] + [[f"Indsats {n}"] for n in range(30)]
    data = b.workbook_bytes({"Plan": rows})
    error = refused(read_xlsx, data, "plan.xlsx", limits=Limits(max_rows=20))
    assert error.code == "too_many_rows"
    assert "20" in error.message


def test_a_csv_with_too_many_rows_is_refused():
    data = b.csv_bytes([["Indsats"]] + [[f"Indsats {n}"] for n in range(50)])
    assert refused(read_csv, data, "plan.csv", limits=Limits(max_rows=20)).code == "too_many_rows"


def test_a_csv_field_beyond_the_csv_modules_limit_is_refused():
    data = b'Indsats;Status\n"' + b"x" * 200_000 + b'";I gang\n'
    assert refused(read_csv, data, "plan.csv").code == "unreadable_csv"
