"""Choose the reader for a file by its content and its extension, refusing a mismatch."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .base import Limits, Location, ReadError, ReadResult
from .csv_reader import read_csv
from .pptx_reader import read_pptx
from .safety import PPTX, TEXT, XLSX, read_bytes, require_type, sniff
from .xlsx_reader import read_xlsx

Reader = Callable[..., ReadResult]

# extension -> (expected content type, reader)
READERS: dict[str, tuple[str, Reader]] = {
    ".pptx": (PPTX, read_pptx),
    ".xlsx": (XLSX, read_xlsx),
    ".xlsm": (XLSX, read_xlsx),
    ".csv": (TEXT, read_csv),
    ".tsv": (TEXT, read_csv),
    ".txt": (TEXT, read_csv),
}
_BY_CONTENT: dict[str, Reader] = {PPTX: read_pptx, XLSX: read_xlsx, TEXT: read_csv}


def read_file(
    path: str | os.PathLike | bytes,
    *,
    filename: str | None = None,
    limits: Limits | None = None,
    plan_slug: str | None = None,
) -> ReadResult:
    """Read a .pptx, .xlsx or .csv file (a path, or bytes with ``filename``).

    The reader is chosen by the extension and the content must match it: a workbook renamed
    to .pptx is refused with a message saying what it really is. A name without extension is
    read by its content.
    """
    limits = limits or Limits()
    if filename is None:
        is_data = isinstance(path, bytes | bytearray | memoryview)
        filename = "upload" if is_data else Path(path).name
    location = Location(filename)
    extension = Path(filename).suffix.lower()
    if extension and extension not in READERS:
        raise ReadError.make("unsupported_extension", location, extension=extension)
    data = read_bytes(path, location, limits)
    if extension:
        expected, reader = READERS[extension]
        require_type(data, expected, location)
    else:
        found = sniff(data)
        if found not in _BY_CONTENT:
            require_type(data, TEXT, location)
        reader = _BY_CONTENT[found]
    return reader(data, filename=filename, limits=limits, plan_slug=plan_slug)
