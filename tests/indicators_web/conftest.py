"""Fixtures of the indicator pages: small inputs, ready-made runs. Runs are tasks, which the
test settings run at once (the immediate backend); tests/jobs test the queue itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fremdrift.indicators import actions
from tests.indicators_web.indicators_web_helpers import (
    AS_OF,
    CONTACT_COLUMNS,
    PERIOD_COLUMNS,
    contact_rows,
    write_csv,
)


@pytest.fixture(autouse=True)
def _folders_of_the_test(settings: Any, tmp_path: Path) -> None:
    settings.FREMDRIFT_INDICATOR_INBOX = str(tmp_path / "inbox")
    settings.FREMDRIFT_INDICATOR_UPLOADS = tmp_path / "uploads"


@pytest.fixture
def input_files(tmp_path: Path) -> dict[str, Path]:
    contacts = write_csv(tmp_path / "in" / "kontakter.csv", CONTACT_COLUMNS, contact_rows())
    periods = write_csv(
        tmp_path / "in" / "fb.csv",
        PERIOD_COLUMNS,
        [[1, "p1", "2022-01-04T10:00:00+01:00", "2022-01-05T08:00:00+01:00", "somatik", "730"]],
    )
    return {"contacts": contacts, "fb_periods": periods}


@pytest.fixture
def make_run(db: Any) -> Callable[..., Any]:
    """A run with the given output rows, validated and (by default) published."""

    def make(
        rows: list[dict[str, Any]],
        *,
        publish: bool = True,
        as_of: dt.datetime = AS_OF,
        note: str = "",
    ) -> Any:
        run = actions.create_run(
            by="test",
            as_of=as_of,
            params={"link_gap_hours": 4},
            files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
            note=note,
        )
        run = actions.complete_run(
            run.pk, by="test", validation={"contacts": {"rows_read": 10}}, rows=rows
        )
        return actions.publish_run(run, by="test") if publish else run

    return make
