"""Spec §7 and §9.1–§9.3, §9.13: the output table, geography and suppression."""

from __future__ import annotations

import pandas as pd
import pytest

from fremdrift.indicators.engine.geography import load_municipalities, map_code
from fremdrift.indicators.engine.synth import generate

from .indicator_helpers import contact

OUTPUT_COLUMNS = [
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "geo_name",
    "numerator",
    "denominator",
    "value",
    "provisional",
    "suppressed",
]


def admissions(n: int, municipality: str, first_id: int = 1, day: int = 1) -> list[dict]:
    """``n`` acute admissions of different patients in March 2022."""
    return [
        contact(
            first_id + i,
            f"p{municipality}-{first_id + i}",
            f"2022-03-{day:02d}T08:00:00Z",
            f"2022-03-{day + 1:02d}T08:00:00Z",
            municipality=municipality,
        )
        for i in range(n)
    ]


def test_the_reference_table_has_19_municipalities_in_5_clusters():
    municipalities = load_municipalities()
    assert len(municipalities) == 19
    assert len({m.cluster for m in municipalities}) == 5
    by_code = {m.code: m for m in municipalities}
    assert by_code["751"].name == "Aarhus"
    assert by_code["741"].cluster == "Aarhusklyngen"
    assert by_code["760"].name == "Ringkøbing-Skjern"
    assert by_code["779"].cluster == "Midtklyngen"


@pytest.mark.parametrize(
    ("raw", "mapped"),
    [
        ("751", "751"),
        (" 751 ", "751"),
        ("101", "Øvrige regioner"),
        ("999", "Øvrige regioner"),
        ("75", "Ukendt"),
        ("7510", "Ukendt"),
        ("abc", "Ukendt"),
        ("", "Ukendt"),
        (None, "Ukendt"),
    ],
)
def test_municipality_codes_map_to_a_municipality_other_regions_or_unknown(raw, mapped):
    known = {m.code for m in load_municipalities()}
    assert map_code(raw, known) == mapped


def test_the_engine_maps_codes_like_the_rules(run_engine):
    outcome = run_engine(
        admissions(1, " 730 ", 1) + admissions(1, "101", 2) + admissions(1, "x1", 3)
        + admissions(1, "", 4)
    )  # fmt: skip
    month = outcome.rows("acute_admissions", period="2022-03")
    municipal = month[month["geo_level"] == "municipality"]
    assert dict(zip(municipal["geo_code"], municipal["numerator"], strict=True)) == {
        "730": 1,
        "Øvrige regioner": 1,
        "Ukendt": 2,
    }
    names = dict(zip(municipal["geo_code"], municipal["geo_name"], strict=True))
    assert names == {"730": "Randers", "Øvrige regioner": "Øvrige regioner", "Ukendt": "Ukendt"}
    assert outcome.counter("contacts", "municipality_unknown") == 2
    assert outcome.counter("contacts", "municipality_outside_region") == 1


def test_other_regions_and_unknown_belong_to_no_cluster_but_to_the_region(run_engine):
    outcome = run_engine(admissions(2, "751") + admissions(3, "101", 10) + admissions(1, "", 20))
    month = outcome.rows("acute_admissions", period="2022-03")
    assert outcome.count("acute_admissions", "2022-03") == 6
    clusters = month[month["geo_level"] == "cluster"]
    assert list(clusters["geo_code"]) == ["Aarhusklyngen"]
    assert list(clusters["numerator"]) == [2]
    municipal = month[month["geo_level"] == "municipality"]
    assert municipal["numerator"].sum() == 6


def test_geography_codes_and_names_follow_the_spec(run_engine):
    outcome = run_engine(admissions(1, "615"))
    month = outcome.rows("acute_admissions", period="2022-03").set_index("geo_level")
    assert tuple(month.loc["region", ["geo_code", "geo_name"]]) == ("RM", "RM")
    assert tuple(month.loc["cluster", ["geo_code", "geo_name"]]) == ("Horsensklyngen",) * 2
    assert tuple(month.loc["municipality", ["geo_code", "geo_name"]]) == ("615", "Horsens")


def test_counts_of_1_to_4_are_suppressed_and_5_is_not(run_engine):
    outcome = run_engine(
        admissions(4, "751") + admissions(5, "730", 100) + admissions(1, "615", 200)
    )
    assert outcome.cell("acute_admissions", "2022-03", "751")["suppressed"]
    assert not outcome.cell("acute_admissions", "2022-03", "730")["suppressed"]
    assert outcome.cell("acute_admissions", "2022-03", "615")["suppressed"]
    assert not outcome.cell("acute_admissions", "2022-03")["suppressed"]


