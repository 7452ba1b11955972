"""Measuring text and splitting tables over slides."""

from __future__ import annotations

import pytest

from fremdrift.reports.renderers import measure
from fremdrift.reports.renderers.measure import FontFallbackWarning, Measurer, Piece
from fremdrift.reports.renderers.pagination import SourceRow, TableGeometry, paginate
from tests import tools

GEOMETRY = TableGeometry((120.0, 200.0, 150.0))
HEADER = [[[Piece("Initiativer", bold=True)]], [[Piece("Status", bold=True)]], []]


def data_row(words: int, group: str = "", theme: str = "") -> SourceRow:
    text = " ".join(["vagttilrettelæggelse"] * words)
    cells = [[[Piece(theme, bold=True)]] if theme else [], [[Piece(text)]], [[Piece("Lokalt")]]]
    continued = [[Piece(theme + " (fortsat)", bold=True)]] if theme else None
    return SourceRow(cells, group=group, theme=cells[0] or None, continued_theme=continued)


def test_wrapping_keeps_every_word_and_marks():
    measurer = Measurer("Arial", 11)
    pieces = [Piece("Igangsat på nogle hospitaler. "), Piece("Gensidig orientering.", changed=True)]
    lines = measurer.wrap(pieces, 80)
    assert len(lines) > 1
    words = [w for line in lines for p in line for w in p.text.split()]
    assert words == ["Igangsat", "på", "nogle", "hospitaler.", "Gensidig", "orientering."]
    assert all(p.changed for line in lines for p in line if "orientering" in p.text)
    assert all(measurer.width("".join(p.text for p in line)) <= 80 for line in lines)


def test_a_word_longer_than_the_column_is_broken():
    lines = Measurer("Arial", 11).wrap([Piece("x" * 200)], 50)
    assert len(lines) > 3 and "".join(p.text for line in lines for p in line) == "x" * 200


def test_rows_that_do_not_fit_start_a_new_page_with_the_header():
    rows = [data_row(12) for _ in range(30)]
    pages = paginate(rows, GEOMETRY, HEADER, 300)
    assert len(pages) > 1
    for page in pages:
        assert page.rows[0].header
        assert page.height <= 300


def test_a_row_taller_than_a_page_is_split_and_nothing_is_lost():
    pages = paginate([data_row(400)], GEOMETRY, HEADER, 300)
    assert len(pages) > 2
    assert all(page.height <= 300 for page in pages)
    words = [
        w
        for page in pages
        for row in page.rows[1:]
        for line in row.cells[1]
        for p in line.pieces
        for w in p.text.split()
    ]
    assert words == ["vagttilrettelæggelse"] * 400


def test_a_theme_continued_on_a_new_page_is_labelled_continued():
    rows = [data_row(30, group="Akut", theme="Akut") for _ in range(8)]
    pages = paginate(rows, GEOMETRY, HEADER, 300, theme_column=True)
    assert len(pages) > 1
    first_theme = "".join(p.text for line in pages[0].rows[1].cells[0] for p in line.pieces)
    next_theme = "".join(p.text for line in pages[1].rows[1].cells[0] for p in line.pieces)
    assert first_theme == "Akut"
    assert next_theme == "Akut (fortsat)"
    assert pages[1].rows[1].group_start


def test_missing_fonts_fall_back_to_an_estimate_with_a_warning(monkeypatch):
    monkeypatch.setitem(measure.FONT_FILES, "Nofont", {False: ("/nope.ttf",), True: ("/nope.ttf",)})
    measure._font.cache_clear()
    try:
        with pytest.warns(FontFallbackWarning):
            measurer = Measurer("Nofont", 10)
            assert not measurer.uses_real_metrics
        assert measurer.width("abcd") == pytest.approx(4 * measure.FALLBACK_EM_WIDTH * 10)
        assert len(measurer.wrap([Piece("ord " * 50)], 100)) > 5
    finally:
        measure._font.cache_clear()


@pytest.mark.parametrize("family", ["Arial", "Calibri"])
def test_real_metrics_are_used_when_the_fonts_are_installed(family):
    tools.metric_fonts()
    measure._font.cache_clear()
    measurer = Measurer(family, 10)
    assert measurer.uses_real_metrics
    assert measurer.width("iiii") < measurer.width("WWWW")
