"""Every message the readers produce, by stable code, as English msgids for gettext.

Diagnostics and errors carry the code and its parameters besides the translated message, so
previews and tests can rely on codes while users read Danish.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for ``makemessages`` (keyword gettext_noop); needs no Django settings."""
    return message


MESSAGES: dict[str, str] = {
    # --- fatal: the file as a whole ------------------------------------------------------------
    "cannot_open": gettext_noop("The file cannot be opened: %(reason)s."),
    "too_large": gettext_noop(
        "The file is too large (%(size_mb)s MB); the limit is %(limit_mb)s MB."
    ),
    "empty_file": gettext_noop("The file is empty."),
    "unsupported_extension": gettext_noop(
        "Files of type “%(extension)s” cannot be imported; use .pptx, .xlsx or .csv."
    ),
    "content_mismatch": gettext_noop(
        "The file should be %(expected)s, judging by its name, but its content is %(found)s."
    ),
    "damaged_zip": gettext_noop(
        "The file is damaged or truncated: it is not a readable Office (zip) file."
    ),
    "zip_too_many_members": gettext_noop(
        "The file holds %(count)d parts; at most %(limit)d are allowed."
    ),
    "zip_too_large_unpacked": gettext_noop(
        "The file unpacks to more than %(limit_mb)s MB (part “%(member)s”); it is refused."
    ),
    "zip_ratio": gettext_noop(
        "The part “%(member)s” is compressed %(ratio)d times (the limit is %(limit)d); "
        "the file looks like a zip bomb and is refused."
    ),
    "unreadable_pptx": gettext_noop("The presentation cannot be read: %(reason)s."),
    "unreadable_xlsx": gettext_noop("The workbook cannot be read: %(reason)s."),
    "unreadable_slide": gettext_noop("This slide cannot be read: %(reason)s."),
    "unreadable_sheet": gettext_noop("This sheet cannot be read: %(reason)s."),
    "unreadable_csv": gettext_noop("The CSV file cannot be read: %(reason)s."),
    "no_table": gettext_noop(
        "No table of initiatives was found (expected headers such as "
        "“Initiativer | Status | Opfølgning” or “Indsats | Status”)."
    ),
    "too_many_rows": gettext_noop("The file has more than %(limit)d rows; it is refused."),
    "missing_title_column": gettext_noop(
        "The table has no column for the initiative (such as “Indsats”, “Initiativ” or "
        "“Titel”); columns found: %(found)s."
    ),
    # --- warnings and notes -------------------------------------------------------------------
    "unknown_table_header": gettext_noop(
        "The table on this slide was skipped: its header (%(header)s) is not recognised."
    ),
    "slide_without_table": gettext_noop("Slide without a table (“%(title)s”) was skipped."),
    "sheet_without_table": gettext_noop("Sheet without a recognisable table was skipped."),
    "sheet_missing_title_column": gettext_noop(
        "The sheet was skipped: it has no column for the initiative; columns found: %(found)s."
    ),
    "slide_without_title": gettext_noop(
        "The slide has no title; its rows were put in the area “%(area)s”."
    ),
    "row_without_title": gettext_noop("A row without an initiative text was skipped."),
    "unknown_phase": gettext_noop("The phase “%(text)s” is not recognised; it was ignored."),
    "unknown_kind": gettext_noop("The type “%(text)s” is not recognised; it was ignored."),
    "unknown_work_form": gettext_noop(
        "The work form “%(text)s” is not recognised; it was kept as written."
    ),
    "bad_date": gettext_noop("The date “%(text)s” is not recognised; it was ignored."),
    "duplicate_column": gettext_noop(
        "The column “%(column)s” repeats “%(field)s”; only the first one is read."
    ),
    "ignored_column": gettext_noop("The column “%(column)s” is not recognised and was ignored."),
    "merged_across_areas": gettext_noop(
        "“%(title)s” is the same initiative as at %(first)s; "
        "it is imported once and listed in each area."
    ),
    "merged_within_area": gettext_noop(
        "“%(title)s” repeats the initiative at %(first)s; it is imported once."
    ),
    "duplicate_reference": gettext_noop(
        "“%(title)s” carries the reference “%(ref)s” of the row at %(first)s in the same "
        "area, with another text (a copied row, table or slide?); both are found by their "
        "text instead."
    ),
    "merged_status_differs": gettext_noop(
        "“%(title)s” repeats the initiative at %(first)s with a different status; "
        "the first status is kept."
    ),
    "continued_row": gettext_noop(
        "The row continues the initiative on the previous slide; its text was appended."
    ),
    "default_area": gettext_noop(
        "There is no area column; all rows were put in the area “%(area)s”."
    ),
    "decoded_as": gettext_noop("The file was read as %(encoding)s text."),
    # --- layouts: finding tables, reading rows -------------------------------------------------
    "no_table_found": gettext_noop(
        "No table of initiatives was found: expected a header row such as “Initiativer | "
        "Status | Opfølgning” or “Indsats | Status” within the first %(rows)d rows of a sheet; "
        "found “%(found)s”."
    ),
    "sheet_of_changes": gettext_noop(
        "The sheet lists changes (before and after), not initiatives; it was skipped."
    ),
    "sheet_without_header": gettext_noop(
        "The sheet was skipped: no header row such as “Indsats | Status” was found in its "
        "first %(rows)d rows; they read “%(found)s”."
    ),
    "unreadable_row": gettext_noop(
        "This row cannot be read: expected an initiative under the header in row "
        "%(header)d, found “%(found)s”. Correct the row and import the file again."
    ),
    "damaged_sheet": gettext_noop(
        "This sheet cannot be read: its content is damaged. Open the file in Excel, save it "
        "again and import it again; the other sheets are shown below."
    ),
    "unreadable_table": gettext_noop(
        "The table on this slide cannot be read: expected initiatives under the header in row "
        "%(header)d, found “%(found)s”. The slide was not imported."
    ),
    "damaged_slide": gettext_noop(
        "This slide cannot be read: its content is damaged. Open the deck in PowerPoint, save "
        "it again and import it again; the other slides are shown below."
    ),
    "merged_drifted": gettext_noop(
        "“%(title)s” is taken to be the same initiative as “%(other)s” (%(first)s; "
        "similarity %(score)s %%, at least %(threshold)s %%); it is imported once."
    ),
}

# Descriptions of content types, used in "content_mismatch".
CONTENT_TYPES: dict[str, str] = {
    "pptx": gettext_noop("a PowerPoint presentation (.pptx)"),
    "xlsx": gettext_noop("an Excel workbook (.xlsx)"),
    "text": gettext_noop("a text file (.csv)"),
    "zip": gettext_noop("a zip archive that is not a presentation or workbook"),
    "damaged_zip": gettext_noop("a damaged zip file"),
    "legacy_office": gettext_noop("an old Office file (.ppt, .xls or .doc)"),
    "pdf": gettext_noop("a PDF document"),
    "binary": gettext_noop("unrecognised binary data"),
    "empty": gettext_noop("empty"),
}