def test_rates_are_suppressed_when_numerator_or_denominator_is_between_1_and_4(run_engine):
    as_of = "2023-01-01T00:00:00Z"
    five_indexes = admissions(5, "751")  # each its own patient: 5 indexes, none readmitted
    outcome = run_engine(five_indexes, as_of=as_of)
    cell = outcome.cell("readmission_30d", "2022-03", "751")
    assert (cell["numerator"], cell["denominator"], cell["suppressed"]) == (0, 5, False)
    readmitted = [
        *five_indexes,
        contact(99, "p751-1", "2022-03-10T08:00:00Z", "2022-03-11T08:00:00Z"),
    ]
    outcome = run_engine(readmitted, as_of=as_of)
    cell = outcome.cell("readmission_30d", "2022-03", "751")
    assert (cell["numerator"], cell["denominator"], cell["suppressed"]) == (1, 6, True)
    small = run_engine(admissions(4, "751"), as_of=as_of)
    assert small.cell("readmission_30d", "2022-03", "751")["suppressed"]


def test_counts_have_value_equal_to_numerator_and_no_denominator(run_engine):
    outcome = run_engine(admissions(3, "751"))
    csv = pd.read_csv(outcome.out_dir / "indicators.csv", dtype=str, keep_default_na=False)
    row = csv[(csv["indicator"] == "acute_admissions") & (csv["geo_code"] == "RM")].iloc[0]
    assert row["numerator"] == "3"
    assert row["denominator"] == ""
    assert float(row["value"]) == 3
    assert row["provisional"] == "0"


def test_csv_and_parquet_outputs_have_the_spec_columns_and_the_same_rows(run_engine):
    outcome = run_engine(admissions(3, "751"))
    csv = pd.read_csv(outcome.out_dir / "indicators.csv")
    parquet = pd.read_parquet(outcome.out_dir / "indicators.parquet")
    assert list(csv.columns) == OUTPUT_COLUMNS
    assert list(parquet.columns) == OUTPUT_COLUMNS
    assert len(csv) == len(parquet) > 0
    assert list(csv["geo_code"]) == list(parquet["geo_code"])


def test_only_cells_with_a_non_zero_figure_are_written(run_engine):
    outcome = run_engine(admissions(2, "751"), as_of="2023-01-01T00:00:00Z")
    table = outcome.table
    nonzero = (
        (table["numerator"] != 0)
        | (table["denominator"].fillna(0) != 0)
        | (table["provisional"] != 0)
    )
    assert nonzero.all()
    assert outcome.cell("acute_admissions", "2022-03", "730") is None
    assert outcome.cell("acute_admissions", "2022-04") is None
    assert set(table["period"]) == {"2022-03", "2022-W09"}


@pytest.fixture(scope="module")
def synthetic_outcome(tmp_path_factory):
    from fremdrift.indicators.engine import run

    folder = tmp_path_factory.mktemp("synth")
    data = generate(30_000, seed=7, out_dir=folder)
    result = run(data.contacts_path, data.fb_periods_path, data.as_of, folder / "out")
    return pd.read_parquet(result.indicators_parquet)


def test_municipality_rows_add_up_to_the_region_for_every_cell(synthetic_outcome):
    table = synthetic_outcome
    keys = ["indicator", "sector", "period_type", "period"]
    figures = ["numerator", "denominator", "provisional"]
    region = table[table["geo_level"] == "region"].set_index(keys)[figures].fillna(0)
    municipal = table[table["geo_level"] == "municipality"].fillna({"denominator": 0})
    summed = municipal.groupby(keys)[figures].sum()
    pd.testing.assert_frame_equal(
        summed.sort_index(), region.sort_index(), check_dtype=False, check_names=False
    )


def test_cluster_rows_add_up_to_their_municipalities(synthetic_outcome):
    table = synthetic_outcome
    clusters = {m.code: m.cluster for m in load_municipalities()}
    municipal = table[table["geo_level"] == "municipality"].copy()
    municipal["cluster"] = municipal["geo_code"].map(clusters)
    keys = ["indicator", "sector", "period_type", "period", "cluster"]
    summed = municipal.dropna(subset=["cluster"]).groupby(keys)["numerator"].sum()
    cluster_rows = table[table["geo_level"] == "cluster"].rename(columns={"geo_code": "cluster"})
    expected = cluster_rows.set_index(keys)["numerator"]
    summed = summed[summed != 0]
    pd.testing.assert_series_equal(
        summed.sort_index(), expected[expected != 0].sort_index(), check_names=False
    )


def test_every_indicator_of_the_spec_appears_in_a_realistic_run(synthetic_outcome):
    present = set(zip(synthetic_outcome["indicator"], synthetic_outcome["sector"], strict=True))
    assert present == {
        ("acute_admissions", "somatik"),
        ("acute_admissions", "psykiatri"),
        ("readmission_30d", "somatik"),
        ("readmission_30d", "psykiatri"),
        ("readmission_7d", "psykiatri"),
        ("fb_days", "somatik"),
        ("fb_days", "psykiatri"),
        ("fb_days_1_2", "somatik"),
        ("fb_days_1_2", "psykiatri"),
        ("fb_days_3plus", "somatik"),
        ("fb_days_3plus", "psykiatri"),
    }
    assert set(synthetic_outcome["period_type"]) == {"week", "month"}
