"""Held-out evaluation: randomised status workbooks, CSV files and decks, and how well they read.

Each seed gives one file in a layout drawn at random: XLSX, CSV or PPTX; one sheet (or slide)
per section or all sections on one sheet (a section column, tables stacked under section
titles, or section bands over a theme column); the header on rows 1 to 5 below title rows,
dates and legends; columns in any order under names drawn from what departments write; one or
two follow-up columns; themes as a column (blank or merged down), as band rows or as a bold
first paragraph; updates in red or dark red runs (or a whole cell); typed dashes and bullets;
initiatives repeated in other sections, as exact copies or drifted (re-wrapped, re-punctuated,
abbreviated, shortened).

The header names, colours and phrases here were written from how such files look, not from
the reader's vocabulary, and the reader was not adjusted to this generator. The measure is the
share of initiatives read *exactly*: the title, the status text, the earlier status without
the red parts (or a single history entry when nothing or everything is red), and the set of
sections — after the command line's merging of drifted repeats; an initiative that is not
merged with its repeat counts as wrong.

    .venv/bin/python -m tests.interchange.readers.heldout_layouts --layouts 400 --first-seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# --- vocabulary (as departments write it) -----------------------------------------------------

TITLE_HEADERS = [
    "Indsats",
    "Indsatser",
    "Initiativ",
    "Initiativer",
    "Tiltag",
    "Aktivitet",
    "Beskrivelse af indsats",
    "Handling",
    "Konkrete initiativer",
    "Projekt",
    "Indsats/initiativ",
]
STATUS_HEADERS = [
    "Status",
    "Seneste status",
    "Aktuel status",
    "Status og fremdrift",
    "Fremdrift",
    "Status/bemærkninger",
    "Hvor langt er vi?",
]
DATED_STATUS_HEADERS = ["Status pr. {day}. {month} {year}", "Status ({month} {year})"]
THEME_HEADERS = ["Tema", "Emne", "Temaer", "Overordnet tema", "Kategori"]
SECTION_HEADERS = ["Afsnit", "Område", "Spor", "Sektion", "Indsatsområde", "Hovedområde"]
FOLLOW_UP_HEADERS = [
    "Opfølgning",
    "Opfølgning: Lokal/Fælles",
    "Opfølgning (lokal/fælles)",
    "Ansvar",
    "Ansvarlig",
    "Opfølgning - lokalt og fælles",
]
LOCAL_HEADERS = ["Opfølgning lokalt", "Lokalt", "Lokal opfølgning", "Lokalt ansvar", "Lokal"]
COMMON_HEADERS = [
    "Opfølgning fælles",
    "Fælles",
    "Fælles opfølgning",
    "Tovholder",
    "Fælles ansvar",
    "Ansvarlig (fælles)",
]
EXTRA_HEADERS = ["Nr.", "Frist", "Deadline", "Prioritet", "Budget", "Bemærkninger"]
PLAN_TITLES = [
    "360 graders vinterplan 2021/22",
    "Handleplan for akutområdet 2022",
    "Psykiatriens årsplan 2022",
    "Strategisk indsatsplan – status",
    "Kapacitetsplan for sengeafsnit",
    "Region Midtjylland – plan for kapacitet og flow",
]
SECTIONS = [
    "Personale (særligt fokus på senge-/akutafdelinger)",
    "Praktiserende læger",
    "Hospitaler",
    "Kommuner",
    "Patientkontoret",
    "Præhospitalet og lægevagten",
    "Psykiatri og socialområdet",
    "Digitalisering og data",
    "Kompetenceudvikling af medarbejdere i klinikken",
    "Samarbejde med kommunerne om udskrivning",
    "Sundhedsfaglig rådgivning",
    "Ældre medicinske patienter",
]
THEMES = [
    "Flere faggrupper i spil",
    "Sikre god introduktion",
    "Visitation i Lægevagten",
    "Forebygge akutte indlæggelser",
    "Kommunale akutfunktioner",
    "Rekruttering og fastholdelse",
    "Digitale løsninger",
    "Kapacitet og flow",
    "Styrket præhospital indsats",
    "Indlæggelse i eget hjem",
]
ACTIONS = [
    "Etablering af",
    "Udbredelse af",
    "Prøvehandling med",
    "Afdækning af",
    "Styrket samarbejde om",
    "Evaluering af",
    "Implementering af",
    "Udvikling af",
    "Fælles regional indsats for",
    "Opfølgning på",
]
OBJECTS = [
    "tværsektorielt overblik over akut kapacitet",
    "introduktionsforløb for nye sygeplejersker",
    "udskrivningskonferencer på video med pårørende",
    "telefonrådgivning om geriatri til almen praksis",
    "et fælles kompetenceprogram for serviceassistenter",
    "booking af tider i lægevagten",
    "subakutte tider i stedet for akut behandling",
    "opsporing af svækkede ældre medicinske patienter",
    "rettidig udskrivelse af geriatriske patienter",
    "kommunale akutpladser som alternativ til indlæggelse",
    "flere ansatte i vagt på tværs af klinikker",
    "fastholdelsestillæg inden for overenskomsterne",
    "uddannelse af operationsteknikere",
    "behandling i eget hjem",
    "data om genindlæggelser pr. kommune",
    "patientstyrede ambulante forløb",
    "talepromt på lægevagtstelefonen",
    "kampagne om brug af lægevagten",
]
CONTEXTS = [
    "i alle klynger",
    "på akutafdelingerne",
    "i samarbejde med kommunerne",
    "for patienter i eget hjem",
    "i dagtid",
    "med PLO-Midtjylland",
    "i Horsensklyngen",
    "med henblik på færre genindlæggelser",
    "",
]
DETAILS = [
    "Aktiveres i perioder med lang ventetid",
    "Omfatter patienter over 65 år",
    "Erfaringer deles i ERFA-netværk",
    "Følges og evalueres løbende",
    "Tager udgangspunkt i Aarhus Universitetshospitals arbejde",
]
STATUS_SENTENCES = [
    "Igangsat den {day}. {month} {year}.",
    "Afventer godkendelse i {forum}.",
    "Drøftet i {forum} den {day}. {month} {year}.",
    "Prøvehandling opstartet i {unit}.",
    "Evaluering foreligger i {month}.",
    "Forsinket pga. manglende bemanding.",
    "Projektbeskrivelse er udarbejdet.",
    "Afsluttet og overgået til drift.",
    "IT teknisk muligt; nærmere afklaring i arbejdsgruppe.",
    "Status til Sundhedsstyregruppen den {day}. {month} {year}.",
    "Koncept drøftet med hospitalerne.",
    "I gang på alle hospitaler.",
]
NEW_SENTENCES = [
    "Udvidet til hele regionen fra {month}.",
    "Besluttet i {forum} at fortsætte.",
    "Første evaluering viser færre genindlæggelser.",
    "Aftalt opstart {day}. {month} {year}.",
    "Ny tovholder udpeget.",
]
FORUMS = ["HL", "AL", "Sundhedsstyregruppen", "HR-forum", "Regionsrådet"]
UNITS = [
    "Koncern HR",
    "Sundhedsplanlægning",
    "Koncern Økonomi",
    "Præhospitalet",
    "Randersklyngen",
    "Horsensklyngen",
    "Alle hospitaler",
    "Hospitalsenhed Midt",
    "Aarhus Universitetshospital",
    "Psykiatrien",
    "Koncern Kommunikation",
]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "september", "oktober"]
REDS = ["FF0000", "C00000", "E00000", "990000", "8B0000", "CC0000", "B22222", "DC143C"]
BULLETS = ["• ", "- ", "– ", "* ", "▪ "]
LEGENDS = ["Opdateringer m/ rød skrift", "Rød skrift = nyt siden sidst", "Opdateret", "Rødt = nyt"]
DEFAULT_SHEET = ["Ark{n}", "Sheet{n}"]

# --- the truth --------------------------------------------------------------------------------


@dataclass
class Status:
    """A status as pieces (text, red)."""

    pieces: list[tuple[str, bool]]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def unmarked(self) -> str:
        return "".join(text for text, red in self.pieces if not red)

    @property
    def has_red(self) -> bool:
        return any(red and text.strip() for text, red in self.pieces)


@dataclass
class Item:
    """One initiative row as written in one section."""

    title: str
    status: Status
    theme: str | None
    local: str
    common: str
    truth: Truth


@dataclass
class Truth:
    """What the reader should find for one initiative."""

    title: str
    status: Status
    sections: list[str] = field(default_factory=list)
    drift: str = ""


@dataclass
class Case:
    seed: int
    filename: str
    data: bytes
    layout: dict[str, Any]
    truths: list[Truth]


def _fill(rng: random.Random, text: str) -> str:
    return text.format(
        day=rng.randint(1, 28),
        month=rng.choice(MONTHS),
        year=rng.choice([2021, 2022]),
        forum=rng.choice(FORUMS),
        unit=rng.choice(UNITS),
    )


class Plan:
    """A plan: sections with themes and initiative rows, some repeated across sections."""

    def __init__(self, rng: random.Random, *, red_allowed: bool) -> None:
        self.rng = rng
        self.title = rng.choice(PLAN_TITLES)
        self.sections = rng.sample(SECTIONS, rng.randint(2, 5))
        self.rows: dict[str, list[Item]] = {}
        self.truths: list[Truth] = []
        pairs = [(a, o) for a in ACTIONS for o in OBJECTS]
        rng.shuffle(pairs)
        for section in self.sections:
            themes = rng.sample(THEMES, rng.randint(1, 3))
            items = []
            for theme in themes:
                for _ in range(rng.randint(1, 3)):
                    action, obj = pairs.pop()
                    items.append(self._item(f"{action} {obj}", theme, section, red_allowed))
            self.rows[section] = items
        self._repeat()

    def _item(self, base: str, theme: str, section: str, red_allowed: bool) -> Item:
        rng = self.rng
        context = rng.choice(CONTEXTS)
        title = f"{base} {context}".strip()
        if rng.random() < 0.25:
            title += "\n" + rng.choice(BULLETS) + rng.choice(DETAILS)
        status = self._status(red_allowed)
        truth = Truth(title, status, [section])
        self.truths.append(truth)
        return Item(title, status, theme, *self._units(), truth)

    def _status(self, red_allowed: bool) -> Status:
        rng = self.rng
        sentences = [_fill(rng, s) for s in rng.sample(STATUS_SENTENCES, rng.randint(1, 3))]
        bullet = rng.choice(BULLETS) if rng.random() < 0.3 else ""
        joiner = "\n" + bullet if bullet or rng.random() < 0.5 else " "
        pieces = [((bullet if i == 0 else "") + s, False) for i, s in enumerate(sentences)]
        pieces = [(text if i == 0 else joiner + text, red) for i, (text, red) in enumerate(pieces)]
        if red_allowed:
            roll = rng.random()
            if roll < 0.35:
                pieces.append((joiner + _fill(rng, rng.choice(NEW_SENTENCES)), True))
            elif roll < 0.45:
                pieces = [(text, True) for text, _ in pieces]
        return Status(pieces)

    def _units(self) -> tuple[str, str]:
        rng = self.rng
        local = ", ".join(rng.sample(UNITS, rng.randint(0, 2)))
        common = rng.choice(UNITS) if rng.random() < 0.7 else ""
        return local, common

    def _repeat(self) -> None:
        """Repeat some initiatives in a later section, as a copy or drifted."""
        rng = self.rng
        for index, section in enumerate(self.sections[:-1]):
            for item in list(self.rows[section]):
                if rng.random() >= 0.2:
                    continue
                target = rng.choice(self.sections[index + 1 :])
                if target in item.truth.sections:
                    continue
                drift = rng.choices(
                    ["copy", "rewrap", "punctuation", "abbreviation", "shortened"],
                    weights=[50, 15, 15, 10, 10],
                )[0]
                title = _drifted(item.title, drift)
                if title is None:
                    drift, title = "copy", item.title
                copy = Item(
                    title,
                    item.status,
                    rng.choice(THEMES),
                    item.local,
                    item.common,
                    item.truth,
                )
                item.truth.sections.append(target)
                item.truth.drift = drift
                self.rows[target].insert(rng.randint(0, len(self.rows[target])), copy)


def _drifted(title: str, drift: str) -> str | None:
    first, _, rest = title.partition("\n")
    if drift == "copy":
        return title
    if drift == "rewrap":
        words = first.split()
        cut = len(words) // 2
        return " ".join(words[:cut]) + "\n" + " ".join(words[cut:]) + ("\n" + rest if rest else "")
    if drift == "punctuation":
        return first.replace(" i ", ", i ", 1) + "." if " i " in first else first + "."
    if drift == "abbreviation":
        for long, short in (
            ("PLO-Midtjylland", "PLO-M"),
            ("med henblik på", "mhp."),
            ("i samarbejde med", "i samarb. med"),
            ("Aarhus Universitetshospital", "AUH"),
        ):
            if long in title:
                return title.replace(long, short)
        return None
    if drift == "shortened":
        words = first.split()
        if len(words) < 7:
            return None
        return " ".join(words[: max(5, len(words) - 3)])
    return None


# --- writing the file -------------------------------------------------------------------------


@dataclass
class Columns:
    """Header names in order and the role of each."""

    roles: list[str]
    names: list[str]


def _columns(rng: random.Random, *, theme_column: bool, section_column: bool, dated: str | None):
    roles = ["title", "status"]
    if rng.random() < 0.5:
        roles += ["local", "common"]
    else:
        roles.append("follow_up")
    if theme_column:
        roles.insert(0, "theme")
    if section_column:
        roles.insert(0, "section")
    for _ in range(rng.choice([0, 0, 1, 2])):
        roles.insert(rng.randint(0, len(roles)), "extra")
    if rng.random() < 0.4:  # another order
        movable = [r for r in roles if r not in ("section",)]
        rng.shuffle(movable)
        roles = (["section"] if section_column else []) + movable
    names = []
    extras = rng.sample(EXTRA_HEADERS, len(EXTRA_HEADERS))
    for role in roles:
        if role == "title":
            names.append(rng.choice(TITLE_HEADERS))
        elif role == "status":
            names.append(dated or rng.choice(STATUS_HEADERS))
        elif role == "theme":
            names.append(rng.choice(THEME_HEADERS))
        elif role == "section":
            names.append(rng.choice(SECTION_HEADERS))
        elif role == "follow_up":
            names.append(rng.choice(FOLLOW_UP_HEADERS))
        elif role == "local":
            names.append(rng.choice(LOCAL_HEADERS))
        elif role == "common":
            names.append(rng.choice(COMMON_HEADERS))
        else:
            names.append(extras.pop())
    return Columns(roles, names)


def _follow_up_text(item: Item) -> str:
    parts = []
    if item.local:
        parts.append(f"Lokalt: {item.local}")
    if item.common:
        parts.append(f"Fælles: {item.common} tovholder")
    return " / ".join(parts) or "Lokalt og fælles"


@dataclass
class Cell:
    """A cell to write: paragraphs of (text, style) pieces, style "", "red" or "bold"."""

    paras: list[list[tuple[str, str]]]
    bold: bool = False
    red_cell: bool = False

    @property
    def text(self) -> str:
        return "\n".join("".join(t for t, _ in para) for para in self.paras)


def text_cell(text: str, **kwargs: Any) -> Cell:
    return Cell([[(line, "")] for line in text.split("\n")], **kwargs)


def status_cell(status: Status, whole_red: bool) -> Cell:
    if whole_red and status.has_red and not status.unmarked.strip():
        return Cell([[(line, "")] for line in status.text.split("\n")], red_cell=True)
    paras: list[list[tuple[str, str]]] = [[]]
    for text, red in status.pieces:
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paras.append([])
            if line:
                paras[-1].append((line, "red" if red else ""))
    return Cell([para for para in paras if para])


def title_cell(item: Item, inline_theme: str | None) -> Cell:
    cell = text_cell(item.title)
    if inline_theme:
        cell.paras.insert(0, [(inline_theme, "bold")])
    return cell


def _row(item: Item, columns: Columns, rng: random.Random, layout: dict, theme_value: str | None):
    values: list[Cell | None] = []
    inline = layout["themes"] == "inline" and theme_value
    for role in columns.roles:
        if role == "title":
            values.append(title_cell(item, theme_value if inline else None))
        elif role == "status":
            values.append(status_cell(item.status, layout["whole_red"]))
        elif role == "theme":
            values.append(text_cell(theme_value) if theme_value else None)
        elif role == "section":
            values.append(None)  # filled by the caller
        elif role == "follow_up":
            values.append(text_cell(_follow_up_text(item)))
        elif role == "local":
            values.append(text_cell(item.local) if item.local else None)
        elif role == "common":
            values.append(text_cell(item.common) if item.common else None)
        else:
            values.append(text_cell(str(rng.randint(1, 9))) if rng.random() < 0.5 else None)
    return values


@dataclass
class Table:
    """Rows of cells for one sheet, slide table or CSV file, with merges (0-based)."""

    rows: list[list[Cell | None]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    bands: set[int] = field(default_factory=set)
    fills: dict[int, str] = field(default_factory=dict)
    name: str = ""


def _band(table: Table, text: str, width: int, *, merged: bool, fill: str | None = None) -> None:
    table.rows.append([text_cell(text, bold=True)] + [None] * (width - 1))
    index = len(table.rows) - 1
    if merged and width > 1:
        table.merges.append((index, 0, index, width - 1))
    table.bands.add(index)
    if fill:
        table.fills[index] = fill


def _title_rows(rng: random.Random, plan: Plan, section: str | None, layout: dict) -> list[str]:
    """Rows above the header: plan and section titles, a date, a legend, blanks."""
    lines: list[str] = []
    if section and rng.random() < 0.5:
        lines += [section, plan.title]
    elif section:
        lines += [plan.title, section]
    elif rng.random() < 0.8:
        lines.append(plan.title)
    if rng.random() < 0.3:
        lines.append(f"Status pr. {rng.randint(1, 28)}. {rng.choice(MONTHS)} 2022")
    if layout["fmt"] != "csv" and rng.random() < 0.3:
        lines.append(rng.choice(LEGENDS))
    if rng.random() < 0.3:
        lines.append("")
    lines = lines[: layout["header_row"] - 1]
    hidden = layout["sheet_names"] == "default" or len(section or "") > 31
    if section and section not in lines and hidden and layout["fmt"] == "xlsx":
        lines = [section, *lines][: max(1, layout["header_row"] - 1)]  # the file must say it
    return lines


def _section_table(rng, plan, section, items, columns, layout, *, with_titles=True) -> Table:
    table = Table(name=section)
    width = len(columns.roles)
    if with_titles:
        for line in _title_rows(rng, plan, section, layout):
            table.rows.append([text_cell(line)] + [None] * (width - 1) if line else [])
    table.rows.append([text_cell(name) for name in columns.names])
    _write_items(rng, table, items, columns, layout, section)
    return table


def _write_items(rng, table: Table, items: list[Item], columns: Columns, layout: dict, section):
    width = len(columns.roles)
    theme_mode = layout["themes"]
    theme_at = columns.roles.index("theme") if "theme" in columns.roles else None
    previous_theme = None
    theme_start = None
    for item in items:
        new_theme = item.theme != previous_theme
        if theme_mode == "band" and new_theme:
            _band(table, item.theme, width, merged=layout["fmt"] != "csv")
        row = _row(item, columns, rng, layout, item.theme if new_theme else None)
        if theme_mode in ("column", "merged") and theme_at is not None:
            if new_theme:
                if theme_mode == "merged" and theme_start is not None:
                    _merge_down(table, theme_start, theme_at)
                theme_start = len(table.rows)
            else:
                row[theme_at] = None
        if "section" in columns.roles:
            at = columns.roles.index("section")
            first_of_section = not table.rows or all(
                r is None or r.text != section for r in _column(table, at)
            )
            row[at] = text_cell(section) if first_of_section or layout["repeat_section"] else None
        table.rows.append(row)
        previous_theme = item.theme
    if theme_mode == "merged" and theme_start is not None and theme_at is not None:
        _merge_down(table, theme_start, theme_at)


def _column(table: Table, at: int) -> list[Cell | None]:
    return [row[at] if at < len(row) else None for row in table.rows]


def _merge_down(table: Table, start: int, column: int) -> None:
    end = len(table.rows) - 1
    if end > start:
        table.merges.append((start, column, end, column))


def build_tables(rng: random.Random, plan: Plan, layout: dict) -> list[Table]:
    arrangement = layout["arrangement"]
    columns = _columns(
        rng,
        theme_column=layout["themes"] in ("column", "merged"),
        section_column=arrangement == "section_column",
        dated=layout["dated_header"],
    )
    layout["columns"] = list(zip(columns.roles, columns.names, strict=True))
    if arrangement == "per_section":
        return [
            _section_table(rng, plan, section, plan.rows[section], columns, layout)
            for section in plan.sections
        ]
    table = Table(name=plan.title)
    width = len(columns.roles)
    for line in _title_rows(rng, plan, None, layout):
        table.rows.append([text_cell(line)] + [None] * (width - 1) if line else [])
    if arrangement == "section_column":
        table.rows.append([text_cell(name) for name in columns.names])
        for section in plan.sections:
            _write_items(rng, table, plan.rows[section], columns, layout, section)
    elif arrangement == "stacked":
        for index, section in enumerate(plan.sections):
            if index:
                table.rows.append([])
            table.rows.append([text_cell(section, bold=True)] + [None] * (width - 1))
            table.rows.append([text_cell(name) for name in columns.names])
            _write_items(rng, table, plan.rows[section], columns, layout, section)
    else:  # section bands over a theme column
        table.rows.append([text_cell(name) for name in columns.names])
        for section in plan.sections:
            _band(table, section, width, merged=True, fill="1F4E79")
            _write_items(rng, table, plan.rows[section], columns, layout, section)
    if layout["fmt"] != "csv" and rng.random() < 0.3:
        table.rows += [[], [text_cell(rng.choice(LEGENDS))]]
    return [table]


# --- formats ----------------------------------------------------------------------------------


def write_xlsx(tables: list[Table], layout: dict, rng: random.Random) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font, PatternFill

    red = layout["red"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(tables, start=1):
        if layout["sheet_names"] == "default":
            name = rng.choice(DEFAULT_SHEET).format(n=number)
        else:
            name = re.sub(r"[\[\]:*?/\\]", "-", table.name)[:31]
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                target = sheet.cell(row=r, column=c)
                styled = any(style for para in cell.paras for _, style in para)
                if styled:
                    blocks = []
                    for p, para in enumerate(cell.paras):
                        for i, (text, style) in enumerate(para):
                            prefix = "\n" if p and i == 0 else ""
                            font = InlineFont(
                                color=("FF" + red) if style == "red" else None,
                                b=True if style == "bold" else None,
                            )
                            blocks.append(TextBlock(font, prefix + text))
                    target.value = CellRichText(blocks)
                else:
                    target.value = cell.text
                if cell.bold or cell.red_cell:
                    target.font = Font(
                        bold=cell.bold, color=("FF" + red) if cell.red_cell else None
                    )
                if r - 1 in table.fills:
                    target.fill = PatternFill("solid", fgColor="FF" + table.fills[r - 1])
                target.alignment = Alignment(wrap_text=True, vertical="top")
        for top, left, bottom, right in table.merges:
            sheet.merge_cells(
                start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(tables: list[Table], layout: dict) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=layout["delimiter"], lineterminator="\r\n")
    for table in tables:
        for row in table.rows:
            writer.writerow(["" if cell is None else cell.text for cell in row])
    text = buffer.getvalue()
    if layout["encoding"] == "cp1252":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            pass  # a character Windows-1252 lacks: written as UTF-8, as Excel would
    return ("\ufeff" if layout["bom"] else "").encode() + text.encode("utf-8")


def write_pptx(plan: Plan, tables: list[Table], layout: dict, rng: random.Random) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    red = RGBColor.from_string(layout["red"])
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    if rng.random() < 0.8:
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = plan.title
        slide.placeholders[1].text = f"Status {rng.randint(1, 28)}. {rng.choice(MONTHS)} 2022"
    for table in tables:
        header_at = next(i for i, row in enumerate(table.rows) if row and _is_header(row, layout))
        header = table.rows[header_at]
        body = table.rows[header_at + 1 :]
        chunks = _chunks(body, layout["rows_per_slide"])
        for number, chunk in enumerate(chunks):
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            title = table.name if layout["arrangement"] == "per_section" else plan.title
            caption = layout["caption_row"] and layout["arrangement"] == "per_section"
            if caption:
                title = plan.title
            if number and layout["arrangement"] == "per_section":
                title += rng.choice([" (fortsat)", " – fortsat", ""])
            slide.shapes.title.text = title
            if rng.random() < 0.5:
                box = slide.shapes.add_textbox(Inches(10), Inches(6.6), Inches(3), Inches(0.6))
                box.text_frame.text = rng.choice(LEGENDS)
            rows = [[text_cell(table.name)] + [None] * (len(header) - 1)] if caption else []
            rows += [header, *[r for r, _ in chunk]]
            merges = [(0, 0, 0, len(header) - 1)] if caption else []
            offset = len(rows) - len(chunk)
            for top, left, bottom, right in table.merges:
                top, bottom = top - header_at - 1, bottom - header_at - 1  # body indices
                inside = [i for i, (_, index) in enumerate(chunk) if top <= index <= bottom]
                if inside:
                    merges.append((offset + inside[0], left, offset + inside[-1], right))
            _pptx_table(slide, rows, merges, red, Inches, Pt)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _is_header(row: list[Cell | None], layout: dict) -> bool:
    names = {name for _, name in layout["columns"]}
    texts = [cell.text for cell in row if cell is not None]
    return len(texts) >= 2 and all(text in names for text in texts)


def _chunks(body: list, size: int) -> list[list[tuple[list, int]]]:
    indexed = [(row, index) for index, row in enumerate(body) if row]
    return [indexed[i : i + size] for i in range(0, len(indexed), size)] or [[]]


def _pptx_table(slide, rows, merges, red, inches, pt) -> None:
    width = max(len(row) for row in rows)
    shape = slide.shapes.add_table(
        len(rows), width, inches(0.4), inches(1.3), inches(12.5), inches(0.4) * len(rows)
    )
    table = shape.table
    for r, row in enumerate(rows):
        for c in range(width):
            cell = row[c] if c < len(row) else None
            frame = table.cell(r, c).text_frame
            if cell is None:
                frame.text = ""
                continue
            for p, para in enumerate(cell.paras):
                paragraph = frame.paragraphs[0] if p == 0 else frame.add_paragraph()
                for text, style in para:
                    run = paragraph.add_run()
                    run.text = text
                    run.font.size = pt(9)
                    if style == "bold" or cell.bold:
                        run.font.bold = True
                    if style == "red" or cell.red_cell:
                        run.font.color.rgb = red
    for top, left, bottom, right in merges:
        if (top, left) != (bottom, right):
            table.cell(top, left).merge(table.cell(bottom, right))


# --- one case ---------------------------------------------------------------------------------


def generate(seed: int) -> Case:
    """The file for ``seed`` and the truth about its initiatives."""
    rng = random.Random(seed)
    fmt = rng.choices(["xlsx", "pptx", "csv"], weights=[45, 35, 20])[0]
    arrangements = {
        "xlsx": ["per_section", "section_column", "stacked", "section_bands"],
        "pptx": ["per_section", "per_section", "section_bands"],
        "csv": ["section_column", "stacked"],
    }[fmt]
    arrangement = rng.choice(arrangements)
    themes = ["none", "column", "merged", "band", "inline"]
    if fmt == "csv":
        themes = ["none", "column"]
    if arrangement == "section_bands":
        themes = ["column", "merged"]
    layout: dict[str, Any] = {
        "fmt": fmt,
        "arrangement": arrangement,
        "themes": rng.choice(themes),
        "header_row": rng.randint(1, 5),
        "red": rng.choice(REDS),
        "whole_red": rng.random() < 0.5,
        "dated_header": None,
        "repeat_section": rng.random() < 0.5,
        "sheet_names": rng.choice(["section", "section", "default"]),
        "rows_per_slide": rng.randint(3, 7),
        "caption_row": rng.random() < 0.3,
        "delimiter": rng.choice([";", ",", "\t"]),
        "encoding": rng.choice(["utf-8", "utf-8", "cp1252"]),
        "bom": rng.random() < 0.5,
    }
    if rng.random() < 0.3:
        template = rng.choice(DATED_STATUS_HEADERS)
        layout["dated_header"] = _fill(rng, template.replace("{day}", str(rng.randint(1, 28))))
    plan = Plan(rng, red_allowed=fmt != "csv")
    tables = build_tables(rng, plan, layout)
    if fmt == "xlsx":
        data = write_xlsx(tables, layout, rng)
    elif fmt == "csv":
        data = write_csv(tables, layout)
    else:
        data = write_pptx(plan, tables, layout, rng)
    layout.pop("columns", None)
    return Case(seed, f"status_{seed}.{fmt}", data, layout, plan.truths)


# --- scoring ----------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class Score:
    exact: int = 0
    total: int = 0
    failures: Counter = field(default_factory=Counter)
    themes_right: int = 0
    error: str = ""


def score(case: Case) -> Score:
    """How many of the case's initiatives the reader (and the command line's merging) got."""
    from fremdrift.interchange.readers import ReadError, merge_suggested, read_file

    result = Score(total=len(case.truths))
    try:
        read = read_file(case.data, filename=case.filename)
    except ReadError as exc:
        result.error = str(exc)
        result.failures["file refused"] += len(case.truths)
        return result
    document, _ = merge_suggested(read.document, read.near_matches)
    areas = {a["slug"]: _norm(a["title"]) for a in document["areas"]}
    by_title: dict[str, list[dict]] = {}
    for item in document["initiatives"]:
        by_title.setdefault(_norm(item["title"]), []).append(item)
    for truth in case.truths:
        found = by_title.get(_norm(truth.title), [])
        if not found:
            result.failures["title"] += 1
            continue
        if len(found) > 1:
            result.failures["repeat not merged"] += 1
            continue
        item = found[0]
        problems = _compare(truth, item, areas)
        if problems:
            result.failures[problems[0]] += 1
        else:
            result.exact += 1
    return result


def _compare(truth: Truth, item: dict, areas: dict[str, str]) -> list[str]:
    problems = []
    if _norm(item["status"]) != _norm(truth.status.text):
        problems.append("status text")
    history = [h["status"] for h in item["history"]]
    partly_red = truth.status.has_red and truth.status.unmarked.strip()
    if partly_red:
        if len(history) != 2 or _norm(history[0]) != _norm(truth.status.unmarked):
            problems.append("red parts")
    elif len(history) != 1:
        problems.append("red parts")
    sections = {areas.get(slug, slug) for slug in item["areas"]}
    if sections != {_norm(section) for section in truth.sections}:
        problems.append("sections")
    return problems


def evaluate(seeds: range, *, verbose: bool = False) -> tuple[float, dict[str, Any]]:
    """The share of initiatives read exactly over ``seeds``, and a breakdown."""
    exact = total = 0
    failures: Counter = Counter()
    by_format: dict[str, list[int]] = {}
    by_arrangement: dict[str, list[int]] = {}
    refused = 0
    for seed in seeds:
        case = generate(seed)
        result = score(case)
        exact += result.exact
        total += result.total
        failures.update(result.failures)
        refused += bool(result.error)
        for key, table in (
            (case.layout["fmt"], by_format),
            (case.layout["arrangement"], by_arrangement),
        ):
            counts = table.setdefault(key, [0, 0])
            counts[0] += result.exact
            counts[1] += result.total
        if verbose and result.exact < result.total:
            print(seed, case.layout, dict(result.failures), result.error, file=sys.stderr)
    details = {
        "layouts": len(seeds),
        "initiatives": total,
        "exact": exact,
        "failures": dict(failures),
        "refused_files": refused,
        "by_format": {k: round(v[0] / v[1], 4) for k, v in by_format.items() if v[1]},
        "by_arrangement": {k: round(v[0] / v[1], 4) for k, v in by_arrangement.items() if v[1]},
    }
    return (exact / total if total else 0.0), details


def main(argv: list[str] | None = None) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings_test")
    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layouts", type=int, default=300)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args(argv)
    seeds = range(options.first_seed, options.first_seed + options.layouts)
    accuracy, details = evaluate(seeds, verbose=options.verbose)
    print(f"exact: {accuracy:.2%} of {details['initiatives']} initiatives in {len(seeds)} layouts")
    for key, value in details.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
