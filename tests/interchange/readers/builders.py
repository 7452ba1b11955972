"""Build PowerPoint decks, workbooks and CSV files in code, from the seed decks' content.

A cell is given as a string (one paragraph per line; "\\v" is a line break inside a paragraph)
or as a list of paragraphs, each a string or a list of pieces ``(text, style)`` with style
"", "red" or "bold".
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

Piece = tuple[str, str]
CellSpec = str | list[str | list[Piece]]

RED = "FF0000"


def red(text: str) -> Piece:
    return (text, "red")


def bold(text: str) -> Piece:
    return (text, "bold")


def plain(text: str) -> Piece:
    return (text, "")


@dataclass
class TableSpec:
    """A table: rows of cell specs, merges as ((row, col), (row, col)) corners."""

    rows: list[list[CellSpec]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    red_colour: str = RED


def _fill_paragraph(paragraph, spec: str | list[Piece], red_colour: str) -> None:
    if isinstance(spec, str):
        paragraph.text = spec
        return
    for text, style in spec:
        run = paragraph.add_run()
        run.text = text
        if style == "bold":
            run.font.bold = True
        if style == "red":
            run.font.color.rgb = RGBColor.from_string(red_colour)


def fill_text_frame(text_frame, spec: CellSpec, red_colour: str = RED) -> None:
    """Write a cell spec into a python-pptx text frame."""
    paragraphs = spec.split("\n") if isinstance(spec, str) else list(spec)
    for index, para_spec in enumerate(paragraphs):
        paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        _fill_paragraph(paragraph, para_spec, red_colour)


class DeckBuilder:
    """A deck in the shape of the region's status decks."""

    TITLE_SLIDE, TITLE_AND_CONTENT, TITLE_ONLY, BLANK = 0, 1, 5, 6

    def __init__(self) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)

    def title_slide(self, title: str, subtitle: str = "") -> DeckBuilder:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[self.TITLE_SLIDE])
        slide.shapes.title.text = title
        if subtitle:
            slide.placeholders[1].text = subtitle
        return self

    def bullets_slide(self, title: str, bullets: Sequence[str]) -> DeckBuilder:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[self.TITLE_AND_CONTENT])
        slide.shapes.title.text = title
        fill_text_frame(slide.placeholders[1].text_frame, "\n".join(bullets))
        return self

    def text_slide(self, title: str, text: str) -> DeckBuilder:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[self.TITLE_ONLY])
        slide.shapes.title.text = title
        self._textbox(slide, text, top=Inches(1.5))
        return self

    def table_slide(
        self,
        title: str,
        table: TableSpec,
        *,
        pagination: str = "",
        title_in_textbox: bool = False,
        legend: bool = True,
        footer: str = "5  ▪  www.regionmidtjylland.dk",
    ) -> DeckBuilder:
        """A slide with a title, an optional "Slide 1 af 3" box, a table, legend and footer."""
        layout = self.BLANK if title_in_textbox else self.TITLE_ONLY
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[layout])
        if title_in_textbox:
            self._textbox(slide, title, top=Inches(0.3))
        else:
            slide.shapes.title.text = title
        if pagination:
            self._textbox(slide, pagination, top=Inches(1.0), left=Inches(10))
        if legend:
            self._textbox(slide, "Opdateringer\nm/ rød skrift", top=Inches(6.6), left=Inches(11))
        if footer:
            self._textbox(slide, footer, top=Inches(7.0))
        self._table(slide, table)
        return self

    def _textbox(self, slide, text: str, *, top: Emu, left: Emu | None = None) -> None:
        box = slide.shapes.add_textbox(left or Inches(0.5), top, Inches(9), Inches(0.6))
        fill_text_frame(box.text_frame, text)

    def _table(self, slide, spec: TableSpec) -> None:
        n_rows, n_cols = len(spec.rows), max(len(row) for row in spec.rows)
        shape = slide.shapes.add_table(
            n_rows, n_cols, Inches(0.5), Inches(1.4), Inches(12), Inches(0.4) * n_rows
        )
        table = shape.table
        for r, row in enumerate(spec.rows):
            for c, cell_spec in enumerate(row):
                cell = table.cell(r, c)
                fill_text_frame(cell.text_frame, cell_spec, spec.red_colour)
                for paragraph in cell.text_frame.paragraphs:
                    paragraph.font.size = Pt(9)
        for (r0, c0), (r1, c1) in spec.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


