"""Sentence splitting and change marking."""

from __future__ import annotations

import pytest

from fremdrift.reports.marking import MarkedText, mark_changes, sentences, split_sentences


def changed_texts(marked: MarkedText) -> list[str]:
    return [s.text for s in marked if s.changed]


@pytest.mark.parametrize(
    "text",
    [
        "Jf. Regionsrådets beslutning 27. oktober 2021.",
        "Der ses ind i en vinter med pres bl.a. COVID-19 og personale.",
        "Vikarer, podere m.fl. Indgår i planen.",
        "Prøvehandlinger f.eks. Med varierende vagtlængder.",
        "Opstart i 1. kvartal 2022 efter aftale.",
        "Analyse og endelig afklaring medio jan. 2022.",
    ],
)
def test_abbreviations_and_dates_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_full_stops_before_a_capital_end_sentences():
    assert sentences("Igangsat. Opfølgning i 1. kvt. 2022. Status til HL.") == [
        "Igangsat.",
        "Opfølgning i 1. kvt. 2022.",
        "Status til HL.",
    ]


def test_line_breaks_are_sentence_boundaries():
    assert sentences("Er indtalt\nAktiveret den 22. november 2021") == [
        "Er indtalt",
        "Aktiveret den 22. november 2021",
    ]


@pytest.mark.parametrize(
    "text",
    ["", "  ", "A. B.  C\n\n D.\r\nE ", "Igangsat.\n\n  Opfølgning.  ", "• Punkt\n• Punkt to"],
)
def test_joining_the_pieces_gives_back_the_text(text):
    assert "".join(p for p, _ in split_sentences(text)) == text
    assert mark_changes("noget andet", text).text == text
    assert mark_changes(None, text).text == text


def test_an_added_sentence_is_marked_and_the_old_ones_are_not():
    marked = mark_changes("Igangsat.", "Igangsat. Aftalt på møde 24. november 2021.")
    assert changed_texts(marked) == ["Aftalt på møde 24. november 2021."]
    assert marked.text == "Igangsat. Aftalt på møde 24. november 2021."


def test_a_replaced_sentence_is_marked():
    marked = mark_changes("Igangsat. Opstart i 4. kvartal.", "Igangsat. Opstart i 1. kvartal.")
    assert changed_texts(marked) == ["Opstart i 1. kvartal."]


def test_a_deleted_sentence_marks_nothing():
    assert not mark_changes("Igangsat. Opstart i 4. kvartal.", "Igangsat.").has_changes


def test_equal_texts_have_nothing_marked():
    text = "Er indtalt.\nAktiveret den 22. november 2021."
    assert not mark_changes(text, text).has_changes


def test_whitespace_only_differences_are_not_changes():
    old = "Er indtalt.  Aktiveret den 22.  november 2021."
    new = "Er indtalt.\nAktiveret den 22. november   2021. "
    assert not mark_changes(old, new).has_changes


def test_a_new_initiative_has_every_sentence_marked_but_not_the_separators():
    marked = mark_changes(None, "Igangsat. Opfølgning.\nLokalt")
    assert changed_texts(marked) == ["Igangsat.", "Opfølgning.", "Lokalt"]
    assert [s.text for s in marked if not s.changed] == [" ", "\n"]


def test_plain_text_has_nothing_marked():
    assert not MarkedText.plain("Igangsat.").has_changes
    assert MarkedText.plain("").segments == ()


def test_a_full_stop_added_at_the_end_of_a_sentence_is_not_a_change():
    marked = mark_changes("Opfølgning på driftsmøder", "Opfølgning på driftsmøder. Status på AL")
    assert changed_texts(marked) == ["Status på AL"]
