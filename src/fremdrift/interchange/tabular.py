"""Flat exports of a plan document: one row per initiative and area (CSV and XLSX)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

COLUMNS = [
    ("Område", "area"),
    ("Tema", "theme"),
    ("Indsats", "title"),
    ("Reference", "ref"),
    ("Type", "kind"),
    ("Arbejdsform", "work_form"),
    ("Fase", "phase"),
    ("Målfase", "phase_target"),
    ("Opgave", "year_task"),
    ("Status", "status"),
    ("Statusdato", "status_date"),
    ("Lokal", "local"),
    ("Fælles", "common"),
    ("Tovholder", "lead"),
    ("Opfølgning", "follow_up"),
]


def _rows(document: dict[str, Any]) -> list[list[str]]:
    by_ref = {i["ref"]: i for i in document["initiatives"]}
    rows = []
    for area in document["areas"]:
        for ref in area["initiatives"]:
            i = by_ref[ref]
            f = i.get("follow_up") or {}
            values = {
                **i,
                "area": area["title"],
                "local": "; ".join(f.get("local") or []),
                "common": "; ".join(f.get("common") or []),
                "lead": f.get("lead") or "",
                "follow_up": f.get("text") or "",
            }
            rows.append(
                ["" if values.get(key) is None else str(values.get(key)) for _, key in COLUMNS]
            )
    return rows


def document_to_csv(document: dict[str, Any]) -> bytes:
    """UTF-8 CSV with BOM and semicolons, as Danish Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([label for label, _ in COLUMNS])
    writer.writerows(_rows(document))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def document_to_xlsx(document: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indsatser"
    sheet.append([label for label, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(document):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