# --- the winter plan (seed 004) ---------------------------------------------------------------

WINTER_HEADER = ["", "Initiativer", "Status", "Opfølgning: Lokal/Fælles"]
WINTER_HEADER_3 = ["Initiativer", "Status", "Opfølgning: Lokal/Fælles"]
PERSONALE = "Personale (særligt fokus på senge-/akutafdelinger)"
SAMARBEJDE_HJEM = (
    "Samarbejde om patienter indlagt i eget hjem, herunder projekt i Hospitalsenhed Midt om "
    "‘behandling i eget hjem’ - skal følges og evalueres"
)
OVERBLIK = (
    "Prøvehandling i en klynge vedr. tværsektorielt overblik over akut kapacitet, herunder "
    "kommunale akutpladser (som grundlag for rådgivning fra hospitalsvisitationer til almen "
    "praksis mm.)"
)
AFDAEKKE = "Afdække omfang, årsager, handlemuligheder ift. indlæggelser fra ældreboliger/plejehjem"
PRAEHOSPITAL_PL = (
    "Dialog med PLO-Midtjylland om mulighederne for prøvehandling, hvor Præhospitalet (som i "
    "vagttid) kan afslutte patienter i dagtid - omhandler patienter, som alene har modtaget en "
    "telefonkonsultation forud for kørslen"
)
PRAEHOSPITAL_HOSP = (
    "Dialog med PLO-M om mulighederne for prøvehandling, hvor Præhospitalet (som i vagttid) kan "
    "afslutte patienter i dagtid."
)
PRAEHOSPITAL_KOMMUNER = (
    "Prøvehandling hvor Præhospitalet (som i vagttid) kan afslutte patienter i dagtid; "
    "kommuner inddrages"
)
FLERE_FAGGRUPPER = (
    "Terapeuter, farmakonomer, serviceassistenter, kliniske diætister, psykologer, pædagoger, "
    "socialrådgivere m.fl. indgår i øget omfang i de patientnære opgaver de er bedst til og har "
    "de faglige forudsætninger for – og i vagter."
)
UDDANNELSE = (
    "Etablering af uddannelses- og kompetenceudviklingsprogrammer, så ovennævnte faggrupper i "
    "øget omfang kan indgå i den patientnære opgavevaretagelse"
)
OPERATIONSTEKNIKERE = (
    "Mulighederne for på sigt at anvende og herunder uddanne operationsteknikere afsøges (både "
    "erhvervsuddannelse og kompetenceudvikling af nuværende medarbejdere)"
)
BOOKING_LONG = (
    "Prøvehandling, hvor lægevagten booker tid til patienten i akutafdeling (skader) mhp. at "
    "udjævne spidsbelastningsperioder og sikre at patienterne kommer mere jævnt fordelt over "
    "døgnet. Bedre fordeling af patienterne giver højere patientsikkerhed og bedre arbejdsmiljø"
)
BOOKING_SHORT = "Prøvehandling, hvor lægevagten booker tid til patienten i akutafdeling (skader)"


def winter_deck() -> bytes:
    """The winter plan: title, background, purpose, four sections, a KPI table."""
    deck = DeckBuilder()
    deck.title_slide("360 graders vinterplan", "Status til Sundhedsstyregruppen 8. februar 2022")
    deck.text_slide("Baggrund", "Region Midtjylland oplever et stort pres.")
    deck.bullets_slide(
        "Formål",
        [
            "§ Komme godt og sikkert gennem vinteren",
            "§ Være beredt, hvis COVID-19 eller andre infektionssygdomme skalerer i omfang",
            "§ Håndtere det øgede pres på den akutte aktivitet",
        ],
    )
    deck.table_slide(PERSONALE, _personale_1(), pagination="Slide 1 af 2")
    deck.table_slide(PERSONALE, _personale_2(), pagination="Slide 2 af 2")
    deck.table_slide("Praktiserende læger\vSlide 1 af 2", _praktiserende_1())
    deck.table_slide("Praktiserende læger (fortsat)", _praktiserende_2(), pagination="Slide 2 af 2")
    deck.table_slide("Hospitaler", _hospitaler())
    deck.table_slide("Kommuner", _kommuner())
    deck.table_slide(
        "Dataoverblik",
        TableSpec([["Kommune", "Akutte indlæggelser", "Genindlæggelser"], ["Aarhus", "12", "3"]]),
    )
    return deck.to_bytes()


