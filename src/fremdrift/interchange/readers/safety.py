"""Checks made before a file reaches python-pptx, openpyxl or the csv module.

Sizes are checked first, then the content's type (sniffed from its first bytes and, for zip
files, from the member names), then a zip's central directory: member count, declared sizes
and compression ratios. Python's ``zipfile`` never inflates a member past its declared size,
so checking the central directory bounds what the libraries can be made to unpack.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .base import Limits, Location, ReadError, translate
from .messages import CONTENT_TYPES

PPTX = "pptx"
XLSX = "xlsx"
TEXT = "text"
ZIP = "zip"
DAMAGED_ZIP = "damaged_zip"
LEGACY_OFFICE = "legacy_office"
PDF = "pdf"
BINARY = "binary"
EMPTY = "empty"

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_CONTROL_OK = {9, 10, 12, 13, 26}


def read_bytes(source: str | os.PathLike | bytes, location: Location, limits: Limits) -> bytes:
    """The file's bytes, refusing a file larger than ``limits.max_bytes`` before reading it."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise _too_large(size, location, limits)
            with path.open("rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise ReadError.make("cannot_open", location, reason=exc.strerror or str(exc)) from exc
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), location, limits)
    return data


def _too_large(size: int, location: Location, limits: Limits) -> ReadError:
    return ReadError.make("too_large", location, size_mb=_mb(size), limit_mb=_mb(limits.max_bytes))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def sniff(data: bytes) -> str:
    """The content type of ``data``: one of the module's type constants."""
    if not data:
        return EMPTY
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return LEGACY_OFFICE
    if data.startswith(b"%PDF"):
        return PDF
    return TEXT if looks_like_text(data) else BINARY


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # noqa: BLE001 - zipfile raises many types for a damaged directory
        return DAMAGED_ZIP
    if "ppt/presentation.xml" in names:
        return PPTX
    if "xl/workbook.xml" in names:
        return XLSX
    return ZIP


def looks_like_text(data: bytes) -> bool:
    """True for data that reads as text: a UTF-16 BOM, or no NUL and few control bytes."""
    sample = data[:65536]
    if sample.startswith(_UTF16_BOMS):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROL_OK)
    return controls <= len(sample) // 100


def check_zip(data: bytes, location: Location, limits: Limits) -> None:
    """Refuse a damaged zip or one whose members would unpack beyond the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - zipfile raises many types for a damaged directory
        raise ReadError.make("damaged_zip", location) from exc
    if len(members) > limits.max_zip_members:
        raise ReadError.make(
            "zip_too_many_members", location, count=len(members), limit=limits.max_zip_members
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_uncompressed or total > limits.max_uncompressed:
            raise ReadError.make(
                "zip_too_large_unpacked",
                location,
                member=member.filename,
                limit_mb=_mb(limits.max_uncompressed),
            )
        _check_ratio(member, location, limits)


def _check_ratio(member: zipfile.ZipInfo, location: Location, limits: Limits) -> None:
    if member.file_size < limits.ratio_min_member_bytes:
        return
    ratio = member.file_size / max(member.compress_size, 1)
    if ratio > limits.max_compression_ratio:
        raise ReadError.make(
            "zip_ratio",
            location,
            member=member.filename,
            ratio=int(ratio),
            limit=limits.max_compression_ratio,
        )


def require_type(data: bytes, expected: str, location: Location) -> None:
    """Refuse data whose sniffed type is not ``expected`` (naming what it is instead)."""
    found = sniff(data)
    if found == expected:
        return
    if found == EMPTY:
        raise ReadError.make("empty_file", location)
    if found == DAMAGED_ZIP and expected in (PPTX, XLSX):
        raise ReadError.make("damaged_zip", location)
    raise ReadError.make(
        "content_mismatch", location, expected=describe(expected), found=describe(found)
    )


def describe(kind: str) -> str:
    """A translated description of a content type ("a PowerPoint presentation (.pptx)")."""
    return translate(CONTENT_TYPES.get(kind, CONTENT_TYPES[BINARY]))
