"""Hiding small numbers (docs/indicators.md): primary suppression (spec §9.13) and the
complementary suppression that keeps a hidden cell from being worked out as a visible total
minus its visible parts. Property tests over random tables, and the public CSV of
``fremdrift indicators run``."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fremdrift.indicators import suppression
from fremdrift.indicators.engine.geography import (
    OTHER_REGIONS,
    UNKNOWN,
    load_municipalities,
)

from .test_indicator_command import cli

TABLE = load_municipalities()
CLUSTERS = sorted({m.cluster for m in TABLE})
OUTSIDE = (UNKNOWN, OTHER_REGIONS)
PLACES = [m.code for m in TABLE] + list(OUTSIDE)


def _row(indicator: str, level: str, code: str, num: int, den: int | None, prov: int) -> dict:
    rate = den is not None
    return {
        "indicator": indicator,
        "sector": "somatik",
        "period_type": "month",
        "period": "2022-01",
        "geo_level": level,
        "geo_code": code,
        "geo_name": code,
        "numerator": num,
        "denominator": den,
        "value": (num / den if den else None) if rate else float(num),
        "provisional": prov,
        "suppressed": 1 <= num <= 4 or (rate and 1 <= (den or 0) <= 4),
    }


def _table(indicator: str, figures: dict[str, tuple[int, int | None, int]]) -> list[dict]:
    """Rows of one indicator as the engine writes them: a row per municipality, cluster and
    the region wherever a figure is not zero; clusters and region are sums."""
    rate = any(den is not None for _n, den, _p in figures.values())
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    cluster_of = {m.code: m.cluster for m in TABLE}
    for code, (num, den, prov) in figures.items():
        targets = [("municipality", code), ("region", "RM")]
        if code in cluster_of:
            targets.append(("cluster", cluster_of[code]))
        for target in targets:
            total = sums[target]
            total[0] += num
            total[1] += den or 0
            total[2] += prov
    return [
        _row(indicator, level, code, num, den if rate else None, prov)
        for (level, code), (num, den, prov) in sorted(sums.items())
        if num or den or prov
    ]


def _sums(rows: list[dict]) -> list[tuple[tuple, list[tuple]]]:
    """Every total and its parts, written out here independently of the code under test."""
    found = []
    groups = {(r["indicator"], r["sector"], r["period_type"], r["period"]) for r in rows}
    for group in sorted(groups):
        for cluster in CLUSTERS:
            found.append(
                (
                    (*group, "cluster", cluster),
                    [(*group, "municipality", m.code) for m in TABLE if m.cluster == cluster],
                )
            )
        parts = [(*group, "cluster", c) for c in CLUSTERS]
        parts += [(*group, "municipality", code) for code in OUTSIDE]
        found.append(((*group, "region", "RM"), parts))
    places = {
        suppression.key_of(r)[1:]
        for r in rows
        if r["indicator"] in ("fb_days", "fb_days_1_2", "fb_days_3plus")
    }
    for key in sorted(places):
        found.append((("fb_days", *key), [("fb_days_1_2", *key), ("fb_days_3plus", *key)]))
    return found


def _recoverable(rows: list[dict], hidden: set) -> list[str]:
    """Hidden cells that are a visible total minus visible parts (or the reverse)."""
    present = {suppression.key_of(r) for r in rows}
    found = []
    for total, parts in _sums(rows):
        cells = [k for k in (total, *parts) if k in present]
        alone = [k for k in cells if k in hidden]
        if len(alone) == 1:
            found.append(f"{alone[0]} = {total} − the rest")
    return found


counts = st.dictionaries(
    st.sampled_from(PLACES),
    st.one_of(st.integers(1, 4), st.integers(5, 40), st.integers(0, 0)),
    min_size=1,
)


def _rates(draw: Any) -> dict[str, tuple[int, int, int]]:
    places = draw(st.lists(st.sampled_from(PLACES), min_size=1, unique=True))
    figures = {}
    for code in places:
        den = draw(st.integers(0, 30))
        num = draw(st.integers(0, den))
        figures[code] = (num, den, draw(st.integers(0, 6)))
    return figures


rates = st.composite(_rates)()


@settings(max_examples=300, deadline=None)
@given(counts)
def test_no_hidden_count_is_a_total_minus_visible_parts(figures):
    rows = _table("acute_admissions", {c: (n, None, 0) for c, n in figures.items()})
    hidden = suppression.hidden_keys(rows)
    assert {suppression.key_of(r) for r in rows if r["suppressed"]} <= hidden
    assert not _recoverable(rows, hidden)


@settings(max_examples=300, deadline=None)
@given(rates)
def test_no_hidden_rate_is_a_total_minus_visible_parts(figures):
    rows = _table("readmission_30d", figures)
    hidden = suppression.hidden_keys(rows)
    assert {suppression.key_of(r) for r in rows if r["suppressed"]} <= hidden
    assert not _recoverable(rows, hidden)


@settings(max_examples=200, deadline=None)
@given(counts, counts)
def test_no_hidden_fb_tier_is_the_total_minus_the_other_tier(first, third):
    places = set(first) | set(third)
    rows = (
        _table("fb_days_1_2", {c: (first.get(c, 0), None, 0) for c in places})
        + _table("fb_days_3plus", {c: (third.get(c, 0), None, 0) for c in places})
        + _table("fb_days", {c: (first.get(c, 0) + third.get(c, 0), None, 0) for c in places})
    )
    hidden = suppression.hidden_keys(rows)
    assert not _recoverable(rows, hidden)


@settings(max_examples=100, deadline=None)
@given(counts)
def test_no_visible_cell_holds_1_to_4_and_zeros_stay_visible(figures):
    rows = suppression.apply(
        _table("acute_admissions", {c: (n, None, 0) for c, n in figures.items()})
    )
    for row in rows:
        public = suppression.public_row(row)
        if public["numerator"] is not None:
            assert not 1 <= public["numerator"] <= 4
        else:
            assert public["value"] is None and public["provisional"] is None


@settings(max_examples=100, deadline=None)
@given(rates)
def test_no_visible_rate_cell_holds_1_to_4_not_even_in_its_provisional_count(figures):
    """Holstebro with one psychiatric index admission not yet judgeable (0 of 0, provisional
    1) tells of one patient as plainly as a numerator of 1."""
    rows = suppression.apply(_table("readmission_30d", figures))
    for row in rows:
        public = suppression.public_row(row)
        if public["numerator"] is None:
            assert public["denominator"] is None and public["provisional"] is None
            continue
        for name in ("numerator", "denominator", "provisional"):
            assert not 1 <= (public[name] or 0) <= 4, (name, public)


def test_a_provisional_count_of_1_to_4_hides_the_cell_and_its_sums_stay_safe():
    """Holstebro 0 of 0 with 1 provisional; Herning 10 of 40 with 6: Holstebro is hidden, and
    so is a second cell of its cluster, so that the cluster's provisional 7 − 6 cannot
    give it back."""
    rows = _table("readmission_30d", {"661": (0, 0, 1), "657": (10, 40, 6)})
    hidden = suppression.hidden_keys(rows)
    assert ("readmission_30d", "somatik", "month", "2022-01", "municipality", "661") in hidden
    assert not _recoverable(rows, hidden)


def test_primary_suppression_alone_lets_a_municipality_be_worked_out():
    """Randersklyngen 15 = Randers 7 + Favrskov 3 + Syddjurs 5: with Favrskov alone hidden,
    15 − 7 − 5 = 3. The smallest other municipality is hidden with it."""
    rows = _table(
        "acute_admissions", {"730": (7, None, 0), "710": (3, None, 0), "706": (5, None, 0)}
    )
    primary = suppression.hidden_keys(rows, complementary=False)
    assert _recoverable(rows, primary)
    hidden = suppression.hidden_keys(rows)
    codes = {key[5] for key in hidden}
    assert codes >= {"710", "706"} and "730" not in codes
    assert not _recoverable(rows, hidden)


def test_a_hidden_cluster_is_protected_in_the_region_too():
    """Samsø 2 alone in Aarhusklyngen with Aarhus 0: the cluster (2) is hidden by itself;
    the region minus the other clusters would reveal it, so another cluster goes too."""
    rows = _table(
        "acute_admissions", {"741": (2, None, 0), "730": (50, None, 0), "615": (9, None, 0)}
    )
    hidden = suppression.hidden_keys(rows)
    assert ("acute_admissions", "somatik", "month", "2022-01", "cluster", "Aarhusklyngen") in hidden
    assert not _recoverable(rows, hidden)


# --------------------------------------------------------------------------- command line


def test_the_command_writes_a_public_csv_without_small_or_recoverable_cells(tmp_path: Path):
    made = cli(
        "synth", "--contacts", "4000", "--seed", "7", "--format", "csv", "--out", "in",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = cli(
        "run", "--contacts", "in/contacts.csv", "--fb-periods", "in/fb_periods.csv",
        "--as-of", "2026-01-01T00:00:00", "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "indicators_public.csv" in result.stdout
    with (tmp_path / "out" / "indicators.csv").open(encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    with (tmp_path / "out" / "indicators_public.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        public = list(reader)
    assert reader.fieldnames == list(raw[0].keys())
    assert len(public) == len(raw)
    hidden = set()
    for before, after in zip(raw, public, strict=True):
        assert suppression.key_of(before) == suppression.key_of(after)
        if after["numerator"] == "":
            assert after["denominator"] == after["value"] == after["provisional"] == ""
            assert after["suppressed"] == "true"
            hidden.add(suppression.key_of(after))
            continue
        assert after == before
        numbers = [int(after["numerator"]), int(after["provisional"] or 0)]
        if after["denominator"]:
            numbers.append(int(after["denominator"]))
        assert not any(1 <= n <= 4 for n in numbers), after
    assert any(r["suppressed"] == "true" for r in raw)
    assert len(hidden) > sum(r["suppressed"] == "true" for r in raw)  # complementary cells
    assert not _recoverable(raw, hidden)


# --------------------------------------------------------------------------- the fast path


def _hidden_by_recounting(rows: list[dict]) -> set:
    """The rule as docs/indicators.md words it, counted afresh at every visit of a sum:
    passes over the sums in order until none has exactly one hidden cell."""
    cells = {suppression.key_of(r): r for r in rows}
    hidden = {
        k
        for k, r in cells.items()
        if r["suppressed"]
        or any(1 <= (r[name] or 0) <= 4 for name in ("numerator", "denominator", "provisional"))
    }
    sums = suppression.equations(cells)
    totals = {total for total, _parts in sums}

    def size(key: tuple) -> tuple:
        row = cells[key]
        return (row["numerator"] or 0, row["denominator"] or 0, row["provisional"] or 0)

    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            if sum(1 for k in (total, *parts) if k in cells and k in hidden) != 1:
                continue
            visible = [k for k in parts if k in cells and k not in hidden]
            if visible:
                hidden.add(min(visible, key=lambda k: (k in totals, size(k), k)))
            elif total in cells and total not in hidden:
                hidden.add(total)
            else:
                continue
            changed = True
    return hidden


def _mixed_rows(first: dict, third: dict, figures: dict) -> list[dict]:
    """A table of every kind of sum: the three fb_days indicators (1–2 plus 3+ days), a
    count and a rate, over random places."""
    places = set(first) | set(third)
    return (
        _table("fb_days_1_2", {c: (first.get(c, 0), None, 0) for c in places})
        + _table("fb_days_3plus", {c: (third.get(c, 0), None, 0) for c in places})
        + _table("fb_days", {c: (first.get(c, 0) + third.get(c, 0), None, 0) for c in places})
        + _table("acute_admissions", {c: (n, None, 0) for c, n in first.items()})
        + _table("readmission_30d", figures)
    )


@settings(max_examples=150, deadline=None)
@given(counts, counts, rates)
def test_the_public_csv_hides_exactly_the_cells_of_the_plain_rule(first, third, figures):
    """``write_public_csv`` (rows as lists, counts of hidden cells kept up to date) hides the
    same cells as the rule counted afresh, and writes every other row unchanged."""
    rows = _mixed_rows(first, third, figures)
    assume(rows)  # every figure zero: no rows at all
    expected = _hidden_by_recounting(rows)
    assert suppression.hidden_keys(rows) == expected
    columns = list(rows[0])
    text = [{k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
             for k, v in row.items()} for row in rows]  # fmt: skip
    with TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            handle.write(",".join(columns) + "\n")
            for row in text:
                handle.write(",".join(row[c] for c in columns) + "\n")
        assert suppression.write_public_csv(source, target) == len(rows)
        with target.open(encoding="utf-8", newline="") as handle:
            written = list(csv.DictReader(handle))
    for before, after in zip(text, written, strict=True):
        if suppression.key_of(before) in expected:
            assert after == {**before, "numerator": "", "denominator": "", "value": "",
                             "provisional": "", "suppressed": "true"}  # fmt: skip
        else:
            assert after == before


_KEYS = st.sets(
    st.tuples(
        st.sampled_from(["acute_admissions", "fb_days", "fb_days_1_2", "fb_days_3plus"]),
        st.just("somatik"),
        st.just("month"),
        st.sampled_from(["2022-01", "2022-02"]),
        st.sampled_from(["municipality", "cluster", "region"]),
        st.sampled_from([*PLACES, *CLUSTERS, "RM", "Andet"]),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_KEYS, st.sets(st.sampled_from(range(len(TABLE)))))
def test_the_sums_found_from_a_cell_are_the_listed_sums_in_their_order(keys, left_out):
    """The worklist finds a cell's sums and a sum's cells (``_Sums``) instead of listing
    every sum: the same sums, cells and order as ``equations`` (here also with a table that
    leaves municipalities out)."""
    table = [m for n, m in enumerate(TABLE) if n not in left_out]
    found = suppression._Sums(keys, table)
    listed = suppression.equations(keys, table)
    totals = {total for total, _parts in listed}
    names: list[tuple] = []
    for total, parts in listed:
        level, code = total[4], total[5]
        if total[0] == "fb_days" and parts and parts[0][0] == "fb_days_1_2":  # 1_2 + 3plus
            name: tuple = (1, level, code)
        elif level == "cluster":
            name = (0, total[0], found.rank[code])
        else:
            name = (0, total[0], found.region)
        names.append((found.table(total), name))
        assert found.cells(*names[-1]) == (total, parts)
    for key in keys:
        mine = [(found.table(key), name) for name in found.of(key)]
        assert sorted(mine) == sorted(
            names[i] for i, (total, parts) in enumerate(listed) for k in (total, *parts) if k == key
        )
        assert found.is_total(key) == (key in totals)
    for table_name in {t for t, _name in names}:
        order = [name for t, name in names if t == table_name]
        assert order == sorted(order)


def test_the_public_csv_escapes_formula_like_names_and_quotes_as_the_csv_module(tmp_path):
    """A place name from the municipalities file reaches the public CSV: formula-like text
    gets a leading ``'`` (as every CSV the product writes) and a comma is quoted."""
    header = ",".join(
        [*suppression.KEY_COLUMNS, "geo_name", "numerator", "denominator", "value"]
        + ["provisional", "suppressed"]
    )
    rows = [
        "acute_admissions,somatik,month,2022-01,municipality,741,=HYPERLINK(1),3,,3.0,0,true",
        'acute_admissions,somatik,month,2022-01,municipality,740,"-2,3",12,,12.0,0,false',
        "acute_admissions,somatik,month,2022-01,municipality,751,Aarhus,-1,,-1.0,0,false",
    ]
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert suppression.write_public_csv(source, target) == 3
    text = target.read_text(encoding="utf-8")
    assert '"\'-2,3"' in text
    written = list(csv.DictReader(text.splitlines()))
    assert [row["geo_name"] for row in written] == ["'=HYPERLINK(1)", "'-2,3", "Aarhus"]
    assert written[2]["numerator"] in ("", "'-1")  # hidden, or a number that starts with "-"


