"""Danish alphabetical order (core/database.py): the key SQLite's "da" collation sorts by,
and the ``danish`` helpers that sort a query by it on SQLite as on PostgreSQL."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from fremdrift.core.database import danish, danish_compare, danish_key
from fremdrift.core.models import OrgUnit

EXPECTED = [
    "Akut",
    "akutmodtagelse",
    "Bæredygtighed",
    "Ebola",
    "édition",
    "Epidemi",
    "Zoneterapi",
    "Ægteskab",
    "Ängel",
    "Øresund",
    "Öresund",
    "Århus",
]


def test_the_key_puts_ae_oe_and_aa_after_z_in_that_order() -> None:
    words = ["Århus", "Øresund", "Ægteskab", "Zoneterapi", "Akut"]
    assert sorted(words, key=danish_key) == ["Akut", "Zoneterapi", "Ægteskab", "Øresund", "Århus"]


def test_the_key_ignores_case_and_accents_before_it_looks_at_them() -> None:
    shuffled = EXPECTED[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=danish_key) == EXPECTED


def test_a_umlaut_sorts_with_ae_and_o_umlaut_with_oe() -> None:
    assert sorted(["Åse", "Ør", "Öl", "Ærter", "Äpple", "Zulu"], key=danish_key) == [
        "Zulu",
        "Äpple",
        "Ærter",
        "Öl",
        "Ør",
        "Åse",
    ]


def test_words_that_differ_only_in_case_or_accent_still_have_a_fixed_order() -> None:
    assert sorted(["akut", "Akut", "ákut", "Ákut"], key=danish_key) == [
        "Akut",
        "akut",
        "Ákut",
        "ákut",
    ]
    assert danish_compare("Akut", "akut") < 0 < danish_compare("akut", "Akut")
    assert danish_compare("Akut", "Akut") == 0


def test_decomposed_letters_sort_as_the_composed_ones() -> None:
    assert danish_key("A\u030arhus")[:3] == danish_key("Århus")[:3]
    assert sorted(["A\u030arhus", "Øresund"], key=danish_key) == ["Øresund", "A\u030arhus"]


def test_a_long_word_sorts_after_its_beginning_and_before_the_next_letter() -> None:
    assert sorted(["Zz", "Z", "Æ", "Zzzz æ"], key=danish_key) == ["Z", "Zz", "Zzzz æ", "Æ"]


def test_sqlite_connections_know_the_danish_collation(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own collation")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM (SELECT 'Århus' AS w UNION ALL SELECT 'Øresund' UNION ALL "
            "SELECT 'akut' UNION ALL SELECT 'Zoneterapi') ORDER BY w COLLATE \"da\""
        )
        assert [row[0] for row in cursor.fetchall()] == ["akut", "Zoneterapi", "Øresund", "Århus"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ordering",
    [[danish("name")], ["name__danish"]],
    ids=["danish(field)", "field__danish"],
)
def test_a_query_sorted_the_danish_way_is_the_same_on_every_database(ordering: list) -> None:
    shuffled = EXPECTED[:]
    random.Random(3).shuffle(shuffled)
    for name in shuffled:
        OrgUnit.objects.create(name=name)
    names = list(OrgUnit.objects.order_by(*ordering).values_list("name", flat=True))
    assert names == EXPECTED
    backwards = list(OrgUnit.objects.order_by(danish("name").desc()).values_list("name", flat=True))
    assert backwards == EXPECTED[::-1]
