"""Reference geography: municipalities and clusters, and the code mapping of spec §9.3.

The packaged table (``data/municipalities.csv``: ``code,name,cluster[,population]``) holds
Region Midtjylland's 19 municipalities and 5 sundhedsklynger; a user may pass another file
with the same columns.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MUNICIPALITIES = Path(__file__).with_name("data") / "municipalities.csv"
REGION_CODE = "RM"
UNKNOWN = "Ukendt"
OTHER_REGIONS = "Øvrige regioner"
REQUIRED_COLUMNS = ("code", "name", "cluster")

_THREE_DIGITS = re.compile(r"[0-9]{3}")


class GeographyError(ValueError):
    """The reference file cannot be used; the message names file, row and column."""


@dataclass(frozen=True)
class Municipality:
    """One municipality of the region."""

    code: str
    name: str
    cluster: str
    population: int | None = None


def load_municipalities(path: str | Path | None = None) -> list[Municipality]:
    """Read the reference table (the packaged one when ``path`` is None)."""
    source = Path(path) if path is not None else DEFAULT_MUNICIPALITIES
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise GeographyError(f"{source}: missing column {missing[0]!r}")
            rows = [_municipality(source, n, row) for n, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise GeographyError(f"{source}: cannot read file ({exc.strerror})") from None
    codes = [m.code for m in rows]
    if len(set(codes)) != len(codes):
        raise GeographyError(f"{source}: a municipality code occurs twice")
    if not rows:
        raise GeographyError(f"{source}: no municipalities")
    return rows


def _municipality(source: Path, line: int, row: dict[str, str]) -> Municipality:
    code = (row.get("code") or "").strip()
    if not _THREE_DIGITS.fullmatch(code):
        raise GeographyError(f"{source}, line {line}, column 'code': expected three digits")
    name = (row.get("name") or "").strip()
    cluster = (row.get("cluster") or "").strip()
    if not name or not cluster:
        raise GeographyError(f"{source}, line {line}: name and cluster must not be empty")
    population = (row.get("population") or "").strip()
    return Municipality(code, name, cluster, int(population) if population.isdigit() else None)


def map_code(raw: str | None, known: set[str] | frozenset[str]) -> str:
    """Map a raw municipality code to a municipality-level geo_code (§9.3).

    One of the region's codes maps to itself, any other string of exactly three digits to
    ``Øvrige regioner``, empty or anything else to ``Ukendt``.
    """
    code = (raw or "").strip()
    if code in known:
        return code
    if _THREE_DIGITS.fullmatch(code):
        return OTHER_REGIONS
    return UNKNOWN


def geo_id_sql(column: str, codes: list[str]) -> str:
    """SQL expression doing :func:`map_code` on text as stored, as a small integer id.

    Ids 1..n are the municipalities in ``codes`` order, n+1 is ``Øvrige regioner`` and
    n+2 is ``Ukendt`` (see :func:`geo_rows`).
    """
    listed = "[" + ", ".join("'" + code.replace("'", "''") + "'" for code in codes) + "]"
    n = len(codes)
    # list_position is NULL for text that is not listed (and for NULL): one search per row;
    # the text is trimmed only where it is not a listed code as stored (written once: a
    # repeated expression would be worked out for every row)
    return (
        f"coalesce(list_position({listed}, {column}), "  # noqa: S608
        f"list_position({listed}, trim({column})), "
        f"CASE WHEN regexp_full_match({column}, ' *[0-9]{{3}} *') THEN {n + 1} "
        f"ELSE {n + 2} END)"
    )


def geo_rows(municipalities: list[Municipality]) -> list[tuple[int, str, str, str | None]]:
    """``(geo_id, geo_code, geo_name, cluster)`` for every municipality-level geography."""
    rows: list[tuple[int, str, str, str | None]] = [
        (i, m.code, m.name, m.cluster) for i, m in enumerate(municipalities, start=1)
    ]
    n = len(municipalities)
    rows.append((n + 1, OTHER_REGIONS, OTHER_REGIONS, None))
    rows.append((n + 2, UNKNOWN, UNKNOWN, None))
    return rows
