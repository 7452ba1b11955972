"""Readers of plans from PowerPoint decks, Excel workbooks and CSV files.

Each reader is a pure function (no database) from a file to a :class:`ReadResult` holding the
plan in the interchange format (``docs``: spec/interfaces.md), diagnostics, skipped slides or
sheets and near matches for the user to confirm; bad input raises :class:`ReadError`.

    result = read_file("vinterplan.pptx")
    result.document["initiatives"][0]["areas"]
"""

from .assemble import merge_pairs, merge_suggested
from .base import Diagnostic, Limits, Location, NearMatch, ReadError, ReadResult
from .csv_reader import read_csv
from .dispatch import read_file
from .drift import DRIFT_MERGE_THRESHOLD, NEAR_MATCH_THRESHOLD
from .pptx_reader import read_pptx
from .text import normalise_name
from .xlsx_reader import read_xlsx

__all__ = [
    "DRIFT_MERGE_THRESHOLD",
    "NEAR_MATCH_THRESHOLD",
    "Diagnostic",
    "Limits",
    "Location",
    "NearMatch",
    "ReadError",
    "ReadResult",
    "merge_pairs",
    "merge_suggested",
    "normalise_name",
    "read_csv",
    "read_file",
    "read_pptx",
    "read_xlsx",
]
