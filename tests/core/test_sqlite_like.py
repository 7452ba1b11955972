"""SQLite's LIKE, which Django's text lookups use there, replaced by one that ignores case
for every letter (æ, ø, å, é, …) and keeps LIKE's meaning otherwise.

The function is tested on a plain SQLite connection, so these tests run the same whichever
database the test suite uses; the last test checks Django's own SQLite connections get it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import connection, connections

from fremdrift.core.database import install_unicode_like


@pytest.fixture
def db3() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    install_unicode_like(conn)
    yield conn
    conn.close()


def like(conn: sqlite3.Connection, text: object, pattern: object, escape: object = None) -> object:
    if escape is None:
        return conn.execute("SELECT ? LIKE ?", (text, pattern)).fetchone()[0]
    return conn.execute("SELECT ? LIKE ? ESCAPE ?", (text, pattern, escape)).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("Århus", "århus"),
        ("århus", "ÅRHUS"),
        ("Økonomi", "%ØKONOMI%"),
        ("Bedre økonomi", "%ØKONOMI%"),
        ("Ærø", "ærø"),
        ("Café", "CAFÉ"),
        ("Region Midtjylland", "%midtjylland"),
    ],
)
def test_letters_match_in_any_case(db3: sqlite3.Connection, text: str, pattern: str) -> None:
    assert like(db3, text, pattern) == 1


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("Århus", "Århus", 1),
        ("Århus", "Århu", 0),  # the whole text, not a part of it
        ("xÅrhus", "Århus%", 0),
        ("Århus", "%hus", 1),
        ("Århus", "_rhus", 1),  # _ is one letter, also a non-ASCII one
        ("Århus", "__rhus", 0),
        ("Århus", "_", 0),
        ("å", "_", 1),
        ("", "", 1),
        ("", "%", 1),
        ("", "_", 0),
        ("a%b", "a%b", 1),
        ("a.*b", "a.*b", 1),  # regular expression characters are plain text
        ("axb", "a.*b", 0),
        ("a[b]c", "a[b]c", 1),
        ("abc", "a[b]c", 0),
        ("Linje et\nlinje to\nlinje tre", "%LINJE TO%", 1),  # % spans lines
        ("a\nb", "a_b", 1),  # _ matches a line break
        ("a\nb", "a%", 1),
    ],
)
def test_percent_underscore_and_plain_text(
    db3: sqlite3.Connection, text: str, pattern: str, expected: int
) -> None:
    assert like(db3, text, pattern) == expected


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("50%", "50\\%", 1),
        ("500", "50\\%", 0),
        ("a_b", "a\\_b", 1),
        ("axb", "a\\_b", 0),
        ("a\\b", "a\\\\b", 1),
        ("ab", "\\ab", 1),  # an escaped plain letter is that letter
        ("AB", "\\ab", 1),
        ("abc", "ab\\", 0),  # an escape at the end matches nothing
        ("ab\\", "ab\\", 0),
        ("Ærø 50%", "%ÆRØ 50\\%%", 1),  # Django's icontains: %, escaped text, %
    ],
)
def test_the_escape_character(
    db3: sqlite3.Connection, text: str, pattern: str, expected: int
) -> None:
    assert like(db3, text, pattern, "\\") == expected


def test_percent_as_the_escape_character_is_no_longer_a_wildcard(db3: sqlite3.Connection) -> None:
    assert like(db3, "abc", "a%c", "%") == 0
    assert like(db3, "a%c", "a%%c", "%") == 1


def test_null_in_gives_null_out(db3: sqlite3.Connection) -> None:
    assert like(db3, None, "a") is None
    assert like(db3, "a", None) is None
    assert db3.execute("SELECT 'a' LIKE 'a' ESCAPE NULL").fetchone()[0] is None
    assert db3.execute("SELECT count(*) FROM (SELECT NULL AS t) WHERE t LIKE '%'").fetchone() == (
        0,
    )


def test_numbers_are_compared_as_their_text(db3: sqlite3.Connection) -> None:
    assert like(db3, 2024, "20%") == 1
    assert like(db3, 1.5, "1._") == 1


def test_an_escape_of_more_than_one_character_is_an_error(db3: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.Error):
        like(db3, "a", "a", "ab")
    with pytest.raises(sqlite3.Error):
        like(db3, "a", "a", "")


def test_a_long_text_with_a_missing_word_is_answered_quickly(db3: sqlite3.Connection) -> None:
    text = "å" * 200_000
    assert like(db3, text, "%Åb%", "\\") == 0
    assert like(db3, text + "b", "%Åb%", "\\") == 1


@pytest.mark.django_db
def test_every_sqlite_connection_django_opens_uses_it() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's UPPER already ignores case beyond A-Z")
    fresh = connections.create_connection("default")  # as a new thread or request would
    try:
        for conn in (connection, fresh):
            with conn.cursor() as cursor:
                cursor.execute("SELECT 'Århus' LIKE 'århus', 'ØKONOMI' LIKE '%økonomi%'")
                assert cursor.fetchone() == (1, 1)
    finally:
        fresh.close()