def _personale_1() -> TableSpec:
    rows: list[list[CellSpec]] = [
        WINTER_HEADER,
        [
            "Flere faggrupper i \vspil til patientnære \vopgaver",
            FLERE_FAGGRUPPER,
            "Jf. Regionsrådets beslutning 27. oktober 2021. I gang på alle hospitaler",
            "Lokalt\nFælles: ERFA på tværs",
        ],
        [
            "",
            UDDANNELSE,
            [
                "Koncern HR arbejder med en række forslag.",
                [red("Løsninger udarbejdes i dialog med de sygeplejefaglige direktører")],
            ],
            "Fælles: Koncern HR, Center for Kompetence-\vudvikling",
        ],
        [
            "",
            OPERATIONSTEKNIKERE,
            [
                "Uddannelse af nuværende medarbejdere er igangsat",
                [
                    plain("En afdækning er gennemført. "),
                    red("HR-forum har besluttet, at Koncern HR går videre med et fælles koncept."),
                ],
            ],
            "Lokalt: Flere af regionens enheder arbejder med lokalt at kompetenceudvikle "
            "medarbejdere til at kunne varetage opgaven som operationstekniker\n"
            "Fælles: Muligheden for at uddanne operationsteknikere via erhvervsuddannelse "
            "afsøges af Koncern HR, Center for Kompetence udvikling",
        ],
        [
            "Sprede vagt-\vbelastning og få flere \vtil at tage vagter",
            "Fortsætte udviklingen i retning af, at flere ansatte i klinikker indgår i vagt",
            "I gang",
            "Lokalt",
        ],
    ]
    return TableSpec(rows, merges=[((1, 0), (3, 0))])


def _personale_2() -> TableSpec:
    return TableSpec(
        [
            WINTER_HEADER,
            [
                "Sikre god introduktion",
                "Sikring af gode introduktionsforløb for nye ansatte på alle afdelinger",
                "Jf. Regionsrådets beslutning 27. oktober 2021\nI gang på alle hospitaler.",
                "Lokalt",
            ],
            [
                "",
                "Evaluering af introduktionsforløb for nye sygeplejersker, jf. Budget 2021",
                "Gennemføres i 1. kvartal 2021",
                "Fælles: Koncern HR; Sundhedsuddannelser har ansvaret for evalueringen",
            ],
            [
                "Overvejelser om \vfastholdelsestillæg",
                "Vurdering af, om der inden for overenskomsternes rammer kan gives tillæg til "
                "sikring af fastholdelse af medarbejdere",
                "Jf. Regionsrådets beslutning 27. oktober 2021",
                "Fælles: \nKoncern HR, Stab tovholder",
            ],
        ]
    )


def _praktiserende_1() -> TableSpec:
    return TableSpec(
        [
            WINTER_HEADER_3,
            [
                [
                    [bold("Visitation i Lægevagten")],
                    "Borgerrettet kommunikation",
                    "• Kampagne om, i hvilke situationer lægevagten skal anvendes",
                ],
                [
                    "Igangsat den 29. september 2021",
                    [red("Aftalt på møde 24. november 2021: Kampagnen udvides til flere kanaler")],
                ],
                "Fælles: \nKoncern Kommunikation tovholder",
            ],
            [
                "Talepromt på lægevagtstelefon\n• Aktiveres i perioder med længere ventetider",
                "Er indtalt.\nAktiveret den 22. november 2021",
                "Fælles: Koncern Økonomi tovholder",
            ],
            [
                BOOKING_LONG,
                "IT teknisk muligt.\nPrøvehandlingen er ved at blive beskrevet",
                "Fælles: \nTværgående arbejdsgruppe, \nSundhedsplanlægning-\v/Koncernøkonomi "
                "tovholder",
            ],
        ]
    )


