"""Which cells of the indicator table anyone but an indicator officer sees hidden.

One place, applied to the engine's output before it is stored or written public
(docs/indicators.md, "Hiding small numbers"):

1. **Primary** (spec §9.13, the engine's ``suppressed`` column): a count of 1–4, or a rate
   whose numerator or denominator is 1–4.
2. **Complementary**: the table holds sums. Per indicator, sector and period a cluster is the
   sum of its municipalities, the region the sum of its clusters and of the municipality-level
   rows that belong to no cluster (``Ukendt``, ``Øvrige regioner``); per sector, period and
   place ``fb_days`` is ``fb_days_1_2 + fb_days_3plus``. When exactly one cell of such a sum
   is hidden it is the visible total minus the visible parts, so a second cell of the sum is
   hidden as well: the smallest visible part that is not itself a total (then the smallest
   total, then the sum's total). This repeats until no sum has exactly one hidden cell.

A hidden cell hides everything additive: numerator, denominator, value and provisional. An
absent cell is a visible zero and is never chosen. Pure Python over plain dicts: used by the
worker, the command line and a data migration alike.
"""

from __future__ import annotations

import csv
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fremdrift.indicators.engine.geography import REGION_CODE, Municipality, load_municipalities

Key = tuple[str, str, str, str, str, str]  # indicator, sector, period_type, period, level, code

FB_TOTAL = "fb_days"
FB_PARTS = ("fb_days_1_2", "fb_days_3plus")
# The columns a public output leaves blank for a hidden cell.
HIDDEN_COLUMNS = ("numerator", "denominator", "value", "provisional")
KEY_COLUMNS = ("indicator", "sector", "period_type", "period", "geo_level", "geo_code")


def key_of(row: Mapping[str, Any]) -> Key:
    return (
        str(row["indicator"]),
        str(row["sector"]),
        str(row["period_type"]),
        str(row["period"]),
        str(row["geo_level"]),
        str(row["geo_code"]),
    )


def _count(value: Any) -> int:
    if value is None or value == "":
        return 0
    return int(value)


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def primary(row: Mapping[str, Any]) -> bool:
    """Spec §9.13: numerator (or, for rates, the denominator) between 1 and 4."""
    return 1 <= _count(row.get("numerator")) <= 4 or 1 <= _count(row.get("denominator")) <= 4


def _size(row: Mapping[str, Any]) -> tuple[int, int, int]:
    return (
        _count(row.get("numerator")),
        _count(row.get("denominator")),
        _count(row.get("provisional")),
    )


def equations(
    keys: Iterable[Key], municipalities: Sequence[Municipality] | None = None
) -> list[tuple[Key, list[Key]]]:
    """Every sum the table holds, as ``(total, parts)`` over the keys that occur (and the
    absent ones, which are visible zeros)."""
    table = list(municipalities) if municipalities is not None else load_municipalities()
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for m in table:
        by_cluster[m.cluster].append(m.code)
    in_cluster = {m.code for m in table}
    groups: dict[tuple[str, str, str, str], set[tuple[str, str]]] = defaultdict(set)
    places: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    for key in keys:
        groups[key[:4]].add(key[4:])
        places[(key[1], key[2], key[3], key[4], key[5])].add(key[0])
    found: list[tuple[Key, list[Key]]] = []
    for group, geos in sorted(groups.items()):
        for cluster, codes in sorted(by_cluster.items()):
            found.append(
                (
                    (*group, "cluster", cluster),
                    [(*group, "municipality", code) for code in sorted(codes)],
                )
            )
        outside = sorted(code for level, code in geos if level == "municipality")
        outside = [code for code in outside if code not in in_cluster]
        parts = [(*group, "cluster", c) for c in sorted(by_cluster)]
        parts += [(*group, "municipality", code) for code in outside]
        found.append(((*group, "region", REGION_CODE), parts))
    for (sector, period_type, period, level, code), indicators in sorted(places.items()):
        if indicators & {FB_TOTAL, *FB_PARTS}:
            found.append(
                (
                    (FB_TOTAL, sector, period_type, period, level, code),
                    [(part, sector, period_type, period, level, code) for part in FB_PARTS],
                )
            )
    return found