# ------------------------------------------------- the engine's public file (numbers, not text)


@settings(max_examples=150, deadline=None)
@given(counts, counts, rates, st.randoms(use_true_random=False))
def test_hidden_rows_hides_the_cells_hidden_keys_hides(first, third, figures, random):
    """``hidden_rows`` (a cell named by the numbers of its group and place, in any order) hides
    the cells ``hidden_keys`` hides."""
    rows = _mixed_rows(first, third, figures)
    assume(rows)
    random.shuffle(rows)
    keys = [suppression.key_of(row) for row in rows]
    groups = sorted({key[:4] for key in keys}, key=lambda _g: random.random())
    cells = sorted({key[4:] for key in keys}, key=lambda _p: random.random())
    found = suppression.hidden_rows(
        groups, cells,
        [groups.index(key[:4]) for key in keys], [cells.index(key[4:]) for key in keys],
        [(r["numerator"] or 0, r["denominator"] or 0, r["provisional"]) for r in rows],
        [n for n, row in enumerate(rows) if suppression.primary(row) or row["suppressed"]],
    )  # fmt: skip
    assert {keys[n] for n in found} == suppression.hidden_keys(rows)


def _engine_run(tmp_path: Path, municipalities: Path | None = None) -> Path:
    from fremdrift.indicators.engine import run
    from fremdrift.indicators.engine.synth import generate

    data = generate(30_000, 3, tmp_path / "in")
    out = tmp_path / "out"
    result = run(
        data.contacts_path, data.fb_periods_path, data.as_of, out,
        municipalities_path=municipalities, public=True,
    )  # fmt: skip
    assert result.public_csv == out / "indicators_public.csv"
    return out


