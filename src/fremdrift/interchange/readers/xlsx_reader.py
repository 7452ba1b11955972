"""Read an Excel workbook (.xlsx) of initiatives into the plan interchange format.

Each sheet with a recognised header row is read; without an area column, a workbook with
several such sheets takes each sheet's name as its area ("one sheet per area").
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import warnings
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook

from .assemble import PlanBuilder, RawInitiative
from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .pptx_reader import title_from_filename
from .safety import XLSX, check_zip, read_bytes, require_type
from .tabular import (
    HEADER_SEARCH_ROWS,
    Header,
    RowContext,
    RowCounter,
    cell_to_text,
    find_header,
    found_columns,
    read_rows,
)

logger = logging.getLogger(__name__)

# Reading a sheet stops after this many empty rows in a row: formatting often reaches far
# below the data, and a damaged sheet may claim a million rows.
MAX_EMPTY_RUN = 1000
_DEFAULT_SHEET_NAME = re.compile(r"^(?:sheet|ark|blad|tabel|table|data)\s*\d*$", re.IGNORECASE)


def read_xlsx(
    source: str | os.PathLike | bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    plan_slug: str | None = None,
) -> ReadResult:
    """Read a workbook (path or bytes) into a :class:`ReadResult`; raise ReadError if unusable."""
    limits = limits or Limits()
    location = Location(filename)
    data = read_bytes(source, location, limits)
    require_type(data, XLSX, location)
    check_zip(data, location, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = _open(data, location)
        try:
            return _read_workbook(workbook, filename, limits, plan_slug)
        finally:
            workbook.close()


def _open(data: bytes, location: Location):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any library failure means an unreadable file
        logger.debug("openpyxl failed", exc_info=True)
        raise ReadError.make("unreadable_xlsx", location, reason=_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]


def _rows(sheet, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """Numbered rows of a sheet, stopping after a long run of empty rows."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    empty_run = 0
    rows = sheet.iter_rows(values_only=True, max_col=limits.max_columns)
    for number, values in enumerate(rows, start=1):
        if any(cell_to_text(value) for value in values):
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                return
        yield number, list(values)


def _guarded(location: Location, action, *args):
    """Run ``action``; a library failure inside a sheet becomes a ReadError naming the sheet."""
    try:
        return action(*args)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet content is bad input
        logger.debug("sheet failed", exc_info=True)
        raise ReadError.make("unreadable_sheet", location, reason=_reason(exc)) from exc


def _find_sheet_header(sheet, limits: Limits) -> Header | None:
    return find_header(list(itertools.islice(_rows(sheet, limits), HEADER_SEARCH_ROWS)))


def _read_workbook(workbook, filename: str, limits: Limits, plan_slug: str | None) -> ReadResult:
    title = _guarded(Location(filename), lambda: workbook.properties.title)
    plan_title = (title or "").strip() or title_from_filename(filename)
    diagnostics: list[Diagnostic] = []
    skipped: list[Diagnostic] = []
    tables: list[tuple[Any, Header, Location]] = []
    partial: list[tuple[Header, Location]] = []
    for sheet in _guarded(Location(filename), lambda: workbook.worksheets):
        location = Location(filename, sheet=sheet.title)
        header = _guarded(location, _find_sheet_header, sheet, limits)
        if header is None:
            skipped.append(Diagnostic.make("info", "sheet_without_table", location))
        elif "title" not in header.columns:
            partial.append((header, location))
        else:
            tables.append((sheet, header, location))
    if not tables:
        if partial:
            header, location = partial[0]
            raise ReadError.make("missing_title_column", location, found=found_columns(header))
        raise ReadError.make("no_table", Location(filename))
    for header, location in partial:
        found = found_columns(header)
        diagnostics.append(
            Diagnostic.make("warning", "sheet_missing_title_column", location, found=found)
        )
    raws = _read_tables(tables, plan_title, limits, diagnostics, Location(filename))
    builder = PlanBuilder(filename=filename, plan_title=plan_title, plan_slug=plan_slug)
    for raw in raws:
        builder.add(raw)
    document, near_matches = builder.build()
    return ReadResult(document, diagnostics + builder.diagnostics, skipped, near_matches)


def _read_tables(
    tables: list[tuple[Any, Header, Location]],
    plan_title: str,
    limits: Limits,
    diagnostics: list[Diagnostic],
    file_location: Location,
) -> list[RawInitiative]:
    counter = RowCounter(limits, file_location)
    raws: list[RawInitiative] = []
    for sheet, header, location in tables:
        default_area = _default_area(sheet.title, plan_title, len(tables))
        context = RowContext(location=location, default_area=default_area)
        if "area" not in header.columns and default_area == plan_title:
            diagnostics.append(Diagnostic.make("info", "default_area", location, area=plan_title))
        rows = _rows(sheet, limits)
        raws.extend(_guarded(location, read_rows, header, rows, context, counter))
        diagnostics.extend(context.diagnostics)
    return raws


def _default_area(sheet_name: str, plan_title: str, sheet_count: int) -> str:
    """The sheet's name, unless it is the only sheet and has a default name like "Ark1"."""
    if sheet_count == 1 and _DEFAULT_SHEET_NAME.match(sheet_name.strip()):
        return plan_title
    return sheet_name.strip() or plan_title
