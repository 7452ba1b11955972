"""A second held-out evaluation, written after the reader was adjusted to the first one.

The first generator (``heldout_layouts``) was run once blind; its failures were then studied
and the reader changed, so it no longer measures layouts the reader has not seen. This one
draws on *other* habits, none of which the first one had, and was run once as written:

* the table starts in column B or C, below a cover text; a cover sheet and a notes sheet;
* other header names ("Indsatsens navn", "Status på indsatsen", "Hvem følger op?",
  "Ansvarlig enhed", "Delområde" …), line breaks inside header cells;
* an earlier and a current status column, both dated;
* initiatives without any status yet;
* theme rows that are bold and filled across the row instead of merged;
* in decks: the slide title in a text box, a theme column under an empty header cell,
  "Initiativer" merged over the theme and initiative columns, a row split across two slides
  whose second part is marked "(fortsat)";
* in CSV: cells the app's export protects with a leading "'" ("'- Igangsat");
* other reds (C0504D, FF3333, A50021).

The content (titles, statuses, repeats and their drift) comes from the first generator.

    .venv/bin/python -m tests.interchange.readers.heldout_layouts_b --layouts 300 --first-seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .heldout_layouts import MONTHS, Item, Plan, Status, Truth, _fill, _norm

TITLE_HEADERS = ["Indsatsens navn", "Initiativ / indsats", "Tiltag og aktiviteter", "Delindsats"]
STATUS_HEADERS = [
    "Status på indsatsen",
    "Status\n(hvor er vi nu)",
    "Seneste nyt",
    "Kommentarer til status",
    "Status – kort",
]
FOLLOW_UP_HEADERS = ["Hvem følger op?", "Ansvarlig enhed", "Opfølgning\n(lokal/fælles)"]
LOCAL_HEADERS = ["Lokal tovholder", "Lokale enheder", "Lokalt ansvar"]
COMMON_HEADERS = ["Fælles tovholder", "Fælles enhed", "Regional tovholder"]
THEME_HEADERS = ["Overskrift", "Tema/emne", "Indsatsgruppe"]
SECTION_HEADERS = ["Delområde", "Område/afsnit", "Sektor", "Afsnit i planen"]
REDS = ["C0504D", "FF3333", "A50021"]
FILL = "FFF2CC"


@dataclass
class Case:
    seed: int
    filename: str
    data: bytes
    layout: dict[str, Any]
    truths: list[Truth]
    older: dict[int, str] = field(default_factory=dict)


def _blank_some_statuses(rng: random.Random, plan: Plan) -> None:
    """Some initiatives have no status yet (in every section they are listed in)."""
    for truth in plan.truths:
        if rng.random() < 0.12:
            truth.status.pieces[:] = []


def _header(rng: random.Random, layout: dict) -> list[tuple[str, str]]:
    roles: list[tuple[str, str]] = []
    if layout["section_column"]:
        roles.append(("section", rng.choice(SECTION_HEADERS)))
    if layout["theme_column"]:
        roles.append(("theme", rng.choice(THEME_HEADERS)))
    roles.append(("title", rng.choice(TITLE_HEADERS)))
    if layout["older_status"]:
        month = rng.choice(MONTHS[:4])
        roles.append(("older", f"Status pr. 1. {month} 2021"))
        roles.append(("status", f"Status pr. 1. {rng.choice(MONTHS[4:])} 2022"))
    else:
        roles.append(("status", rng.choice(STATUS_HEADERS)))
    if rng.random() < 0.5:
        roles += [("local", rng.choice(LOCAL_HEADERS)), ("common", rng.choice(COMMON_HEADERS))]
    else:
        roles.append(("follow_up", rng.choice(FOLLOW_UP_HEADERS)))
    return roles


def _follow_up(item: Item) -> str:
    parts = []
    if item.local:
        parts.append(f"Lokalt: {item.local}")
    if item.common:
        parts.append(f"Fælles: {item.common}")
    return "\n".join(parts) or "Lokalt"


@dataclass
class Row:
    """One row to write: (text, red pieces or None) per column, and how it looks."""

    cells: list[Any]
    kind: str = "data"  # data, theme, section, header, title


def _rows(rng, plan: Plan, layout: dict, header: list[tuple[str, str]], older: dict) -> list[Row]:
    """The rows of one table per section (or one table for all) as Row objects."""
    width = len(header)
    tables: list[tuple[str, list[Row]]] = []
    for section in plan.sections:
        rows: list[Row] = []
        previous_theme = None
        for item in plan.rows[section]:
            if item.theme != previous_theme and not layout["theme_column"]:
                rows.append(Row([item.theme] + [None] * (width - 1), "theme"))
            cells: list[Any] = []
            for role, _ in header:
                if role == "section":
                    cells.append(section)
                elif role == "theme":
                    cells.append(item.theme if item.theme != previous_theme else None)
                elif role == "title":
                    cells.append(item.title)
                elif role == "status":
                    cells.append(item.status if item.status.pieces else None)
                elif role == "older":
                    text = older.setdefault(id(item.truth), _fill(rng, "Drøftet i {forum}."))
                    cells.append(text)
                elif role == "local":
                    cells.append(item.local or None)
                elif role == "common":
                    cells.append(item.common or None)
                else:
                    cells.append(_follow_up(item))
            rows.append(Row(cells))
            previous_theme = item.theme
        tables.append((section, rows))
    return tables  # type: ignore[return-value]


# --- XLSX -------------------------------------------------------------------------------------


def _xlsx(rng: random.Random, plan: Plan, layout: dict, older: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    workbook.remove(workbook.active)
    cover = workbook.create_sheet("Forside")
    cover["B2"] = plan.title
    cover["B4"] = "Oversigt over indsatser og deres status. Opdateringer er markeret med rødt."
    header = _header(rng, layout)
    tables = _rows(rng, plan, layout, header, older)
    offset = layout["offset"]
    red = layout["red"]

    def write(sheet, r: int, row: Row) -> None:
        for c, value in enumerate(row.cells):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=offset + c + 1)
            if isinstance(value, Status):
                if value.has_red and value.unmarked.strip():
                    cell.value = CellRichText(
                        [
                            TextBlock(InlineFont(color=("FF" + red) if is_red else None), text)
                            for text, is_red in value.pieces
                        ]
                    )
                else:
                    cell.value = value.text
                    if value.has_red:
                        cell.font = Font(color="FF" + red)
            else:
                cell.value = value
        if row.kind in ("theme", "section"):
            for c in range(len(header)):
                cell = sheet.cell(row=r, column=offset + c + 1)
                cell.fill = PatternFill("solid", fgColor="FF" + FILL)
                cell.font = Font(bold=True)
        if row.kind == "header":
            for c in range(len(header)):
                sheet.cell(row=r, column=offset + c + 1).font = Font(bold=True)

    head = Row([name for _, name in header], "header")
    if layout["one_sheet"]:
        sheet = workbook.create_sheet("Indsatser")
        sheet.cell(row=1, column=offset + 1, value=plan.title)
        r = 3
        write(sheet, r, head)
        for _, rows in tables:
            for row in rows:
                r += 1
                write(sheet, r, row)
    else:
        for section, rows in tables:
            sheet = workbook.create_sheet(section[:31].replace("/", "-"))
            sheet.cell(row=1, column=offset + 1, value=section)
            r = 2
            write(sheet, r, head)
            for row in rows:
                r += 1
                write(sheet, r, row)
    notes = workbook.create_sheet("Noter")
    notes["A1"] = "Næste møde i styregruppen"
    notes["A2"] = f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} 2022"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- CSV --------------------------------------------------------------------------------------


def _protect(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv(rng: random.Random, plan: Plan, layout: dict, older: dict) -> bytes:
    header = _header(rng, layout)
    tables = _rows(rng, plan, layout, header, older)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    pad = [""] * layout["offset"]
    writer.writerow(pad + [plan.title])
    writer.writerow([])
    writer.writerow(pad + [name for _, name in header])
    for _, rows in tables:
        for row in rows:
            values = []
            for value in row.cells:
                if value is None:
                    values.append("")
                elif isinstance(value, Status):
                    values.append(_protect(value.text))
                else:
                    values.append(_protect(str(value)))
            writer.writerow(pad + values)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- PPTX -------------------------------------------------------------------------------------


def _pptx(rng: random.Random, plan: Plan, layout: dict, older: dict) -> tuple[bytes, dict]:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    red = RGBColor.from_string(layout["red"])
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = plan.title
    title_slide.placeholders[1].text = f"Status {rng.randint(1, 28)}. {rng.choice(MONTHS)} 2022"
    split_truths: dict[int, str] = {}
    theme_mode = layout["deck_theme"]
    for section in plan.sections:
        items = plan.rows[section]
        per_slide = rng.randint(3, 6)
        chunks = [items[i : i + per_slide] for i in range(0, len(items), per_slide)]
        for number, chunk in enumerate(chunks):
            slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: title in a text box
            box = slide.shapes.add_textbox(Inches(0.4), Inches(0.3), Inches(10), Inches(0.8))
            box.text_frame.text = section + (" (fortsat)" if number else "")
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
            footer = slide.shapes.add_textbox(Inches(0.4), Inches(7.0), Inches(4), Inches(0.3))
            footer.text_frame.text = f"side {len(prs.slides)}"
            header = ["", "Initiativer", "Status", "Opfølgning: Lokal/Fælles"]
            rows: list[list[Any]] = [header]
            merges = []
            if theme_mode == "merged_header":
                header[0] = "Initiativer"
                header[1] = ""
                merges.append((0, 0, 0, 1))
            previous = None
            split_next: tuple[Item, Status] | None = None
            for index, item in enumerate(chunk):
                theme = item.theme if item.theme != previous else ""
                status = item.status
                last_on_slide = index == len(chunk) - 1 and number < len(chunks) - 1
                if (
                    last_on_slide
                    and status.pieces
                    and rng.random() < 0.5
                    and len(status.pieces) > 1
                ):
                    first = Status(status.pieces[:1])
                    split_next = (item, Status(status.pieces[1:]))
                    status = first
                rows.append([theme, item.title, status, _follow_up(item)])
                previous = item.theme
            _table(slide, rows, merges, red, Inches, Pt)
            if split_next is not None:
                item, rest = split_next
                chunks[number + 1].insert(0, _Continued(item, rest))
                split_truths[id(item.truth)] = "split"
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue(), split_truths


@dataclass
class _Continued:
    """The rest of a row on the next slide, marked "(fortsat)"."""

    item: Item
    rest: Status

    @property
    def theme(self) -> str | None:
        return self.item.theme

    @property
    def title(self) -> str:
        return self.item.title + " (fortsat)"

    @property
    def status(self) -> Status:
        return self.rest

    @property
    def local(self) -> str:
        return ""

    @property
    def common(self) -> str:
        return ""


def _table(slide, rows, merges, red, inches, pt) -> None:
    shape = slide.shapes.add_table(
        len(rows), 4, inches(0.4), inches(1.3), inches(12.5), inches(0.4) * len(rows)
    )
    table = shape.table
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            frame = table.cell(r, c).text_frame
            paragraph = frame.paragraphs[0]
            if isinstance(value, Status):
                first = True
                for text, is_red in value.pieces:
                    for index, line in enumerate(text.split("\n")):
                        if index and not first:
                            paragraph = frame.add_paragraph()
                        first = False
                        if line:
                            run = paragraph.add_run()
                            run.text = line
                            run.font.size = pt(9)
                            if is_red:
                                run.font.color.rgb = red
            elif value:
                for index, line in enumerate(str(value).split("\n")):
                    if index:
                        paragraph = frame.add_paragraph()
                    run = paragraph.add_run()
                    run.text = line
                    run.font.size = pt(9)
    for top, left, bottom, right in merges:
        table.cell(top, left).merge(table.cell(bottom, right))


# --- one case and the score -------------------------------------------------------------------


def generate(seed: int) -> Case:
    rng = random.Random(seed * 7919 + 17)
    fmt = rng.choices(["xlsx", "pptx", "csv"], weights=[45, 35, 20])[0]
    layout: dict[str, Any] = {
        "fmt": fmt,
        "offset": rng.choice([1, 1, 2]),
        "one_sheet": rng.random() < 0.4,
        "theme_column": rng.random() < 0.4,
        "older_status": rng.random() < 0.3,
        "red": rng.choice(REDS),
        "deck_theme": rng.choice(["empty_header", "merged_header"]),
    }
    layout["section_column"] = fmt == "csv" or layout["one_sheet"]
    if fmt == "csv":
        layout["theme_column"] = True  # a CSV has no look: themes need their own column
    plan = Plan(rng, red_allowed=fmt != "csv")
    _blank_some_statuses(rng, plan)
    older: dict[int, str] = {}
    if fmt == "xlsx":
        data = _xlsx(rng, plan, layout, older)
    elif fmt == "csv":
        data = _csv(rng, plan, layout, older)
    else:
        data, _ = _pptx(rng, plan, layout, older)
    return Case(seed, f"plan_{seed}.{fmt}", data, layout, plan.truths, older)


@dataclass
class Score:
    exact: int = 0
    total: int = 0
    failures: Counter = field(default_factory=Counter)
    error: str = ""


def score(case: Case) -> Score:
    from fremdrift.interchange.readers import ReadError, merge_suggested, read_file

    result = Score(total=len(case.truths))
    try:
        read = read_file(case.data, filename=case.filename)
    except ReadError as exc:
        result.error = str(exc)
        result.failures["file refused"] += result.total
        return result
    document, _ = merge_suggested(read.document, read.near_matches)
    areas = {a["slug"]: _norm(a["title"]) for a in document["areas"]}
    by_title: dict[str, list[dict]] = {}
    for item in document["initiatives"]:
        by_title.setdefault(_norm(item["title"]), []).append(item)
    for truth in case.truths:
        found = by_title.get(_norm(truth.title), [])
        if len(found) != 1:
            result.failures["title" if not found else "repeat not merged"] += 1
            continue
        problem = _problem(truth, found[0], areas)
        if problem:
            result.failures[problem] += 1
        else:
            result.exact += 1
    return result


def _problem(truth: Truth, item: dict, areas: dict[str, str]) -> str:
    if _norm(item["status"]) != _norm(truth.status.text):
        return "status text"
    history = [h["status"] for h in item["history"]]
    if truth.status.pieces and (not history or _norm(history[-1]) != _norm(truth.status.text)):
        return "red parts"
    partly_red = truth.status.has_red and truth.status.unmarked.strip()
    if partly_red and (len(history) < 2 or _norm(history[-2]) != _norm(truth.status.unmarked)):
        return "red parts"
    if not partly_red and len(history) >= 2 and _norm(history[-2]) == _norm(history[-1]):
        return "red parts"
    if {areas.get(slug, slug) for slug in item["areas"]} != {_norm(s) for s in truth.sections}:
        return "sections"
    return ""


def evaluate(seeds: range, *, verbose: bool = False) -> tuple[float, dict[str, Any]]:
    exact = total = 0
    failures: Counter = Counter()
    by_format: dict[str, list[int]] = {}
    for seed in seeds:
        case = generate(seed)
        result = score(case)
        exact += result.exact
        total += result.total
        failures.update(result.failures)
        counts = by_format.setdefault(case.layout["fmt"], [0, 0])
        counts[0] += result.exact
        counts[1] += result.total
        if verbose and result.exact < result.total:
            print(seed, case.layout, dict(result.failures), result.error, file=sys.stderr)
    details = {
        "layouts": len(seeds),
        "initiatives": total,
        "exact": exact,
        "failures": dict(failures),
        "by_format": {k: round(v[0] / v[1], 4) for k, v in by_format.items() if v[1]},
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
