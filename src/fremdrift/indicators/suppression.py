"""Which cells of the indicator table anyone but an indicator officer sees hidden.

One place, applied to the engine's output before it is stored or written public
(docs/indicators.md, "Hiding small numbers"):

1. **Primary** (spec §9.13, the engine's ``suppressed`` column): a count of 1–4, or a rate
   whose numerator or denominator is 1–4; and, beyond §9.13, a rate whose provisional count
   (index admissions not yet judgeable) is 1–4: it counts patients as plainly.
2. **Complementary**: the table holds sums. Per indicator, sector and period a cluster is the
   sum of its municipalities, the region the sum of its clusters and of the municipality-level
   rows that belong to no cluster (``Ukendt``, ``Øvrige regioner``); per sector, period and
   place ``fb_days`` is ``fb_days_1_2 + fb_days_3plus``. When exactly one cell of such a sum
   is hidden it is the visible total minus the visible parts, so a second cell of the sum is
   hidden as well: the smallest visible part that is not itself a total (then the smallest
   total, then the sum's total). This repeats until no sum has exactly one hidden cell.

A hidden cell hides everything additive: numerator, denominator, value and provisional. An
absent cell is a visible zero and is never chosen. Pure Python over plain dicts: used by the
worker, the engine (:func:`hidden_rows`, for ``indicators_public.csv``) and a data migration
alike.
"""

from __future__ import annotations

import csv
import gc
import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from fremdrift.indicators.engine.geography import REGION_CODE, Municipality, load_municipalities

Key = tuple[str, str, str, str, str, str]  # indicator, sector, period_type, period, level, code

FB_TOTAL = "fb_days"
FB_PARTS = ("fb_days_1_2", "fb_days_3plus")
_FB_INDICATORS = frozenset({FB_TOTAL, *FB_PARTS})
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
    """Spec §9.13: numerator (or, for rates, the denominator) between 1 and 4; or the
    provisional count between 1 and 4."""
    return any(1 <= figure <= 4 for figure in _size(row))


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
        keys = list(cells)
        sizes = [_size(row) for row in cells.values()]
        hidden = {n for n, row in enumerate(cells.values()) if _flag(row.get("suppressed"))}
        hidden.update(n for n, size in enumerate(sizes) if any(1 <= f <= 4 for f in size))
        if complementary:
            at = {key: n for n, key in enumerate(keys)}
            _add_complementary(hidden, keys, at, sizes.__getitem__, municipalities)
        return {keys[n] for n in hidden}


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


