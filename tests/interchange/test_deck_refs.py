"""The references a deck's table carries in its shape's name, paired with the rows read."""

from __future__ import annotations

from fremdrift.interchange.deck_refs import parse_table_name, row_references, table_name

WRITTEN = [
    ("", "", "Status Opfølgning"),  # the header
    ("a", "Første indsats", "I gang."),
    ("b", "Anden indsats", "Afventer."),
    ("c", "Tredje indsats", "Afsluttet."),
]


def _refs():
    refs = parse_table_name(table_name(WRITTEN, 1))
    assert refs is not None
    return refs


def _read(rows):
    return row_references(_refs(), [t for t, _r in rows], [r for _t, r in rows])


def test_unchanged_rows_keep_their_references():
    rows = [("", "Status Opfølgning")] + [(t, r) for _ref, t, r in WRITTEN[1:]]
    assert _read(rows) == [None, "a", "b", "c"]


def test_a_renamed_row_keeps_its_reference():
    rows = [
        ("", ""),
        ("Første indsats", "x"),
        ("Nyt navn", "Afventer. Mere."),
        ("Tredje indsats", ""),
    ]
    assert _read(rows) == [None, "a", "b", "c"]


def test_rows_added_and_removed_do_not_shift_references():
    rows = [("", ""), ("Ny indsats", "Ny"), ("Første indsats", ""), ("Tredje indsats", "")]
    assert _read(rows) == [None, None, "a", "c"]


def test_a_renamed_row_beside_an_added_one_is_found_by_its_other_cells():
    rows = [
        ("", ""),
        ("Første indsats", "I gang."),
        ("Ny indsats", "Ny status"),
        ("Nyt navn", "Afventer."),
        ("Tredje indsats", "Afsluttet."),
    ]
    assert _read(rows) == [None, "a", None, "b", "c"]


def test_a_row_typed_over_in_place_is_taken_as_renamed():
    """As in a workbook, whose hidden reference stays with the row a user types over."""
    rows = [("", ""), ("Første indsats", ""), ("Anden indsats", ""), ("Ny", "Ny status")]
    assert _read(rows) == [None, "a", "b", "c"]


def test_a_copy_whose_every_title_changed_carries_no_references():
    rows = [("", ""), ("X", "I gang."), ("Y", "Afventer."), ("Z", "Afsluttet.")]
    assert _read(rows) == [None, None, None, None]


def test_other_names_carry_no_references():
    for name in ("Tabel 3", "", None, "Fremdrift", "Fremdrift x a~1", "Fremdrift 1 - -"):
        assert parse_table_name(name) is None


def test_a_reference_with_spaces_or_tildes_survives_the_name():
    refs = parse_table_name(table_name([("en ref~med", "Titel", "")], 0))
    assert refs is not None and refs.rows[0].ref == "en ref~med"
