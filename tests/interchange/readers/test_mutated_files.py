"""Property: a mutated file makes every reader return a result or raise ReadError, nothing else."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fremdrift.interchange.readers import (
    ReadError,
    ReadResult,
    read_csv,
    read_file,
    read_pptx,
    read_xlsx,
)

from . import builders as b


def _deck() -> bytes:
    deck = b.DeckBuilder().title_slide("Plan", "8. februar 2022")
    deck.bullets_slide("Formål", ["Komme godt gennem vinteren"])
    spec = b.TableSpec(
        [
            b.WINTER_HEADER,
            ["Akut", "Konvertere akut aktivitet", ["Igangsat.", [b.red("Ny.")]], "Lokalt"],
            ["", b.SAMARBEJDE_HJEM, "Fase: Udvikling -> Implementering", "Fælles: HR tovholder"],
        ],
        merges=[((1, 0), (2, 0))],
    )
    deck.table_slide("Hospitaler", spec, pagination="Slide 1 af 2")
    return deck.to_bytes()


BASES: dict[str, bytes] = {
    ".pptx": _deck(),
    ".xlsx": b.workbook_bytes({"Plan": [b.PLAN_COLUMNS, *b.PLAN_ROWS]}),
    ".csv": b.csv_bytes([b.PLAN_COLUMNS, *b.PLAN_ROWS], encoding="cp1252"),
}
EXTENSIONS = [".pptx", ".xlsx", ".csv", ".txt", ""]
READERS = [read_file, read_pptx, read_xlsx, read_csv]


def _members(data: bytes) -> list[str]:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return []


@st.composite
def mutated(draw) -> tuple[bytes, str]:
    """A valid file, mutated: truncated, bytes flipped, a zip member dropped, renamed."""
    extension = draw(st.sampled_from(sorted(BASES)))
    data = BASES[extension]
    mutation = draw(st.sampled_from(["truncate", "flip", "drop", "rename", "flip_and_rename"]))
    if mutation == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    if mutation in ("flip", "flip_and_rename"):
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(buffer) - 1))
            buffer[position] ^= draw(st.integers(1, 255))
        data = bytes(buffer)
    if mutation == "drop" and _members(data):
        data = b.rezip(data, drop=[draw(st.sampled_from(_members(data)))])
    if mutation in ("rename", "flip_and_rename"):
        extension = draw(st.sampled_from(EXTENSIONS))
    return data, f"mutant{extension}"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_every_reader_returns_a_result_or_raises_read_error_for_a_mutated_file(case):
    data, filename = case
    for reader in READERS:
        try:
            result = reader(data, filename=filename)
        except ReadError as error:
            assert str(error).strip()
            assert "\n" not in str(error)
        else:
            assert isinstance(result, ReadResult)
            assert result.document["format"] == "fremdrift-plan/1"


def test_the_unmutated_bases_are_read():
    for extension, data in BASES.items():
        result = read_file(data, filename=f"plan{extension}")
        assert result.document["initiatives"]