class _Sums:
    """The sums of :func:`equations`, found from a cell instead of listed.

    The sums fall apart into tables that share no cell: a group (indicator, sector and
    period) of its own, or for the ``fb_days`` indicators the three groups of a sector and
    period together with the ``fb_days`` sums of its places. Within its table a sum is named
    by a tuple that sorts as :func:`equations` lists the sums: ``(0, indicator, n)`` for the
    n-th cluster of a group (n = the number of clusters for its region), ``(1, level, code)``
    for a place's ``fb_days``. A property test holds this to :func:`equations`."""

    def __init__(
        self,
        keys: Collection[Key],
        municipalities: Sequence[Municipality] | None,
        place_codes: Iterable[str] | None = None,
    ):
        table = list(municipalities) if municipalities is not None else load_municipalities()
        by_cluster: dict[str, list[str]] = defaultdict(list)
        for m in table:
            by_cluster[m.cluster].append(m.code)
        self.clusters = sorted(by_cluster)
        self.rank = {cluster: n for n, cluster in enumerate(self.clusters)}
        self.region = len(self.clusters)  # a group's region sum comes after its clusters'
        self.codes = [sorted(by_cluster[cluster]) for cluster in self.clusters]
        # a municipality's clusters, once per time the table lists it there
        self.ranks_of: dict[str, list[int]] = defaultdict(list)
        for n, codes in enumerate(self.codes):
            for code in codes:
                self.ranks_of[code].append(n)
        self._cells: dict[tuple[str, str, str], tuple[list[tuple], bool]] = {}
        self._grid_places: dict[int, list[int]] = {}  # see _places_of
        # the codes that may be a municipality outside every cluster (a part of the region);
        # (``place_codes``, when given, are the codes of ``keys``)
        self.present = keys
        if place_codes is None:
            place_codes = map(itemgetter(5), keys)
        self.outside = sorted(set(place_codes) - set(self.ranks_of))

    @staticmethod
    def table(key: Key) -> tuple[str, str, str, str]:
        """The table of a cell: its group, or ``fb_days`` with its sector and period."""
        if key[0] in _FB_INDICATORS:
            return (FB_TOTAL, key[1], key[2], key[3])
        return key[:4]

    def is_total(self, key: Key) -> bool:
        """Is the (present) cell the total of a sum?"""
        return self._cell(key)[1]

    def of(self, key: Key) -> list[tuple]:
        """The sums of its table a present cell is the total or a part of (once per time it
        occurs)."""
        return self._cell(key)[0]

    def _cell(self, key: Key) -> tuple[list[tuple], bool]:
        # what `of` and `is_total` answer depends on the indicator, level and code alone
        kind = (key[0], key[4], key[5])
        found = self._cells.get(kind)
        if found is None:
            found = self._cells[kind] = (self._of(*kind), self._is_total(*kind))
        return found

    def _is_total(self, indicator: str, level: str, code: str) -> bool:
        return (
            indicator == FB_TOTAL
            or (level == "cluster" and code in self.rank)
            or (level == "region" and code == REGION_CODE)
        )

    def _of(self, indicator: str, level: str, code: str) -> list[tuple]:
        found: list[tuple] = []
        if level == "municipality":
            ranks = self.ranks_of.get(code)
            if ranks is None:
                found.append((0, indicator, self.region))
            else:
                found.extend((0, indicator, n) for n in ranks)
        elif level == "cluster":
            n = self.rank.get(code)
            if n is not None:
                found += ((0, indicator, n), (0, indicator, self.region))
        elif level == "region" and code == REGION_CODE:
            found.append((0, indicator, self.region))
        if indicator in _FB_INDICATORS:
            found.append((1, level, code))
        return found

    def visible(
        self, table: tuple[str, ...], name: tuple, at: Mapping[Key, int], hidden: set[int]
    ) -> tuple[Key, list[tuple[Key, int]]]:
        """The total of a sum of the table and its present parts that are not ``hidden``,
        each with its cell's number in ``at``. On a :class:`_Grid` the parts of a cluster or
        region sum are looked up by number, and a key is made only for a visible part."""
        if not isinstance(at, _Grid) or name[0] != 0:
            total, parts = self.cells(table, name)
            return total, [
                (k, n) for k in parts if (n := at.get(k)) is not None and n not in hidden
            ]
        group, n = (name[1], *table[1:]), name[2]
        if n < self.region:
            total = (*group, "cluster", self.clusters[n])
        else:
            total = (*group, "region", REGION_CODE)
        g = at.group_at.get(group)
        if g is None:
            return total, []
        places = self._places_of(at, n)
        first, rows = g * at.width, at.rows
        return total, [
            (at.groups[g] + at.places[p], row)
            for p in places
            if (row := rows[first + p]) != -1 and row not in hidden
        ]

    def _places_of(self, grid: _Grid, n: int) -> list[int]:
        """The grid's numbers of the places that are the parts of cluster ``n``'s sum (the
        region's for n = the number of clusters), as :meth:`cells` lists them."""
        found = self._grid_places.get(n)
        if found is None:
            if n < self.region:
                wanted = [("municipality", code) for code in self.codes[n]]
            else:
                wanted = [("cluster", cluster) for cluster in self.clusters]
                wanted += [("municipality", code) for code in self.outside]
            found = [p for place in wanted if (p := grid.place_at.get(place)) is not None]
            self._grid_places[n] = found
        return found

    def cells(self, table: tuple[str, ...], name: tuple) -> tuple[Key, list[Key]]:
        """The total and the parts of a sum of the table, as :func:`equations` gives them."""
        period = table[1:]
        if name[0] == 1:
            place = (*period, name[1], name[2])
            return (FB_TOTAL, *place), [(part, *place) for part in FB_PARTS]
        group, n = (name[1], *period), name[2]
        if n < self.region:
            parts = [(*group, "municipality", code) for code in self.codes[n]]
            return (*group, "cluster", self.clusters[n]), parts
        parts = [(*group, "cluster", cluster) for cluster in self.clusters]
        outside = [(*group, "municipality", code) for code in self.outside]
        parts += [key for key in outside if key in self.present]
        return (*group, "region", REGION_CODE), parts


