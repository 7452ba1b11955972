"""Errors of importers: one clear line that names what is wrong and where."""

from __future__ import annotations


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written.

    ``location`` names where: a key path (``initiatives[3].title``), a slide, a row.
    """

    def __init__(self, message: str, location: str = "") -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)