def hidden_keys(
    rows: Iterable[Mapping[str, Any]],
    municipalities: Sequence[Municipality] | None = None,
    *,
    complementary: bool = True,
) -> set[Key]:
    """The keys of the cells a public view hides (primary and complementary)."""
    with _paused_gc():
        cells = {key_of(row): row for row in rows}
        sizes = {key: _size(row) for key, row in cells.items()}
        flagged = {key for key, row in cells.items() if _flag(row.get("suppressed"))}
        return _hidden(sizes, flagged, municipalities, complementary=complementary)


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Python's cycle collector off while building many small tuples and lists that form no
    cycles (it would otherwise scan them again and again: about half the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _hidden(
    sizes: Mapping[Key, tuple[int, int, int]],
    flagged: set[Key],
    municipalities: Sequence[Municipality] | None,
    *,
    complementary: bool = True,
) -> set[Key]:
    """:func:`hidden_keys` over ``(numerator, denominator, provisional)`` per key and the keys
    the engine flagged. Passes over the sums in order until none has exactly one hidden
    cell; the number of hidden cells of each sum is kept up to date as cells are hidden
    (rather than counted again at every visit), which chooses exactly the same cells."""
    hidden = set(flagged)
    hidden.update(key for key, (num, den, _prov) in sizes.items() if 1 <= num <= 4 or 1 <= den <= 4)
    if not complementary:
        return hidden
    sums = equations(sizes, municipalities)
    totals = {total for total, _parts in sums}
    count = [0] * len(sums)
    member_of: dict[Key, list[int]] = defaultdict(list)
    for i, (total, parts) in enumerate(sums):
        for key in (total, *parts):
            if key in sizes:
                member_of[key].append(i)
                if key in hidden:
                    count[i] += 1
    changed = True
    while changed:
        changed = False
        for i, (total, parts) in enumerate(sums):
            if count[i] != 1:
                continue
            chosen = _complement(total, parts, sizes, hidden, totals)
            if chosen is not None:
                hidden.add(chosen)
                for j in member_of[chosen]:
                    count[j] += 1
                changed = True
    return hidden


def _complement(
    total: Key,
    parts: list[Key],
    sizes: Mapping[Key, tuple[int, int, int]],
    hidden: set[Key],
    totals: set[Key],
) -> Key | None:
    visible = [k for k in parts if k in sizes and k not in hidden]
    if visible:
        return min(visible, key=lambda k: (k in totals, sizes[k], k))
    if total in sizes and total not in hidden:
        return total
    return None  # pragma: no cover - a sum with one hidden cell always has another one


def apply(
    rows: Iterable[Mapping[str, Any]],
    municipalities: Sequence[Municipality] | None = None,
) -> list[dict[str, Any]]:
    """The rows with ``hidden`` set (a copy; the engine's ``suppressed`` is kept)."""
    rows = [dict(row) for row in rows]
    hidden = hidden_keys(rows, municipalities)
    for row in rows:
        row["hidden"] = key_of(row) in hidden
    return rows


def public_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row as a public output writes it: blank figures where hidden."""
    result = {k: v for k, v in row.items() if k != "hidden"}
    if row.get("hidden"):
        for name in HIDDEN_COLUMNS:
            result[name] = None
        result["suppressed"] = True
    return result


def write_public_csv(
    source_csv: Path,
    target_csv: Path,
    municipalities: Sequence[Municipality] | None = None,
) -> int:
    """Write ``target_csv`` from the engine's ``source_csv``: the same columns and rows,
    with numerator, denominator, value and provisional blank and ``suppressed`` true for
    every hidden cell. Returns the rows written.

    Works on the rows as lists of text (the engine's table has about 100,000 rows at
    5 million contacts); the result is that of :func:`apply` and :func:`public_row`."""
    with _paused_gc():  # about 100,000 rows of lists: no cycles to collect
        with source_csv.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader, None) or []
            width = len(columns)
            # as csv.DictReader: blank lines are skipped, missing fields are blank
            rows = [
                row if len(row) == width else (row + [""] * width)[:width] for row in reader if row
            ]
        position = {name: i for i, name in enumerate(columns)}
        key_at = [position[name] for name in KEY_COLUMNS]
        num_at, den_at, prov_at = (
            position.get(n) for n in ("numerator", "denominator", "provisional")
        )
        flag_at = position.get("suppressed")
        sizes: dict[Key, tuple[int, int, int]] = {}
        flags: dict[Key, bool] = {}
        keys = []
        for row in rows:  # a key that occurs twice counts with its last row, as in apply()
            key = tuple(row[i] for i in key_at)
            keys.append(key)
            sizes[key] = (
                0 if num_at is None else _count(row[num_at]),
                0 if den_at is None else _count(row[den_at]),
                0 if prov_at is None else _count(row[prov_at]),
            )
            flags[key] = flag_at is not None and _flag(row[flag_at])
        hidden = _hidden(sizes, {key for key, flag in flags.items() if flag}, municipalities)
        blank_at = [position[name] for name in HIDDEN_COLUMNS if name in position]
        from fremdrift.core.xlsx import CsvWriter

        with target_csv.open("w", encoding="utf-8", newline="") as handle:
            writer = CsvWriter(handle, delimiter=",")
            writer.writerow(columns)
            for row, key in zip(rows, keys, strict=True):
                if key in hidden:
                    row = list(row)
                    for i in blank_at:
                        row[i] = ""
                    if flag_at is not None:
                        row[flag_at] = "true"
                writer.writerow(row)
        return len(rows)