def _add_complementary(
    hidden: set[int],
    keys: Sequence[Key],
    at: Mapping[Key, int],
    size: Callable[[int], tuple[int, int, int]],
    municipalities: Sequence[Municipality] | None,
    place_codes: Iterable[str] | None = None,
) -> None:
    """Add the complementary cells to ``hidden``, the primary ones. A cell is its number: the
    present cells are ``keys``, numbered by ``at``, and ``size(n)`` gives the numerator,
    denominator and provisional of cell ``n``.

    The rule passes over the sums in the order of :func:`equations` until none has exactly
    one hidden cell. Tables that share no cell (:class:`_Sums`) do not affect each other, so
    each table with a hidden cell is done on its own, with a worklist: the number of hidden
    cells of every sum is kept, and a sum whose number becomes one waits for the pass that
    reaches it next (this pass when it comes after the sum being visited, the next one
    otherwise). Visiting in the order (pass, sum) chooses exactly the cells the passes
    choose, and the many sums without a hidden cell are never visited."""
    sums = _Sums(at, municipalities, place_codes)
    tables: dict[tuple[str, ...], list[Key]] = defaultdict(list)
    for n in hidden:
        key = keys[n]
        tables[sums.table(key)].append(key)
    for table, hidden_keys in tables.items():
        count: dict[tuple, int] = defaultdict(int)
        for key in hidden_keys:
            for name in sums.of(key):
                count[name] += 1
        waiting = [(0, name) for name, number in count.items() if number == 1]
        heapq.heapify(waiting)
        while waiting:
            visit, name = heapq.heappop(waiting)
            if count[name] != 1:
                continue  # another cell of it was hidden since
            total, visible = sums.visible(table, name, at, hidden)
            if len(visible) == 1:
                chosen, n = visible[0]
            elif visible:
                chosen, n = min(visible, key=lambda kn: (sums.is_total(kn[0]), size(kn[1]), kn[0]))
            elif (n := at.get(total)) is not None and n not in hidden:
                chosen = total
            else:  # pragma: no cover - a sum with one hidden cell always has another one
                continue
            hidden.add(n)
            for other in sums.of(chosen):
                count[other] += 1
                if count[other] == 1:
                    heapq.heappush(waiting, (visit if other > name else visit + 1, other))


class _Grid:
    """The cells of a table given by number: row ``n`` is the cell
    ``groups[group_of[n]] + places[place_of[n]]``. Gives a row's key (``grid[n]``) and a key's
    row (``grid.get(key)``) without building a key per row, as :func:`_add_complementary`
    reads its ``keys`` and ``at``. Every key occurs at most once."""

    def __init__(
        self,
        groups: Sequence[tuple[str, str, str, str]],
        places: Sequence[tuple[str, str]],
        group_of: Sequence[int],
        place_of: Sequence[int],
    ) -> None:
        self.groups, self.places = list(groups), list(places)
        self.group_of, self.place_of = group_of, place_of
        self.group_at = {group: g for g, group in enumerate(self.groups)}
        self.place_at = {place: p for p, place in enumerate(self.places)}
        self.width = len(self.places)
        # the row of a (group, place), -1 where there is none (numpy: a loop per row took
        # most of the time of building the grid)
        import numpy as np

        if len(group_of) != len(place_of):
            raise ValueError("group_of and place_of differ in length")
        cells = np.asarray(group_of, dtype=np.int64) * self.width
        cells += np.asarray(place_of, dtype=np.int64)
        rows = np.full(len(self.groups) * self.width, -1, dtype=np.int64)
        rows[cells] = np.arange(len(cells))
        twice = np.flatnonzero(rows[cells] != np.arange(len(cells)))
        if len(twice):
            raise ValueError(f"the cell {self[int(twice[0])]} occurs twice")
        self.rows = rows.tolist()

    def __getitem__(self, n: int) -> Key:
        return self.groups[self.group_of[n]] + self.places[self.place_of[n]]

    def get(self, key: Key) -> int | None:
        g, p = self.group_at.get(key[:4]), self.place_at.get(key[4:])
        if g is None or p is None:
            return None
        n = self.rows[g * self.width + p]
        return None if n == -1 else n

    def __contains__(self, key: Key) -> bool:
        return self.get(key) is not None


def hidden_rows(
    groups: Sequence[tuple[str, str, str, str]],
    places: Sequence[tuple[str, str]],
    group_of: Sequence[int],
    place_of: Sequence[int],
    sizes: Sequence[tuple[int, int, int]],
    primary: Iterable[int],
    municipalities: Sequence[Municipality] | None = None,
) -> set[int]:
    """The rows a public view hides, for a table given by numbers (the engine's, straight
    from DuckDB): row ``n`` is the cell of group ``groups[group_of[n]]`` (indicator, sector,
    period type, period) and place ``places[place_of[n]]`` (level, code), with ``sizes[n]``
    its numerator, denominator and provisional (0 where blank). ``primary`` are the rows
    hidden by primary suppression. The same rule as :func:`hidden_keys`, over the same
    sums; only no key is built for a row unless the rule looks at it."""
    with _paused_gc():
        grid = _Grid(groups, places, group_of, place_of)
        hidden = set(primary)
        codes = {code for _level, code in grid.places}
        _add_complementary(hidden, grid, grid, sizes.__getitem__, municipalities, codes)  # type: ignore[arg-type]
        return hidden


