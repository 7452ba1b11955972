"""Flat exports of a plan document: one row per initiative and area (CSV and XLSX)."""

from __future__ import annotations

from typing import Any

from fremdrift.core.xlsx import csv_bytes, xlsx_bytes

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
            # The section's own heading and wording, where it has them.
            theme = (i.get("area_themes") or {}).get(area["slug"])
            variant = next(
                (v for v in i.get("variants") or [] if v.get("area") == area["slug"]), {}
            )
            status = i.get("status")
            if variant.get("status") and variant.get("status_for") == status:
                status = variant["status"]
            values = {
                **i,
                "area": area["title"],
                "theme": theme or i.get("theme"),
                "title": variant.get("title") or i["title"],
                "status": status,
                "local": "; ".join(f.get("local") or []),
                "common": "; ".join(f.get("common") or []),
                "lead": f.get("lead") or "",
                "follow_up": variant.get("follow_up") or f.get("text") or "",
            }
            rows.append([_cell(values.get(key)) for _, key in COLUMNS])
    return rows


def _cell(value: Any) -> str:
    """A cell's text; a soft line break (a vertical tab) is a line break in a sheet."""
    return "" if value is None else str(value).replace("\x0b", "\n")


def document_to_csv(document: dict[str, Any]) -> bytes:
    """UTF-8 CSV with BOM and semicolons, as Danish Excel opens it; formula-like text escaped."""
    return csv_bytes([label for label, _ in COLUMNS], _rows(document))


def document_to_xlsx(document: dict[str, Any]) -> bytes:
    """One sheet "Indsatser"; every text a string cell."""
    return xlsx_bytes("Indsatser", [label for label, _ in COLUMNS], _rows(document))
