"""The shared spreadsheet writer: formula-like text stays text; the CSV escape is undone exactly."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fremdrift.core.xlsx import (
    CsvWriter,
    csv_bytes,
    csv_text,
    csv_unescape,
    write_csv_text,
    xlsx_bytes,
)

TEXTS = [
    "=1+1",
    "+45 1234",
    "-",
    "-2+3",
    "@SUM(1)",
    "\tfane",
    "\rretur",
    "'=1",
    "''+x",
    "'",
    "tekst",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_csv_escape_is_undone_exactly_by_the_importers_unescape(text):
    assert csv_unescape(csv_text(text)) == text


def test_only_formula_like_text_gets_a_quote_in_csv_and_numbers_stay_numbers():
    assert [csv_text(v) for v in ["=1", "+1", "-1", "@a", "a=1", "Ærø", -2, 3.5, None]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "a=1",
        "Ærø",
        -2,
        3.5,
        None,
    ]


def test_a_csv_file_starts_with_a_byte_order_mark_and_uses_semicolons():
    data = csv_bytes(["Navn", "Tal"], [["=A1", -1]])
    assert data.decode("utf-8") == "\ufeffNavn;Tal\r\n'=A1;-1\r\n"


def test_a_workbook_holds_formula_like_text_and_error_codes_as_strings():
    data = xlsx_bytes("Ark", ["Tekst"], [["=SUM(A1:A2)"], ["#N/A"], ["ab\x01c"], [-2]])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2)]
    assert cells == [("=SUM(A1:A2)", "s"), ("#N/A", "s"), ("abc", "s"), (-2, "n")]


_CELL = st.one_of(
    st.sampled_from(TEXTS + ["a,b", 'say "hi"', "line\nbreak", "x;y", "Øvrige regioner", "7"]),
    st.text(alphabet="ab=+-@'\t\r\n,;\" 0", max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=4), max_size=6), st.sampled_from([",", ";"]))
def test_text_rows_are_written_exactly_as_the_shared_writer_writes_them(rows, delimiter):
    """``write_csv_text`` (rows joined at once, the escape only on columns that need it) gives
    the bytes of ``CsvWriter.writerows``, formula-like text escaped and quoting included."""
    fast, slow = io.StringIO(), io.StringIO()
    write_csv_text(fast, rows, delimiter=delimiter)
    CsvWriter(slow, delimiter=delimiter).writerows(rows)
    assert fast.getvalue() == slow.getvalue()