# Characters that make a CSV cell differ from its text (quoted, or escaped as a formula by
# fremdrift.core.xlsx.csv_text): a cell free of them, and not empty, is written as it is.
_CSV_QUOTED = frozenset(',"\r\n')
_CSV_FIRST = frozenset("'=+-@\t\r")


def plain_csv_text(text: str) -> bool:
    """Would every CSV writer of the product write ``text`` as it is (no quotes, no ``'``)?
    (False for some text that would be written as it is: a cautious test.)"""
    return bool(text) and text[0] not in _CSV_FIRST and _CSV_QUOTED.isdisjoint(text)


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

    The result is that of :func:`apply` and :func:`public_row`, written by
    :func:`~fremdrift.core.xlsx.write_csv_text`. The engine's table has about 100,000 rows
    at 5 million contacts, so the rows stay lists of text and the figures are read as
    numbers only where the rule compares them."""
    with _paused_gc():  # about 100,000 rows of lists: no cycles to collect
        return _write_public_csv(source_csv, target_csv, municipalities)


def _write_public_csv(
    source_csv: Path, target_csv: Path, municipalities: Sequence[Municipality] | None
) -> int:
    from fremdrift.core.xlsx import write_csv_text

    columns, rows = _read_csv(source_csv)
    position = {name: i for i, name in enumerate(columns)}
    keys: list[Key] = list(map(itemgetter(*(position[name] for name in KEY_COLUMNS)), rows))
    # a key that occurs twice counts with its last row, as in apply()
    at = dict(zip(keys, range(len(keys)), strict=True))
    num, den, prov, flag = (
        _column(rows, position.get(name))
        for name in ("numerator", "denominator", "provisional", "suppressed")
    )
    # primary: the engine's flag, or a numerator, denominator or provisional between 1 and 4
    # (_small reads every value: bad text is an error)
    hidden = _rows_where(num, _small) | _rows_where(den, _small) | _rows_where(prov, _small)
    hidden |= _rows_where(flag, _flag)
    duplicates = len(at) != len(keys)
    if duplicates:
        hidden = {n for n in hidden if at[keys[n]] == n}

    def size(n: int) -> tuple[int, int, int]:  # _count of text that is never None
        return int(num[n] or 0), int(den[n] or 0), int(prov[n] or 0)

    _add_complementary(hidden, keys, at, size, municipalities)
    if duplicates:  # every row of a hidden key
        hidden = {n for n, key in enumerate(keys) if at[key] in hidden}
    blank_at = [position[name] for name in HIDDEN_COLUMNS if name in position]
    flag_at = position.get("suppressed")
    for n in hidden:
        row = rows[n]
        for i in blank_at:
            row[i] = ""
        if flag_at is not None:
            row[flag_at] = "true"
    with target_csv.open("w", encoding="utf-8", newline="") as handle:
        write_csv_text(handle, [columns, *rows], delimiter=",")
    return len(rows)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV file as :class:`csv.DictReader` sees them: blank
    lines skipped, missing fields blank, extra fields dropped. Text without quotes, carriage
    returns or NUL characters is split directly (what the csv module would do with it)."""
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    if '"' in text or "\r" in text or "\0" in text:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader, None) or []
            rows = [row for row in reader if row]
    else:
        lines = text.split("\n")
        columns = lines[0].split(",") if lines[0] else []
        rows = [line.split(",") for line in lines[1:] if line]
    width = len(columns)
    if any(map(width.__ne__, map(len, rows))):
        rows = [row if len(row) == width else (row + [""] * width)[:width] for row in rows]
    return columns, rows


def _column(rows: list[list[str]], at: int | None) -> list[str]:
    return [row[at] for row in rows] if at is not None else [""] * len(rows)


def _small(value: str) -> bool:
    return 1 <= _count(value) <= 4


def _rows_where(values: list[str], test: Callable[[str], Any]) -> set[int]:
    """The rows whose value passes ``test`` (tried once per distinct value)."""
    passing = {value for value in set(values) if test(value)}
    return set(compress(range(len(values)), map(passing.__contains__, values)))