def _praktiserende_2() -> TableSpec:
    return TableSpec(
        [
            WINTER_HEADER_3,
            [[[bold("Styrket samarbejde i den præhospitale indsats")]], "", ""],
            [
                PRAEHOSPITAL_PL,
                "Dialog med PLO-Midtjylland om konkret model.",
                "Lokalt: \nPræhospitalet tovholder",
            ],
            ["Forebygge akutte indlæggelser og genindlæggelser", "", ""],
            [
                OVERBLIK,
                "Status til Sundhedsstyregruppen den 9. februar 2022",
                "Lokalt: Randersklyngen",
            ],
            [SAMARBEJDE_HJEM, "Forskningsprojekt er i gang.", "Lokalt og fælles"],
            [
                AFDAEKKE,
                "Status til Sundhedsstyregruppen den 9. februar 2022",
                "Fælles: Sundhedsplanlægning \vtovholder\nLokalt: Horsensklyngen",
            ],
        ],
        merges=[((1, 0), (1, 2)), ((3, 0), (3, 2))],
    )


def _hospitaler() -> TableSpec:
    return TableSpec(
        [
            ["Initiativer", "", "Status", "Opfølgning: Lokal/Fælles"],
            [
                "Akut",
                BOOKING_SHORT,
                "IT teknisk muligt. Nærmere afklaring i arbejdsgruppe",
                "Fælles: \nTværgående arbejdsgruppe, \nKoncern Økonomi tovholder",
            ],
            [
                "",
                PRAEHOSPITAL_HOSP,
                [
                    "Dialog med PLO-Midtjylland om konkret model.",
                    [red("Aftalt prøvehandling starter i Horsensklyngen. Opstart 4. april 2022")],
                ],
                "Fælles:\nPræhospitalet tovholder",
            ],
            [
                "Indlæggelse i eget hjem",
                "Samarbejde om patienter indlagt i eget hjem, herunder projekt i \v"
                "Hospitalsenhed Midt om  ‘behandling i eget hjem’ - skal følges og evalueres",
                "Forskningsprojekt er i gang.",
                "Lokalt og fælles",
            ],
        ],
        merges=[((0, 0), (0, 1))],
    )


def _kommuner() -> TableSpec:
    return TableSpec(
        [
            WINTER_HEADER,
            [
                "Forebygge akutte \vindlæggelser og \vgenindlæggelser",
                OVERBLIK.replace("fra hospitals", "fra  hospitals"),
                "Status til Sundhedsstyregruppen den 9. februar 2022",
                "Lokalt: Randersklyngen",
            ],
            [
                "",
                PRAEHOSPITAL_KOMMUNER,
                "Dialog med PLO-Midtjylland om konkret model.",
                "Lokalt: Præhospitalet tovholder",
            ],
            [
                "",
                SAMARBEJDE_HJEM.replace("‘", "'").replace("’", "'").replace(" - ", " – "),
                "Forskningsprojekt er i gang.",
                "Lokalt og fælles",
            ],
            [
                "",
                AFDAEKKE.replace("fra ", "fra  "),
                "Status til Sundhedsstyregruppen den 9. februar 2022",
                "Fælles: \nSundhedsplanlægning tovholder\nLokalt: Horsensklyngen",
            ],
        ]
    )


# --- the year plan (seed 001) -----------------------------------------------------------------

YEAR_HEADER = ["Implementering", "Opgave i 2021", "Status"]


