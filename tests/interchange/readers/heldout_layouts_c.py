"""A third held-out generator of status decks and workbooks, written blind.

Written without reading the readers or the other two generators (only ``docs/import-columns.md``
and the scorer's interface), to measure the importer on layouts nobody tuned it for. The
layouts combine what the docs promise in other ways and other words than the issue shows:
workbooks with one sheet per section (cut sheet names or ``Ark1``), all sections on one sheet
under a section column, stacked tables under section titles, or section bands over a theme
column; header rows 1–7 under plan titles, dates, legends and blank rows; tables starting in
column A or B; an optional cover sheet; themes as filled band rows, merged theme cells, bold
first paragraphs or none; one combined, two separate or responsible/lead follow-up columns;
updates in red-like colours as runs, whole cells or a middle sentence; bullets. Decks with a
title slide, a slide per section (title placeholder or caption row inside the table), rows
continued on slides titled “(fortsat)” or “(side 2 af 3)”.

    .venv/bin/python -m tests.interchange.readers.heldout_layouts_c --layouts 300 --first-seed 1
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

from .heldout_layouts import Case, Status, Truth, score

PLAN_TITLES = [
    "Handleplan for Afdeling for Psykoser {year}",
    "Statusrapport, Akutafdelingen, {season} {year}",
    "Udviklingsplan {year}-{next} for Neurologisk Afdeling",
    "Kvalitetsprogram for Børne- og Ungdomspsykiatrien {year}",
    "Strategiplan for Medicinsk Afdeling {year}",
    "Indsatsplan Regionshospitalet Nord {year}",
]
SEASONS = ["forår", "efterår", "sommer", "vinter"]
SECTIONS = [
    "Patientsikkerhed og kvalitet",
    "Rekruttering og fastholdelse af sygeplejersker og læger",
    "Digitalisering og brug af EPJ",
    "Samarbejde med kommuner og praktiserende læger",
    "Flow i sengeafsnit og akutmodtagelse",
    "Ambulant behandling og hjemmebehandling",
    "Arbejdsmiljø, trivsel og sygefravær i afdelingen",
    "Uddannelse og kompetenceudvikling",
    "Pårørende og patientinddragelse",
    "Forebyggelse af tvang i psykiatrien",
]
THEMES = [
    "Dokumentation",
    "Arbejdsgange",
    "Kompetencer",
    "Kapacitet",
    "Kommunikation",
    "Ledelse",
    "Tværsektorielt samarbejde",
    "Data og opfølgning",
]
ACTIONS = [
    "Implementering af",
    "Evaluering af",
    "Udvikling af",
    "Afprøvning af",
    "Harmonisering af",
    "Opfølgning på",
    "Kortlægning af",
    "Styrkelse af",
    "Forenkling af",
    "Udbredelse af",
    "Revision af",
    "Etablering af",
]
OBJECTS = [
    "standardtekster ved medicinordination",
    "dokumentation ved genindlæggelser",
    "tværfaglige konferencer om komplekse forløb",
    "introduktionsforløb for nyansatte sygeplejersker",
    "visitationsretningslinjer",
    "samarbejdsaftaler med kommunerne",
    "telefonkonsultationer i ambulatoriet",
    "udskrivningssamtaler med patient og pårørende",
    "vagtplanlægning i sengeafsnit",
    "kompetenceprofiler for social- og sundhedsassistenter",
    "behandlingsplaner for patienter med spiseforstyrrelser",
    "pårørendeinddragelse ved indlæggelse",
    "digitale skemaer i EPJ",
    "triage i akutmodtagelsen",
    "overgange mellem psykiatri og somatik",
    "rekrutteringskampagne for uddannelseslæger",
    "mentorordning for nye afsnitsledere",
    "sengepladskapacitet i weekenden",
    "forløbsprogram for depression",
    "videokonsultationer til opfølgning",
    "forebyggelse af bæltefiksering",
    "medicinhåndtering ved udskrivelse",
    "ernæringsscreening af ældre medicinske patienter",
    "faldforebyggelse på sengeafsnit",
    "udredning af patienter med autisme og evt. komorbiditet",
    "ventelister til udredning",
    "opgaveglidning mellem faggrupper",
    "indsats mod langtidssygefravær",
    "socialrådgivernes rolle i patientforløbet",
    "nattevagternes arbejdsmiljø",
    "brugen af patientrapporterede oplysninger",
    "fælles sprog om recovery",
    "simulationstræning af akutte situationer",
    "sikker overlevering mellem vagthold",
]
CONTEXTS = [
    "",
    "",
    "",
    "i sengeafsnit",
    "i samarbejde med PLO",
    "med henblik på kortere ventetid",
    "i forhold til de nye nationale retningslinjer",
    "på tværs af matrikler",
    "for patienter over 65 år",
    "i dag- og døgnregi",
    "blandt andet i akutmodtagelsen",
    "i 2 pilotafsnit",
    "med inddragelse af MED-udvalget",
]
ABBREVIATIONS = [
    ("med henblik på", "mhp."),
    ("i forhold til", "ift."),
    ("blandt andet", "bl.a."),
    ("og eventuelt", "og evt."),
]
OLD_SENTENCES = [
    "Arbejdsgruppen er nedsat og har holdt to møder.",
    "Projektbeskrivelse godkendt i AL i {month}.",
    "Pilotafprøvning i afsnit {n} er i gang.",
    "Der er udarbejdet et udkast til instruks, som er sendt i høring.",
    "Afventer afklaring af økonomi i HL.",
    "Data for første kvartal er indsamlet og analyseres.",
    "Forsinket pga. travlhed i vagtplanen.",
    "Undervisning er gennemført for {n} medarbejdere.",
    "Evaluering forventes færdig i {month}.",
    "Drøftet på LMU-møde; tilbagemeldinger indarbejdes.",
    "Ny tovholder udpeget efter orlov.",
    "Spørgeskema sendt til alle afsnitsledere.",
]
NEW_SENTENCES = [
    "Instruksen er godkendt og lagt i e-Dok.",
    "Regionsrådet har bevilget midler til {year}.",
    "Opstart udskudt til {month} pga. ombygning.",
    "Første opgørelse viser {n} % færre genindlæggelser.",
    "Indsatsen er overgået til drift fra {day}. {month}.",
    "Styregruppen besluttede at udvide til hele afdelingen.",
    "Ny arbejdsgang afprøves fra uge {n}.",
    "Afsluttet; erfaringerne samles i et notat.",
]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september", "november"]
LOCAL_UNITS = [
    "Afd. for Psykoser",
    "Akutafdelingen",
    "Sengeafsnit P3",
    "Ambulatoriet Vest",
    "Børne- og Ungdomspsykiatrien",
    "Neurologisk Ambulatorium",
]
COMMON_UNITS = [
    "HR",
    "Kvalitet og Udvikling",
    "Sundhedsplanlægning",
    "Psykiatri- og Socialledelsen",
    "IT",
]
REDS = ["FF0000", "C00000", "D00000", "A50021", "B00000", "E3000F"]
LEGENDS = ["Rød skrift = nyt siden sidst", "Opdateringer m/ rød skrift", "Rødt = nyt", "Opdateret"]

TITLE_HEADERS = [
    "Indsats",
    "Initiativ",
    "Tiltag",
    "Indsatsens navn",
    "Aktivitet",
    "Indsatsbeskrivelse",
]
STATUS_HEADERS = ["Status", "Aktuel status", "Status og fremdrift", "Seneste status"]
THEME_HEADERS = ["Tema", "Emne", "Kategori", "Overordnet tema"]
SECTION_HEADERS = ["Indsatsområde", "Område", "Spor", "Afsnit", "Hovedområde"]
COMBINED_HEADERS = ["Opfølgning", "Opfølgning (lokal/fælles)", "Ansvar og opfølgning"]
LOCAL_HEADERS = ["Opfølgning lokalt", "Lokalt", "Lokal tovholder", "Lokalt ansvar"]
COMMON_HEADERS = ["Opfølgning fælles", "Fælles", "Fælles ansvar", "Fælles opfølgning"]


class Row:
    """One initiative as written in one section."""

    def __init__(
        self, title: str, status: Status, theme: str, local: str, common: str, truth: Truth
    ):
        self.title, self.status, self.theme = title, status, theme
        self.local, self.common, self.truth = local, common, truth


def _fill(rng: random.Random, text: str) -> str:
    return text.format(
        month=rng.choice(MONTHS),
        n=rng.randint(2, 40),
        year=rng.choice([2022, 2023, 2024]),
        day=rng.randint(1, 28),
    )


def _status(rng: random.Random) -> tuple[Status, bool]:
    """A status and whether the whole cell is red."""
    old = [_fill(rng, s) for s in rng.sample(OLD_SENTENCES, rng.randint(1, 3))]
    new = [_fill(rng, s) for s in rng.sample(NEW_SENTENCES, rng.randint(1, 2))]
    # No empty statuses: the scorer counts an initiative without status as wrong ("red parts")
    # whatever its truth says, so they cannot be measured with it.
    shape = rng.choices(["plain", "tail", "bullets", "whole", "middle"], [27, 37, 16, 9, 11])[0]
    if shape == "plain":
        return Status([(" ".join(old), False)]), False
    if shape == "tail":
        return Status([(" ".join(old) + " ", False), (" ".join(new), True)]), False
    if shape == "bullets":
        bullet = rng.choice(["• ", "- ", "– "])
        pieces = [("\n".join(bullet + s for s in old) + "\n" + bullet, False), (new[0], True)]
        return Status(pieces), False
    if shape == "whole":
        return Status([(" ".join(new), True)]), True
    if shape == "middle" and len(old) >= 2:
        return Status(
            [(old[0] + " ", False), (new[0], True), (" " + " ".join(old[1:]), False)]
        ), False
    return Status([(" ".join(old), False)]), False


def _drift(rng: random.Random, title: str) -> tuple[str, str]:
    kinds = ["exact", "exact", "case", "punctuation", "wrap"]
    if any(long in title for long, _ in ABBREVIATIONS):
        kinds += ["abbreviated", "abbreviated"]
    if len(title.split()) >= 7:
        kinds.append("shortened")
    kind = rng.choice(kinds)
    if kind == "case":
        return title.lower() if rng.random() < 0.5 else title.upper(), kind
    if kind == "punctuation":
        return rng.choice([title + ".", title.replace(" af ", ": ", 1), title + " (fortsat)"]), kind
    if kind == "wrap":
        words = title.split()
        cut = len(words) // 2
        return " ".join(words[:cut]) + "\n" + " ".join(words[cut:]), kind
    if kind == "abbreviated":
        for long, short in ABBREVIATIONS:
            title = title.replace(long, short)
        return title, kind
    if kind == "shortened":
        return " ".join(title.split()[: rng.randint(5, len(title.split()) - 1)]), kind
    return title, "exact"


class Plan:
    """Sections of initiative rows, some repeated in a later section."""

    def __init__(self, rng: random.Random):
        year = rng.choice([2022, 2023, 2024])
        self.title = rng.choice(PLAN_TITLES).format(
            year=year, next=year + 1, season=rng.choice(SEASONS)
        )
        self.date = f"Status pr. {rng.randint(1, 28)}. {rng.choice(MONTHS)} {year}"
        self.sections = rng.sample(SECTIONS, rng.randint(2, 5))
        objects = rng.sample(OBJECTS, len(OBJECTS))
        self.rows: dict[str, list[Row]] = {}
        self.truths: list[Truth] = []
        for section in self.sections:
            themes = rng.sample(THEMES, rng.randint(1, 3))
            rows = []
            for _ in range(rng.randint(1, 8)):
                if not objects:
                    break
                title = " ".join(
                    w for w in [rng.choice(ACTIONS), objects.pop(), rng.choice(CONTEXTS)] if w
                )
                status, whole = _status(rng)
                truth = Truth(title=title, status=status, sections=[section])
                local = "; ".join(rng.sample(LOCAL_UNITS, rng.randint(1, 2)))
                common = rng.choice(COMMON_UNITS) + (" (tovholder)" if rng.random() < 0.3 else "")
                row = Row(title, status, themes[0], local, common, truth)
                row.whole = whole  # type: ignore[attr-defined]
                rows.append(row)
                self.truths.append(truth)
            # themes in blocks, in order of first use
            cuts = (
                sorted(rng.sample(range(len(rows)), min(len(themes), len(rows)) - 1))
                if rows
                else []
            )
            for i, row in enumerate(rows):
                row.theme = themes[sum(1 for c in cuts if c < i)]
            self.rows[section] = rows
        # repeats: about a fifth, in a later section
        for i, section in enumerate(self.sections[:-1]):
            for row in list(self.rows[section]):
                if rng.random() < 0.2 and row.truth.sections == [section]:
                    later = rng.choice(self.sections[i + 1 :])
                    title, kind = _drift(rng, row.title)
                    copy = Row(title, row.status, row.theme, row.local, row.common, row.truth)
                    copy.whole = row.whole  # type: ignore[attr-defined]
                    row.truth.sections.append(later)
                    row.truth.drift = kind
                    copy.theme = self.rows[later][-1].theme if self.rows[later] else row.theme
                    self.rows[later].append(copy)


# ---------------------------------------------------------------------------------- workbooks


def _rich(status: Status, red: str, whole: bool, bold_first: str | None = None) -> Any:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    blocks: list[Any] = []
    if bold_first:
        blocks.append(TextBlock(InlineFont(b=True), bold_first + "\n"))
    for text, is_red in status.pieces:
        if is_red and not whole:
            blocks.append(TextBlock(InlineFont(color="FF" + red), text))
        else:
            blocks.append(text)
    if not blocks:
        return None
    if len(blocks) == 1 and isinstance(blocks[0], str):
        return blocks[0]
    return CellRichText(blocks)


def _headers(rng: random.Random, layout: dict) -> list[tuple[str, str]]:
    cols: list[tuple[str, str]] = []
    if layout["arrangement"] == "section_column":
        cols.append(("section", rng.choice(SECTION_HEADERS)))
    if layout["nr"]:
        cols.append(("nr", rng.choice(["Nr.", "#"])))
    if layout["themes"] == "column":
        cols.append(("theme", rng.choice(THEME_HEADERS)))
    cols.append(("title", rng.choice(TITLE_HEADERS)))
    status_name = layout["dated_header"] or rng.choice(STATUS_HEADERS)
    rest = [("status", status_name)]
    if layout["follow_up"] == "split":
        rest += [("local", rng.choice(LOCAL_HEADERS)), ("common", rng.choice(COMMON_HEADERS))]
    elif layout["follow_up"] == "combined":
        rest.append(("combined", rng.choice(COMBINED_HEADERS)))
    else:
        rest += [
            ("responsible", rng.choice(["Ansvarlig", "Ansvarlig enhed"])),
            ("lead", "Tovholder"),
        ]
    if layout["deadline"]:
        rest.append(("deadline", rng.choice(["Frist", "Deadline"])))
    if rng.random() < 0.3:
        rest = [rest[0]] + rng.sample(rest[1:], len(rest) - 1)
    return cols + rest


def _value(row: Row, role: str, section: str, rng: random.Random, n: int) -> Any:
    if role == "section":
        return section
    if role == "nr":
        return n
    if role == "title":
        return row.title
    if role == "local":
        return row.local
    if role == "common":
        return row.common
    if role == "combined":
        return f"Lokalt: {row.local} / Fælles: {row.common}"
    if role == "responsible":
        return f"{row.common}; {row.local}"
    if role == "lead":
        return row.common.replace(" (tovholder)", "")
    if role == "deadline":
        return f"{rng.choice(['Q1', 'Q2', 'Q3', 'Q4'])} {rng.choice([2023, 2024])}"
    return None


def write_xlsx(plan: Plan, layout: dict, rng: random.Random) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    if layout["title_property"]:
        wb.properties.title = plan.title
    if layout["cover"]:
        ws = wb.create_sheet("Forside")
        ws["A1"] = plan.title
        ws["A1"].font = Font(bold=True, size=16)
        ws["A3"] = "Oversigt over afdelingens indsatser og deres status."
        ws["A4"] = plan.date
    columns = _headers(rng, layout)
    c0 = layout["first_column"]
    red = layout["red"]
    band_fill = PatternFill("solid", fgColor=rng.choice(["D9E1F2", "FCE4D6", "E2EFDA", "DDDDDD"]))
    section_fill = PatternFill("solid", fgColor="1F4E78")

    def title_rows(ws: Any, section: str | None) -> int:
        lines: list[tuple[str, str]] = []
        if section is not None and layout["section_title_row"]:
            lines.append(("section", section))
        if layout["plan_title_row"]:
            lines.append(("plan", plan.title))
        if layout["date_row"]:
            lines.append(("date", plan.date))
        if layout["legend_row"]:
            lines.append(("legend", rng.choice(LEGENDS)))
        if layout["swap_titles"]:
            lines.sort(key=lambda line: line[0] != "plan")
        r = 1
        for kind, text in lines:
            cell = ws.cell(row=r, column=c0, value=text)
            if kind in ("section", "plan"):
                cell.font = Font(bold=True, size=14 if kind == "section" else 12)
            if kind == "legend":
                cell.font = Font(color="FF" + red, italic=True)
            r += 1
            if layout["blank_after_titles"] and kind in ("plan", "section") and rng.random() < 0.5:
                r += 1
        if lines and layout["blank_before_header"]:
            r += 1
        return r

    def header(ws: Any, r: int) -> None:
        for j, (_, name) in enumerate(columns):
            cell = ws.cell(row=r, column=c0 + j, value=name)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="305496")

    def band(ws: Any, r: int, text: str, fill: Any, bold: bool = True) -> None:
        cell = ws.cell(row=r, column=c0, value=text)
        cell.font = Font(bold=bold, color="FFFFFF" if fill is section_fill else "000000")
        if layout["band_merged"]:
            ws.merge_cells(
                start_row=r, start_column=c0, end_row=r, end_column=c0 + len(columns) - 1
            )
        for j in range(len(columns)):
            ws.cell(row=r, column=c0 + j).fill = fill

    def body(ws: Any, r: int, section: str, rows: list[Row]) -> int:
        theme = None
        theme_start = r
        theme_col = [j for j, (role, _) in enumerate(columns) if role == "theme"]
        for n, row in enumerate(rows, 1):
            new_theme = row.theme != theme
            if new_theme and layout["themes"] == "band":
                band(ws, r, row.theme, band_fill, bold=layout["band_bold"])
                r += 1
            if new_theme and theme_col and layout["theme_merged"] and r - 1 > theme_start:
                j = c0 + theme_col[0]
                ws.merge_cells(start_row=theme_start, start_column=j, end_row=r - 1, end_column=j)
            if new_theme:
                theme_start = r
            for j, (role, _) in enumerate(columns):
                cell = ws.cell(row=r, column=c0 + j)
                if role == "status":
                    cell.value = _rich(row.status, red, row.whole)  # type: ignore[attr-defined]
                    if row.whole:  # type: ignore[attr-defined]
                        cell.font = Font(color="FF" + red)
                elif role == "title" and layout["themes"] == "bold" and new_theme:
                    from openpyxl.cell.rich_text import CellRichText, TextBlock
                    from openpyxl.cell.text import InlineFont

                    cell.value = CellRichText(
                        [TextBlock(InlineFont(b=True), row.theme), "\n" + row.title]
                    )
                elif role == "theme":
                    if new_theme or not layout["theme_merged"] and not layout["theme_blank"]:
                        cell.value = row.theme
                elif role == "section":
                    cell.value = section if (n == 1 or not layout["section_blank"]) else None
                else:
                    cell.value = _value(row, role, section, rng, n)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            theme = row.theme
            r += 1
        if theme_col and layout["theme_merged"] and r - 1 > theme_start:
            j = c0 + theme_col[0]
            ws.merge_cells(start_row=theme_start, start_column=j, end_row=r - 1, end_column=j)
        return r

    arrangement = layout["arrangement"]
    if arrangement == "per_section":
        for i, section in enumerate(plan.sections):
            name = section[:31] if layout["sheet_names"] == "section" else f"Ark{i + 1}"
            ws = wb.create_sheet(name)
            r = title_rows(ws, section)
            header(ws, r)
            body(ws, r + 1, section, plan.rows[section])
    else:
        ws = wb.create_sheet(rng.choice(["Indsatser", "Status", "Oversigt"]))
        r = title_rows(ws, None)
        if arrangement == "stacked":
            for section in plan.sections:
                cell = ws.cell(row=r, column=c0, value=section)
                cell.font = Font(bold=True, size=13)
                r += 1
                header(ws, r)
                r = body(ws, r + 1, section, plan.rows[section]) + rng.randint(1, 2)
        else:
            header(ws, r)
            r += 1
            for section in plan.sections:
                if arrangement == "section_bands":
                    band(ws, r, section, section_fill)
                    r += 1
                r = body(ws, r, section, plan.rows[section])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------- decks


def write_pptx(plan: Plan, layout: dict, rng: random.Random) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.33), Inches(7.5)
    red = RGBColor.from_string(layout["red"])
    if layout["title_slide"]:
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = plan.title
        slide.placeholders[1].text = plan.date
    columns = [
        (role, name) for role, name in _headers(rng, layout) if role not in ("section", "deadline")
    ]

    def write(cell: Any, paras: list[list[tuple[str, str]]]) -> None:
        tf = cell.text_frame
        for k, para in enumerate(paras):
            p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
            for text, style in para:
                run = p.add_run()
                run.text = text
                run.font.size = Pt(10)
                if style == "red":
                    run.font.color.rgb = red
                if style == "bold":
                    run.font.bold = True

    def status_paras(status: Status, whole: bool) -> list[list[tuple[str, str]]]:
        paras: list[list[tuple[str, str]]] = [[]]
        for text, is_red in status.pieces:
            for k, line in enumerate(text.split("\n")):
                if k:
                    paras.append([])
                if line:
                    paras[-1].append((line, "red" if is_red or whole else ""))
        return paras

    per_slide = layout["rows_per_slide"]
    for section in plan.sections:
        rows = plan.rows[section]
        # lines of the table body: ("band", theme) or ("row", Row)
        lines: list[tuple[str, Any]] = []
        theme = None
        for row in rows:
            if row.theme != theme and layout["themes"] == "band":
                lines.append(("band", row.theme))
            lines.append(("row", (row, row.theme != theme)))
            theme = row.theme
        chunks = [lines[k : k + per_slide] for k in range(0, len(lines), per_slide)] or [[]]
        for k, chunk in enumerate(chunks):
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            caption = layout["caption_row"]
            if caption:
                slide.shapes.title.text = rng.choice(["Status på indsatser", plan.title])
            else:
                title = section
                if k:
                    title += (
                        " (fortsat)"
                        if layout["pagination"] == "fortsat"
                        else f" (side {k + 1} af {len(chunks)})"
                    )
                slide.shapes.title.text = title
            if layout["legend_row"]:
                box = slide.shapes.add_textbox(Inches(10), Inches(6.9), Inches(3), Inches(0.4))
                run = box.text_frame.paragraphs[0].add_run()
                run.text = rng.choice(LEGENDS)
                run.font.color.rgb = red
            n_rows = len(chunk) + 1 + (1 if caption else 0)
            shape = slide.shapes.add_table(
                n_rows, len(columns), Inches(0.4), Inches(1.4), Inches(12.5), Inches(0.4) * n_rows
            )
            table = shape.table
            r = 0
            if caption:
                table.cell(0, 0).merge(table.cell(0, len(columns) - 1))
                write(table.cell(0, 0), [[(section, "bold")]])
                r = 1
            for j, (_, name) in enumerate(columns):
                write(table.cell(r, j), [[(name, "bold")]])
            r += 1
            theme_col = [j for j, (role, _) in enumerate(columns) if role == "theme"]
            theme_start = None
            for kind, value in chunk:
                if kind == "band":
                    table.cell(r, 0).merge(table.cell(r, len(columns) - 1))
                    write(table.cell(r, 0), [[(value, "bold")]])
                    r += 1
                    continue
                row, new_theme = value
                if theme_col and (new_theme or theme_start is None):
                    if theme_start is not None and layout["theme_merged"] and r - 1 > theme_start:
                        table.cell(theme_start, theme_col[0]).merge(table.cell(r - 1, theme_col[0]))
                    theme_start = r
                for j, (role, _) in enumerate(columns):
                    cell = table.cell(r, j)
                    if role == "status":
                        write(cell, status_paras(row.status, row.whole))
                    elif role == "title":
                        paras = [[(line, "")] for line in row.title.split("\n")]
                        if layout["themes"] == "bold" and new_theme:
                            paras = [[(row.theme, "bold")]] + paras
                        write(cell, paras)
                    elif role == "theme":
                        if r == theme_start:
                            write(cell, [[(row.theme, "")]])
                    else:
                        text = _value(row, role, section, rng, r)
                        if text is not None:
                            write(cell, [[(str(text), "")]])
                r += 1
            if (
                theme_col
                and layout["theme_merged"]
                and theme_start is not None
                and r - 1 > theme_start
            ):
                table.cell(theme_start, theme_col[0]).merge(table.cell(r - 1, theme_col[0]))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------- cases


def generate(seed: int) -> Case:
    """The file for ``seed`` and the truth about its initiatives."""
    rng = random.Random(f"heldout-c-{seed}")
    plan = Plan(rng)
    fmt = "xlsx" if rng.random() < 0.55 else "pptx"
    layout: dict[str, Any] = {
        "fmt": fmt,
        "arrangement": "per_section"
        if fmt == "pptx"
        else rng.choice(
            ["per_section", "per_section", "section_column", "stacked", "section_bands"]
        ),
        "themes": rng.choice(["band", "column", "bold", "none"]),
        "theme_merged": rng.random() < 0.6,
        "theme_blank": rng.random() < 0.5,
        "band_merged": rng.random() < 0.7,
        "band_bold": rng.random() < 0.7,
        "follow_up": rng.choice(["split", "split", "combined", "responsible"]),
        "red": rng.choice(REDS),
        "dated_header": f"Status pr. {rng.randint(1, 28)}. {rng.choice(MONTHS)} 2023"
        if rng.random() < 0.3
        else "",
        "nr": rng.random() < 0.3,
        "deadline": rng.random() < 0.3,
        "first_column": rng.choice([1, 1, 1, 2]),
        "title_property": rng.random() < 0.3,
        "cover": rng.random() < 0.2,
        "section_title_row": rng.random() < 0.8,
        "plan_title_row": rng.random() < 0.7,
        "date_row": rng.random() < 0.4,
        "legend_row": rng.random() < 0.4,
        "swap_titles": rng.random() < 0.4,
        "blank_after_titles": rng.random() < 0.3,
        "blank_before_header": rng.random() < 0.5,
        "sheet_names": rng.choice(["section", "section", "generic"]),
        "section_blank": rng.random() < 0.5,
        "title_slide": rng.random() < 0.8,
        "caption_row": rng.random() < 0.3,
        "rows_per_slide": rng.randint(3, 9),
        "pagination": rng.choice(["fortsat", "side"]),
    }
    if layout["arrangement"] == "section_bands" and layout["themes"] == "band":
        layout["themes"] = "column"
    if layout["arrangement"] == "per_section" and (
        layout["sheet_names"] == "generic" or any(len(section) > 31 for section in plan.sections)
    ):
        # the sheet's name cannot hold the section's title: the file must say it somewhere
        layout["section_title_row"] = True
    data = write_xlsx(plan, layout, rng) if fmt == "xlsx" else write_pptx(plan, layout, rng)
    return Case(
        seed=seed,
        filename=f"indsatser_c_{seed}.{fmt}",
        data=data,
        layout=layout,
        truths=plan.truths,
    )


def evaluate(seeds: range, *, verbose: bool = False) -> tuple[float, dict[str, Any]]:
    """The share of initiatives read exactly over ``seeds``, and a breakdown."""
    exact = total = refused = 0
    failures: Counter = Counter()
    errors: Counter = Counter()
    by: dict[str, list[int]] = {}
    merged = repeats = 0
    for seed in seeds:
        case = generate(seed)
        result = score(case)
        exact += result.exact
        total += result.total
        failures.update(result.failures)
        if result.error:
            refused += 1
            errors[result.error[:160]] += 1
        layout = case.layout
        keys = [layout["fmt"], f"{layout['fmt']}:{layout['arrangement']}"]
        if layout["fmt"] == "pptx":
            keys.append(f"pptx:continued slides titled {layout['pagination']}")
        else:
            keys.append(f"xlsx:{layout['arrangement']}:themes {layout['themes']}")
        for key in keys:
            slot = by.setdefault(key, [0, 0])
            slot[0] += result.exact
            slot[1] += result.total
        repeated = [t for t in case.truths if len(t.sections) > 1]
        if repeated and not result.error:
            again = score(replace(case, truths=repeated))
            merged += again.exact
            repeats += again.total
        if verbose and (result.exact < result.total or result.error):
            print(seed, case.layout, result, file=sys.stderr)
    accuracy = exact / total if total else 0.0
    details = {
        "layouts": len(seeds),
        "initiatives": total,
        "exact": exact,
        "failures": dict(failures),
        "refused_files": refused,
        "repeats": repeats,
        "repeats_exact": merged,
        "errors": dict(errors),
        "by": {k: (round(v[0] / v[1], 4) if v[1] else None, v[1]) for k, v in sorted(by.items())},
    }
    return accuracy, details


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--layouts", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    accuracy, details = evaluate(
        range(args.first_seed, args.first_seed + args.layouts), verbose=args.verbose
    )
    print(f"exact: {accuracy:.2%}")
    for key, value in details.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
