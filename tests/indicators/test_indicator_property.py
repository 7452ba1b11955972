"""Random small inputs on a coarse time grid (many ties and exact boundaries): the engine and the
pandas reference agree."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fremdrift.indicators.engine import IndicatorParams, run

from .indicator_helpers import CONTACT_COLUMNS, PERIOD_COLUMNS, contact, period, write_rows
from .reference_pandas import compute
from .test_indicator_reference import assert_same_table, assert_same_validation

CASES = itertools.count()
ORIGIN = datetime(2022, 10, 25, tzinfo=UTC)  # the grid spans the autumn clock change
AS_OF = "2022-12-20T00:00:00+01:00"


def moment(hours: int) -> str:
    return (ORIGIN + timedelta(hours=hours)).isoformat()


contact_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),  # patient
        st.integers(0, 24 * 50),  # start hour
        st.one_of(st.none(), st.integers(0, 24 * 8)),  # duration (None: open)
        st.sampled_from(["ATA1", "ATA1", "ATA3", "ATA2"]),
        st.sampled_from(["somatik", "somatik", "psykiatri"]),
        st.sampled_from(["ALCA00", "ALCA00", "ALCA00", "ALCA10"]),
        st.sampled_from(["751", "730", "101", ""]),
        st.sampled_from(["", "", "død"]),
        st.sampled_from(["DJ189", "DF200", "DZ038"]),
    ),
    max_size=25,
)
period_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 24 * 50),
        st.one_of(st.none(), st.integers(0, 24 * 6)),
        st.sampled_from(["somatik", "psykiatri"]),
        st.sampled_from(["751", "730", ""]),
    ),
    max_size=6,
)
parameters = st.builds(
    IndicatorParams,
    link_across_sectors=st.booleans(),
    link_gap_hours=st.sampled_from([0, 4, 6]),
    admission_min_hours=st.sampled_from([12, 24]),
    acute_rule=st.sampled_from(["first_contact", "any_contact"]),
    index_exclusion_prefixes=st.sampled_from([(), ("DZ",)]),
    readmission_exclusion_prefixes=st.sampled_from([(), ("DF",)]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contacts=contact_rows, periods=period_rows, params=parameters)
def test_engine_and_reference_agree_on_random_small_inputs(tmp_path, contacts, periods, params):
    folder = tmp_path / f"case{next(CASES)}"
    folder.mkdir()
    rows = [
        contact(i, pid, moment(start), None if hours is None else moment(start + hours),
                priority, sector, ctype, muni, diagnosis, discharge)
        for i, (pid, start, hours, priority, sector, ctype, muni, discharge, diagnosis)
        in enumerate(contacts, start=1)
    ]  # fmt: skip
    fb = [
        period(
            i, pid, moment(start), None if hours is None else moment(start + hours), sector, muni
        )
        for i, (pid, start, hours, sector, muni) in enumerate(periods, start=1)
    ]
    c_path = write_rows(folder / "contacts.csv", rows, CONTACT_COLUMNS)
    p_path = write_rows(folder / "fb_periods.csv", fb, PERIOD_COLUMNS)
    result = run(c_path, p_path, AS_OF, folder / "out", params)
    table, validation = compute(c_path, p_path, AS_OF, params)
    assert_same_table(pd.read_parquet(result.indicators_parquet), table)
    assert_same_validation(result.validation, validation)