def test_the_engine_writes_the_public_csv_write_public_csv_makes_of_its_output(tmp_path):
    """The engine finds the hidden cells from numbers and lets DuckDB write the file; it is
    byte for byte the file ``write_public_csv`` makes of indicators.csv."""
    out = _engine_run(tmp_path)
    expected = tmp_path / "expected.csv"
    suppression.write_public_csv(out / "indicators.csv", expected)
    public = (out / "indicators_public.csv").read_bytes()
    assert public == expected.read_bytes()
    assert public.count(b",,,,true\r\n") > 100  # hidden rows, in CRLF lines


def test_place_names_a_csv_writer_changes_give_the_same_public_csv(tmp_path):
    """A place name with a comma or that starts like a formula is written quoted or escaped
    as every CSV of the product writes it (the engine leaves the file to ``write_public_csv``)."""
    source = Path(suppression.__file__).with_name("engine") / "data" / "municipalities.csv"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Aarhus,", '"Aarhus, by",', 1).replace("Randers,", "=Randers,", 1)
    assert '"Aarhus, by"' in text and "=Randers" in text
    municipalities = tmp_path / "municipalities.csv"
    municipalities.write_text(text, encoding="utf-8")
    out = _engine_run(tmp_path, municipalities)
    expected = tmp_path / "expected.csv"
    suppression.write_public_csv(
        out / "indicators.csv", expected, load_municipalities(municipalities)
    )
    public = (out / "indicators_public.csv").read_text(encoding="utf-8")
    assert public == expected.read_text(encoding="utf-8")
    assert '"Aarhus, by"' in public and ",'=Randers," in public


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.text(alphabet="'=+-@\t\r\n,\" aØ1", max_size=5)))
def test_text_called_plain_is_written_as_it_is_by_the_csv_writer(text):
    """The engine lets DuckDB write the public file only when every place's text is plain:
    the product's CSV writer (formula escape, quoting) writes such text unchanged."""
    import io

    from fremdrift.core.xlsx import write_csv_text

    if suppression.plain_csv_text(text):
        written = io.StringIO()
        write_csv_text(written, [[text, "x"]], delimiter=",")
        assert written.getvalue() == f"{text},x\r\n"