def year_plan_deck() -> bytes:
    """The psychiatry year plan: title slide, an overview slide, three tracks."""
    deck = DeckBuilder()
    deck.title_slide("Psykiatriens vision og strategiske årsplansindsatser 2021")
    deck.text_slide("Indsatsområder 2021", "Spor 1 – Spor 6 og Tværgående: Digitalisering")
    deck.table_slide(
        "Spor 1: Øget inddragelse og samarbejde med patienter og pårørende",
        TableSpec(
            [
                YEAR_HEADER,
                [
                    "Patient- og \vpårørendepanelets \vanbefalinger",
                    "Anbefalingerne skal ud og leve både i driften og udviklingen af psykiatrien",
                    "Implementering",
                ],
                [
                    "Modtagelse af \vførstegangsindlagte",
                    "Prøvehandling udbredes til alle afdelinger – opfølgning på driftsmøder",
                    "Implementering",
                ],
                ["Udviklingsindsatser", "", ""],
                [
                    "Udvikling af samarbejdet med de pårørende",
                    "I første omgang revision af indkaldelsesbreve",
                    "Udvikling",
                ],
            ],
            merges=[((3, 0), (3, 2))],
        ),
        legend=False,
    )
    deck.table_slide(
        "Spor 2: Bedre sammenhængende patientforløb (sekundær sektor)",
        TableSpec(
            [
                YEAR_HEADER,
                [
                    "Forløbsbeskrivelse for indlagte patienter",
                    "Fortsat afprøvning.\nEvalueringen foregår nationalt",
                    "Udvikling -> Implementering",
                ],
                [
                    "Patientstyrede ambulante forløb",
                    "Konceptet godkendt af HL.\nKlar til udrulning fra Q3 2021",
                    "Implementering",
                ],
                ["Udviklingsindsatser", "", ""],
                [
                    "Bedre flow: Både internt mellem afsnit og ambulant samt mellem afdelinger",
                    "Er en vedvarende stor udfordring",
                    "Udviklingsopgave",
                ],
            ]
        ),
        legend=False,
    )
    deck.table_slide(
        "Spor 5: Udvikling ... (nyt navn til sporet)",
        TableSpec(
            [
                YEAR_HEADER,
                ["Forskningsstrategi", "Klar medio 2021", "Udvikling -> implementering"],
                ["Talentspor og forskningsforum", "Følges", "Implementeret"],
                [
                    "Samarbejdet med Steno Diabetes Center",
                    "Opfølgning på samarbejdsaftalen",
                    "Udvikling –> Implementeret",
                ],
                [
                    "Generisk model for samarbejde ml. HF og RF",
                    "Prøvehandlinger bl.a. ift psykose og affektiv",
                    "Afprøvning → Udbredelse",
                ],
                ["Udviklingsindsats", "Opgave i 2021", "Status"],
                ["Sikre ledelsespipeline", "Ny opgave", "Udvikling - > Drift"],
            ]
        ),
        title_in_textbox=True,
        legend=False,
    )
    return deck.to_bytes()


# --- a deck shaped like our own PPTX renderer's -----------------------------------------------


def renderer_like_deck() -> bytes:
    """Status cells with a "Fase:" line, changes in FF0000, "(fortsat)" and "Slide k af n"."""
    deck = DeckBuilder()
    deck.title_slide("Vinterplan 2021", "Statusrapport 10. december 2021")
    header = ["Tema", "Initiativer", "Status", "Opfølgning: Lokal/Fælles"]
    deck.table_slide(
        "Hospitaler",
        TableSpec(
            [
                header,
                [
                    "Akut",
                    "Konvertere akut aktivitet til flere subakutte tider",
                    [
                        "Igangsat.",
                        [red("Opfølgning med hospitaler om foreløbig effekt i 1. kvt. 2022.")],
                        "Fase: Udvikling -> Implementering",
                    ],
                    "Lokalt",
                ],
                [
                    "Akut",
                    "Fokus på rettidig udskrivelse af geriatriske patienter",
                    ["Analyse og koncept forventet klar februar 2022", [red("Fase: Afprøvning")]],
                    "Fælles: Sundhedsplanlægning tovholder",
                ],
            ]
        ),
        pagination="Slide 1 af 2",
    )
    deck.table_slide(
        "Hospitaler (fortsat)",
        TableSpec(
            [
                header,
                [
                    "Akut (fortsat)",
                    "Fokus på rettidig udskrivelse af geriatriske patienter (fortsat)",
                    "Koncept drøftet på AUH.",
                    "",
                ],
                [
                    "Aktivitet",
                    "Afvikling af udsat aktivitet",
                    ["Flere initiativer er igangsat.", "Fase: Implementering"],
                    "Fælles og Lokalt",
                ],
            ]
        ),
        pagination="Slide 2 af 2",
    )
    return deck.to_bytes()


# --- spreadsheets and CSV ---------------------------------------------------------------------

PLAN_COLUMNS = ["Spor", "Tema", "Indsats", "Status", "Fase", "Opfølgning", "Opgave i 2021", "Dato"]
PLAN_ROWS: list[list[Any]] = [
    [
        "Personale",
        "Sikre god introduktion",
        "Sikring af gode introduktionsforløb for nye ansatte",
        "I gang på alle hospitaler",
        "Implementering",
        "Lokalt",
        "",
        "08-02-2022",
    ],
    [
        "",
        "",
        "Evaluering af introduktionsforløb for nye sygeplejersker",
        "Gennemføres i 1. kvartal",
        "Udvikling -> Implementering",
        "Fælles: Koncern HR tovholder",
        "Evaluering",
        "2022-02-08",
    ],
    [
        "Kommuner",
        "Forebygge akutte indlæggelser og genindlæggelser",
        SAMARBEJDE_HJEM,
        "Forskningsprojekt er i gang.",
        "Afprøvning",
        "Lokalt: Horsensklyngen / Fælles: Sundhedsplanlægning tovholder",
        "",
        "8. februar 2022",
    ],
    [
        "Hospitaler",
        "Indlæggelse i eget hjem",
        SAMARBEJDE_HJEM.replace("  ", " "),
        "Forskningsprojekt er i gang.",
        "Afprøvning",
        "Lokalt og fælles",
        "",
        "",
    ],
]


def csv_bytes(
    rows: list[list[Any]], *, delimiter: str = ";", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    """CSV text the way Excel writes it (quoted where needed, CRLF line ends)."""
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def workbook_bytes(sheets: dict[str, list[list[Any]]], *, title: str | None = None) -> bytes:
    """A workbook with one sheet per entry (name → rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, drop: Sequence[str] = (), add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip file with members dropped or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in drop:
                target.writestr(info, source.read(info.filename))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


# --- workbooks with formatting: rich text, fonts, fills, merges -------------------------------


@dataclass
class Styled:
    """A cell value with a whole-cell look: bold, a font colour, a fill."""

    value: Any
    bold: bool = False
    colour: str | None = None
    fill: str | None = None


@dataclass
class SheetSpec:
    """A sheet: rows of cell specs (see the module docstring, or :class:`Styled`), merges as
    (first row, first column, last row, last column), 1-based as Excel counts."""

    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    red_colour: str = RED


def _rich(spec: list[str | list[Piece]], red_colour: str):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    blocks: list[Any] = []
    for index, para in enumerate(spec):
        pieces = [(para, "")] if isinstance(para, str) else list(para)
        if index:
            pieces[0] = ("\n" + pieces[0][0], pieces[0][1])
        for text, style in pieces:
            font = InlineFont(
                color=("FF" + red_colour) if style == "red" else None,
                b=True if style == "bold" else None,
            )
            blocks.append(TextBlock(font, text))
    return CellRichText(blocks)


def _write_cell(cell, spec: Any, red_colour: str) -> None:
    from openpyxl.styles import Font, PatternFill

    if isinstance(spec, Styled):
        _write_cell(cell, spec.value, red_colour)
        if spec.bold or spec.colour:
            cell.font = Font(bold=spec.bold, color=("FF" + spec.colour) if spec.colour else None)
        if spec.fill:
            cell.fill = PatternFill("solid", fgColor="FF" + spec.fill)
    elif isinstance(spec, list):
        cell.value = _rich(spec, red_colour)
    else:
        cell.value = spec


def rich_workbook_bytes(sheets: dict[str, SheetSpec], *, title: str | None = None) -> bytes:
    """A workbook with rich text, whole-cell fonts and fills, and merged ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, spec in sheets.items():
        sheet = workbook.create_sheet(name[:31])
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in (None, ""):
                    _write_cell(sheet.cell(row=r, column=c), value, spec.red_colour)
        for top, left, bottom, right in spec.merges:
            sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
