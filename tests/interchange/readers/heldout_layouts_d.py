"""Blind generator D of randomised status files for issue 17's measurement.

Written without reading the readers (``src/fremdrift/interchange/readers``), ``apply.py`` or the
generators A-C: only the issue, ``docs/import-columns.md`` and the scorer's interface
(``Case``, ``Status``, ``Truth`` and ``score`` in ``heldout_layouts``, reused by import). Its own
``evaluate`` is a thin adapter: ``heldout_layouts.evaluate`` calls that module's ``generate``, so
it cannot score another generator's cases; this one calls ``generate`` below and the same
``score``, and adds breakdowns by the features varied here.

What a seed varies (per file unless said otherwise; "item" is one initiative's row):

- **Format**: XLSX 45 %, PPTX 35 %, CSV 20 %. 2-5 sections (from 18 hospital and regional ones, some
  longer than 31 characters or with ``/``) of 1-8 initiatives each (titles from 46 templates, none
  twice in a file): about 15.7 initiatives a file, some 4,700 per 300 seeds.
- **Repeats**: every initiative of an earlier section is repeated in a later one with a chance of 16
  % per later section, once at most: about 21 % of initiatives. Of those 40 % exact and 60 %
  drifted: a documented abbreviation written short or out (*PLO-M* / *PLO-Midtjylland*, *AUH* /
  *Aarhus Universitetshospital*, *mhp.*, *ift.*, *bl.a.*, *m.fl.*), a local one (*RH* for
  *Regionshospitalet*, *HE Midt*; counted apart as "local abbreviation", since the docs do not
  promise it), the title cut after its main clause (at " - ", ", ", *med henblik på*, *i forhold
  til*, *i samarbejde med*), other case, other punctuation, a line break in the title. In 40 % of
  drifted pairs the changed form is the one written first (and is the truth's title, as the first
  row's wording is the initiative's). 10 % of exact repeats say "Se status under <section>." instead
  of copying the status. With a section column written "A; B" (15 % of section columns), an exact
  repeat is one row naming both sections.
- **Workbooks**: one sheet per section 45 %, else all sections on one sheet: a section column 20 %
  (on every row 40 %, only on a section's first row 30 %, merged down 15 %, "A; B" 15 %), tables
  stacked under section titles with the header repeated 20 %, section bands 15 % (dark fill, white
  12 pt, merged), always over a theme column, bold themes or theme bands (so each section band is
  directly followed by a theme band). Sheet names: the section's title when it fits in 31 characters
  without ``/``, else cut to 31 (``/`` made ``-``) with the section's title in a title row; 10 %
  numbered ("1. Psykiatri og misbrug"). Title rows above the header (header on row 1-5): the plan's
  title on every sheet 60 % (always on a single sheet), the section's title (when the sheet name is
  not the whole title, else 50 %) before or after the plan's, a date line 40 % ("Status pr. 1. marts
  2022", "Opdateret 8/2-2022", "Status pr. 1.3.2022", "Opdateret 8. februar 2022"), a legend 30 %
  (red in half of the files), a blank row 40 %; merged across the table 30 %. Table in column A 60
  %, B 30 %, C 10 %. The same columns on every sheet, or chosen per sheet 30 %. Frozen panes and
  autofilter 30 %, cell comments on 20 % of the status cells in 15 % of workbooks, a *Title*
  property 30 %, a hidden *Lister* sheet with a unit list and a data validation on *Trafiklys* 10 %,
  a trailing *Læsevejledning* sheet of prose 12 %, a bold "I alt" row summing a budget column 50 %
  (of tables that have one; CSV too), a legend and/or a footnote under the table 25 % ("Kilde: …",
  "* Tovholder er …"), an empty spacer column right of the initiative or status column 15 %.
- **Decks** (16:9 70 %, else 4:3): a title slide with the plan's title and a date line, an agenda
  slide listing the sections 30 %, a closing slide 25 %. The section as the slide's title 60 %
  (placeholder 70 %, else a text box), with "(fortsat)" on the slides after the first (3-6 rows a
  slide); as a caption row inside the table 20 % (a generic slide title); two small sections side by
  side on one slide, each table with its caption row, 20 %. A legend text box 30 %, a legend row in
  the table above the header 15 %, a footer text box with the slide number, speaker notes 30 %. The
  same columns on every slide.
- **CSV**: UTF-8 with BOM 40 %, UTF-8 20 %, Windows-1252 25 %, UTF-16 with BOM and tabs 15 %; ``;``,
  ``,`` or tab; plan title, date and legend rows above; a section column 40 %, stacked tables 35 %,
  section rows 25 % (each followed by a theme row or over a theme column). No colours, so no red,
  and no merged cells (a blank cell instead).
- **Columns** (in this order: an ignored number column 25 % *Nr./#/Id/Løbenummer*, the section
  column, the theme column (or after the status, 20 % of theme columns), the initiative, the status,
  then the rest shuffled): initiative header from *Indsats, Indsatser, Initiativ, Tiltag, Aktivitet,
  Handlinger, Projekt, Indsatsbeskrivelse, Indsatsens navn, Delindsats, Konkrete tiltag*; status
  from *Status, Seneste status, Aktuel status, Status og fremdrift*, or dated 30 % (*Status pr. 1.
  marts 2022*, *Status marts 2022*); follow-up in one column 35 % (*Opfølgning*, *Opfølgning
  (lokal/fælles)*, *Ansvar og opfølgning*: "Lokalt: … / Fælles: … tovholder"), two 45 %
  (*Lokalt/Fælles*, *Opfølgning lokalt/fælles*, *Lokal/Fælles opfølgning*, *Lokalt/Fælles ansvar*,
  *Lokal/Fælles tovholder*; a third of them as "Opfølgning" merged over "Lokalt | Fælles" on two
  header rows), or *Ansvarlig*, *Ansvarlig enhed* or *Ansvar* with *Tovholder*, *Projektleder* or
  *Indsatsejer* 20 %. 0-3 other columns (45/35/15/5 %): *Budget (mio. kr.)*, *Prioritet*, *Frist*
  (dates), *Forventet afsluttet*, *Trafiklys* (the word on a green/yellow/red fill), *Bemærkninger*,
  *Noter*, *Kontaktperson*, *Målgruppe*, *Senest opdateret* (dates). Headers bold on a fill, in
  capitals 10 %, with a line break 20 %, a trailing colon 5 %.
- **Themes**: a named column 25 % (*Tema, Emne, Overskrift, Indsatsgruppe, Hovedindsats, Kategori*),
  a column with an empty header left of the initiatives 8 %, *Initiativer* merged over theme and
  initiative 7 % — each merged down 40 %, on a theme's first row 35 %, on every row 25 % —, band
  rows 20 % (merged and filled 60 %, filled across 25 %, only bold 15 %), a bold first paragraph in
  the initiative cell 15 %, none 25 %. 1-3 themes a section.
- **Red** (XLSX and PPTX), per item: none 30 %, an update appended on a new line or after the last
  sentence 35 %, put first 10 %, a red clause inside the first sentence 10 %, the whole status red
  10 % (as the cell's font 60 %, else one red run), a new row all red (initiative, status and
  follow-up) 5 %. One red per file: FF0000, C00000, 9C0006 (Excel's "Bad" text), B00000, E31B23,
  C0392B or A50021; in 15 % of workbooks the legacy palette's red or dark red (indexed 10, 16). In a
  quarter of the files 40 % of the statuses carry a blue, grey, orange or dark-blue run or a bold
  black run, which are not updates. Statuses are 1-3 sentences, as bullets ("• ", "- ", "– ") 25 %,
  lines 22 %, one paragraph otherwise.

Files are byte-for-byte the same for a seed (zip member times and document dates fixed).

    .venv/bin/python -m tests.interchange.readers.heldout_layouts_d --layouts 300 --first-seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .heldout_layouts import Case, Status, Truth, score

# --- vocabulary ---------------------------------------------------------------------------------

PLAN_TITLES = [
    "Sundhedsplan 2022-2024 - status",
    "Handleplan for det nære sundhedsvæsen 2023",
    "Statusrapport for Psykiatriplanen 2022",
    "Udmøntning af Sundhedsaftalen 2024-2027",
    "Program for Fremtidens Akutområde - statusoverblik",
    "Strategi for patientinddragelse 2025",
    "Kvalitetsplan 2026 for Hospitalsenheden Vest",
    "Statusrapport: Ældreplan 2023",
    "Handleplan for rekruttering 2022-2023",
    "Regional udviklingsplan 2024 - fremdrift",
]

SECTIONS = [
    "Akutområdet og den præhospitale indsats",
    "Ældre medicinske patienter",
    "Psykiatri og misbrug",
    "Børn og unge med psykisk mistrivsel",
    "Rekruttering og fastholdelse (sygeplejersker/jordemødre)",
    "Det nære sundhedsvæsen / kommunale akutfunktioner",
    "Digitalisering og telemedicin",
    "Forebyggelse og sundhedsfremme",
    "Kronisk sygdom (KOL, diabetes og hjertesvigt)",
    "Kræftområdet",
    "Sammenhængende patientforløb på tværs af sektorer",
    "Lighed i sundhed",
    "Genoptræning og rehabilitering",
    "Praksisområdet",
    "Fødeområdet",
    "Kapacitet og ventetider",
    "Medicinområdet",
    "Grøn omstilling i sundhedsvæsenet",
]

THEMES = [
    "Visitation og triage",
    "Kompetenceudvikling",
    "Tværsektorielt samarbejde",
    "Data og opfølgning",
    "Borgerrettet kommunikation",
    "Opgaveoverdragelse",
    "Arbejdsmiljø",
    "Udskrivelse og overgange",
    "Pårørendeinddragelse",
    "Kapacitetsstyring",
    "Teknologi og udstyr",
]

# Each template is used at most once in a plan, so two initiatives never share a wording.
TITLE_TEMPLATES = [
    "Dialog med PLO-Midtjylland om {topic}",
    "Fælles forløbsprogram for {group} i samarbejde med kommunerne",
    "Styrket udskrivelse af {group} med henblik på færre genindlæggelser",
    "Kompetenceløft af {staff} i {skill}",
    "Implementering af {system} på {site}",
    "Afdækning af {thing} i forhold til de regionale kvalitetsmål",
    "Rekruttering af {staff} til {site}",
    "Opgaveoverdragelse fra læger til {staff}",
    "Etablering af {facility} på {site}",
    "Telemedicinsk hjemmemonitorering af {group}",
    "Tidlig opsporing af {condition} hos {group}",
    "Samarbejdsaftale med Aarhus Universitetshospital om {topic}",
    "Udbredelse af {tool} til alle klynger",
    "Nedbringelse af ventetiden på {service}",
    "Fælles kriterier for {service}, blandt andet {example}",
    "Pårørendeinddragelse ved {event}",
    "Styrket samarbejde med kommunale akutteams m.fl. om {topic}",
    "Kortlægning af {thing} med henblik på en fælles model",
    "Fastholdelse af nyuddannede {staff} gennem {program}",
    "Mobil røntgen i plejeboliger i {area}",
    "Lægedækning i {area} - udkørende funktion",
    "Fleksible arbejdstider for {staff} på {site}",
    "Sprogtolkning via video i {service}",
    "Opfølgende hjemmebesøg efter {event}",
    "Reduktion af tvang i {setting}",
    "Rygestop-tilbud til {group} i forhold til operation",
    "Screening for {condition} blandt {group}",
    "Brug af {tool} i den daglige drift på {site}",
    "Model for delegation af {task} til kommunale sygeplejersker",
    "Borgerrettet kampagne om {topic}",
    "Ensartet visitation til {service} på tværs af hospitalerne",
    "Velkomstforløb for udenlandske {staff}",
    "Udvidelse af åbningstiden i {facility2}",
    "Patientrapporterede oplysninger (PRO) i {service}",
    "Affaldssortering og genbrug af {item} på operationsgangene",
    "Klimavenlig medicinhåndtering, bl.a. {example2}",
    "Sygeplejefaglig specialuddannelse i {skill}",
    "Opsøgende indsats over for {group} i {area}",
    "Virtuel konsultation som alternativ til {event}",
    "Nye arbejdsgange for {task} i akutmodtagelsen",
    "Styrket indsats for {group} i samarbejde med almen praksis",
    "Udvikling af tilbud til {group}, herunder pårørende",
    "Kvalitetsopfølgning på {service} med henblik på ensartet praksis",
    "Ny model for {task} - afprøvning i to klynger",
    "Bedre overgange for {group} i forhold til kommunale tilbud",
    "Henvisningsvejledning til {service} i dialog med PLO-Midtjylland",
]

FILL = {
    "topic": [
        "fælles medicinlister",
        "henvisning til psykiatrisk udredning",
        "akut sygebesøg om natten",
        "forebyggelse af indlæggelser",
        "brug af korrespondancemeddelelser",
    ],
    "group": [
        "borgere med KOL",
        "ældre medicinske patienter",
        "børn med overvægt",
        "gravide i sårbare situationer",
        "borgere med hjertesvigt",
        "unge med selvskadende adfærd",
    ],
    "staff": [
        "sygeplejersker",
        "jordemødre",
        "social- og sundhedsassistenter",
        "lægesekretærer",
        "radiografer",
        "bioanalytikere",
    ],
    "skill": ["akut sygepleje", "palliation", "psykiatrisk førstehjælp", "ultralydsscanning"],
    "system": ["digital triage", "elektronisk tavle", "fælles booking", "talegenkendelse"],
    "site": [
        "Regionshospitalet Randers",
        "Regionshospitalet Gødstrup",
        "Hospitalsenhed Midt",
        "Regionshospitalet Horsens",
        "Aarhus Universitetshospital",
    ],
    "thing": [
        "uudnyttet sengekapacitet",
        "behovet for akutpladser",
        "overlap mellem ambulante tilbud",
        "genindlæggelser inden for 30 dage",
    ],
    "facility": ["en akutklinik", "et fælles akutmodtageafsnit", "et sundhedshus", "en skadestue"],
    "facility2": ["skadeklinikken", "blodprøvetagningen", "røntgenafdelingen"],
    "condition": ["underernæring", "depression", "faldrisiko", "hjerteflimmer"],
    "tool": ["Sundhedsjournalen", "videokonsultationer", "fælles skabeloner", "tablets"],
    "service": [
        "MR-scanning",
        "høreapparatbehandling",
        "børnepsykiatrisk udredning",
        "fysioterapi",
    ],
    "example": [
        "ved akut hjemmebesøg",
        "til rehabilitering",
        "efter operation",
    ],
    "example2": ["inhalatorer med lavere klimaaftryk", "færre kasserede pakninger"],
    "event": ["indlæggelse", "fødsel", "udskrivelse", "ambulant kontrol"],
    "program": ["mentorordning", "introduktionsår", "fast vagtplan"],
    "area": ["Vestjylland", "Djursland", "Skive og Viborg", "Ringkøbing-Skjern"],
    "setting": ["børne- og ungdomspsykiatrien", "retspsykiatrien", "sengeafsnittene"],
    "task": ["blodprøvetagning", "sårbehandling", "medicinadministration", "iv-behandling"],
    "item": ["engangsudstyr", "tekstiler", "metalinstrumenter"],
}

OLD_SENTENCES = [
    "Arbejdsgruppen er nedsat og har holdt {n} møder.",
    "Kommissorium godkendt i {forum} i {month}.",
    "Der er udarbejdet et udkast til fælles retningslinje, som er i høring hos klyngerne.",
    "Projektet er forsinket pga. manglende ressourcer i {unit}.",
    "Pilotafprøvning i gang på {site}; evaluering forventes i {month}.",
    "Kortlægning af nuværende praksis er afsluttet.",
    "Data indsamles månedligt og følges i styregruppen.",
    "Afventer afklaring af finansiering.",
    "Der er afholdt temadag med deltagelse af kommuner og almen praksis.",
    "Indsatsen er forankret i driften.",
    "Rekrutteringskampagne lanceret i {month}.",
    "{n} afdelinger deltager i første bølge.",
    "Projektbeskrivelse er godkendt, og projektleder er ansat.",
    "Der er indgået aftale med {unit} om at være tovholder.",
    "Indsatsen følger planen.",
    "Der er behov for en drøftelse af omfanget i {forum}.",
]

NEW_SENTENCES = [
    "{Month}: Godkendt i {forum}.",
    "Nyt: Evalueringsrapport foreligger og behandles på næste møde.",
    "Opstart udskudt til {month} {year}.",
    "Status {month}: {n} af {m} afdelinger er i gang.",
    "Forslag til ny organisering er sendt i høring.",
    "Indsatsen er afsluttet og overgår til drift.",
    "Ny tidsplan aftalt med {unit}.",
    "Første måling viser færre genindlæggelser.",
]

MIDDLE_CLAUSES = [
    "(nu også på {site})",
    "- siden sidst udvidet til {n} afdelinger -",
    "og er nu godkendt af {forum}",
]

FORUMS = ["HL", "Sundhedsstyregruppen", "Sundhedskoordinationsudvalget", "Regionsrådet", "KKR"]
UNITS = [
    "Randersklyngen",
    "Horsensklyngen",
    "Vestklyngen",
    "Præhospitalet",
    "Psykiatrien",
    "Sundhedsplanlægning",
    "Koncern HR",
    "PLO-Midtjylland",
    "Center for Telemedicin",
    "Kommunerne i klyngen",
    "Hospitalsenhed Midt",
]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "august",
    "september",
    "oktober",
    "november",
]
REDS = ["FF0000", "C00000", "9C0006", "B00000", "E31B23", "C0392B", "A50021"]
XLSX_INDEXED_REDS = [10, 16]  # the legacy palette's red (FF0000) and dark red (800000)
OTHER_COLOURS = ["0070C0", "7F7F7F", "ED7D31", "1F4E79"]  # blue, grey, orange, dark blue
BULLETS = ["• ", "- ", "– "]
LEGENDS = [
    "Rød skrift = nyt siden sidst",
    "Opdateret",
    "Rødt = nyt",
    "Opdateringer m/ rød skrift",
    "Rød tekst = ændret siden sidste status",
    "Nyt siden sidst er markeret med rød skrift",
]

TITLE_HEADERS = [
    "Indsats",
    "Indsatser",
    "Initiativ",
    "Tiltag",
    "Aktivitet",
    "Handlinger",
    "Projekt",
    "Indsatsbeskrivelse",
    "Indsatsens navn",
    "Delindsats",
    "Konkrete tiltag",
]
STATUS_HEADERS = ["Status", "Seneste status", "Aktuel status", "Status og fremdrift"]
THEME_HEADERS = ["Tema", "Emne", "Overskrift", "Indsatsgruppe", "Hovedindsats", "Kategori"]
SECTION_HEADERS = [
    "Afsnit",
    "Spor",
    "Delplan",
    "Kapitel",
    "Indsatsområde",
    "Fokusområde",
    "Hovedområde",
    "Område",
]
COMBINED_HEADERS = ["Opfølgning", "Opfølgning (lokal/fælles)", "Ansvar og opfølgning"]
PAIR_HEADERS = [
    ("Lokalt", "Fælles"),
    ("Opfølgning lokalt", "Opfølgning fælles"),
    ("Lokal opfølgning", "Fælles opfølgning"),
    ("Lokalt ansvar", "Fælles ansvar"),
    ("Lokal tovholder", "Fælles tovholder"),
]
RESPONSIBLE_HEADERS = [("Ansvarlig", "Tovholder"), ("Ansvarlig enhed", "Projektleder")]
RESPONSIBLE_HEADERS += [("Ansvar", "Indsatsejer")]
IGNORED_HEADERS = ["Nr.", "#", "Id", "Løbenummer"]
EXTRA_HEADERS = [
    "Budget (mio. kr.)",
    "Prioritet",
    "Frist",
    "Forventet afsluttet",
    "Trafiklys",
    "Bemærkninger",
    "Noter",
    "Kontaktperson",
    "Målgruppe",
    "Senest opdateret",
]
NOTES = ["Drøftes i HL", "Se bilag 2", "Afventer budget", "Ny tovholder", "", "Jf. aftale"]
PEOPLE = ["Mette Holm", "Søren Kjær", "Anne Brix", "Jens Ravn", "Lise Dam"]
TARGETS = ["Borgere over 65 år", "Alle patienter", "Personale", "Praksis", "Kommuner"]

RED_KINDS = [
    ("none", 30),
    ("append", 35),
    ("prepend", 10),
    ("middle", 10),
    ("whole", 10),
    ("new_row", 5),
]

FIXED_TIME = (2022, 3, 1, 9, 0, 0)


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _fill(rng: random.Random, text: str) -> str:
    def slot(match: re.Match) -> str:
        key = match.group(1)
        if key in FILL:
            return rng.choice(FILL[key])
        if key == "n":
            return str(rng.randint(2, 9))
        if key == "m":
            return str(rng.randint(10, 14))
        if key == "forum":
            return rng.choice(FORUMS)
        if key == "unit":
            return rng.choice(UNITS)
        if key == "month":
            return rng.choice(MONTHS)
        if key == "Month":
            return rng.choice(MONTHS).capitalize()
        if key == "year":
            return str(rng.choice([2022, 2023, 2024]))
        raise KeyError(key)

    return re.sub(r"\{(\w+)\}", slot, text)


# --- the plan (truth) ---------------------------------------------------------------------------


@dataclass
class Row:
    """One initiative as written in one section."""

    title: str
    status: Status
    theme: str | None
    local: str
    common: str
    lead: str
    truth: Truth
    all_red: bool = False
    red: str = ""
    extra_sections: list[str] = field(default_factory=list)  # "A; B" in a section column


@dataclass
class Plan:
    title: str
    sections: list[str]
    rows: dict[str, list[Row]]
    truths: list[Truth]
    status_date: date


ABBREVIATIONS = [
    ("PLO-Midtjylland", "PLO-M"),
    ("Aarhus Universitetshospital", "AUH"),
    ("med henblik på", "mhp."),
    ("i forhold til", "ift."),
    ("blandt andet", "bl.a."),
    ("m.fl.", "med flere"),
    ("bl.a.", "blandt andet"),
]


# Written short in the region's own way, not among the documented abbreviations: whether such
# a pair merges depends on the rest of the title (and its status); measured apart.
LOCAL_ABBREVIATIONS = [
    ("Regionshospitalet ", "RH "),
    ("Hospitalsenhed Midt", "HE Midt"),
]


def _drifted(rng: random.Random, title: str) -> tuple[str, str] | None:
    """Another way the same initiative is written, and the kind of drift."""
    kinds = []
    found = [(long, short) for long, short in ABBREVIATIONS if long in title]
    if found:
        kinds += ["abbreviation"] * 4
    local = [(long, short) for long, short in LOCAL_ABBREVIATIONS if long in title]
    if local:
        kinds += ["local abbreviation"]
    cut = re.split(r" - |, | med henblik på | i forhold til | i samarbejde med ", title)
    if len(cut) > 1 and len(cut[0].split()) >= 3:
        kinds += ["shortened"] * 3
    kinds += ["case", "punctuation", "wrapped"]
    kind = rng.choice(kinds)
    if kind in ("abbreviation", "local abbreviation"):
        long, short = rng.choice(found if kind == "abbreviation" else local)
        return title.replace(long, short, 1), kind
    if kind == "shortened":
        return cut[0], kind
    if kind == "case":
        words = title.split(" ")
        lowered = " ".join([words[0]] + [w.lower() for w in words[1:]])
        if lowered != title:
            return lowered, kind
        return title[0].lower() + title[1:], kind
    if kind == "punctuation":
        if " - " in title:
            return title.replace(" - ", ": ", 1), kind
        return title + ".", kind
    words = title.split(" ")
    at = rng.randint(2, max(2, len(words) - 1))
    return " ".join(words[:at]) + "\n" + " ".join(words[at:]), kind


def _status(rng: random.Random, kind: str, plan_has_red: bool) -> Status:
    sentences = [_fill(rng, s) for s in rng.sample(OLD_SENTENCES, rng.randint(1, 3))]
    bullets = rng.random() < 0.25
    if bullets:
        bullet = rng.choice(BULLETS)
        sentences = [bullet + s for s in sentences]
        joiner = "\n"
    else:
        joiner = "\n" if rng.random() < 0.3 else " "
    new = _fill(rng, rng.choice(NEW_SENTENCES))
    if bullets:
        new = bullet + new
    old = joiner.join(sentences)
    if not plan_has_red or kind == "none":
        pieces = [(old, False)]
    elif kind == "append":
        pieces = [(old + joiner, False), (new, True)]
    elif kind == "prepend":
        pieces = [(new, True), (joiner + old, False)]
    elif kind == "middle":
        clause = _fill(rng, rng.choice(MIDDLE_CLAUSES))
        first = sentences[0].rstrip(".")
        rest = sentences[1:]
        pieces = [(first, False), (" " + clause, True), ("." + (joiner if rest else ""), False)]
        if rest:
            pieces.append((joiner.join(rest), False))
    else:  # whole, new_row
        pieces = [(old + joiner + new, True)]
    return Status(pieces=[(t, r) for t, r in pieces if t])


def make_plan(rng: random.Random, fmt: str) -> Plan:
    title = rng.choice(PLAN_TITLES)
    sections = rng.sample(SECTIONS, rng.randint(2, 5))
    templates = rng.sample(TITLE_TEMPLATES, len(TITLE_TEMPLATES))
    red_allowed = fmt != "csv"
    rows: dict[str, list[Row]] = {s: [] for s in sections}
    truths: list[Truth] = []
    used_titles: set[str] = set()
    for index, section in enumerate(sections):
        themes = rng.sample(THEMES, rng.randint(1, 3))
        count = rng.randint(1, 8)
        for _ in range(count):
            if not templates:
                break
            text = _fill(rng, templates.pop())
            if text.lower() in used_titles:
                continue
            used_titles.add(text.lower())
            red = _pick(rng, RED_KINDS) if red_allowed else "none"
            status = _status(rng, red, red_allowed)
            truth = Truth(title=text, status=status, sections=[section])
            truths.append(truth)
            rows[section].append(_row(rng, text, status, truth, themes, red))
        # repeats: a row of an earlier section repeated in this one
        if index == 0:
            continue
        earlier = [r for s in sections[:index] for r in rows[s] if section not in r.truth.sections]
        for row in earlier:
            if rng.random() >= 0.16 or len(row.truth.sections) > 1:
                continue
            _repeat(rng, row, section, rows, themes)
    for section in sections:
        rng.shuffle(rows[section])
        # keep a theme's rows together, in the order themes first appear
        order = list(dict.fromkeys(r.theme for r in rows[section]))
        rows[section].sort(key=lambda r: order.index(r.theme))
    status_date = date(rng.choice([2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28))
    return Plan(title, sections, rows, truths, status_date)


def _row(rng, text, status, truth, themes, red) -> Row:
    local, common = rng.sample(UNITS, 2)
    lead = rng.choice([common, rng.choice(UNITS)])
    return Row(
        title=text,
        status=status,
        theme=rng.choice(themes),
        local=local,
        common=common,
        lead=lead,
        truth=truth,
        all_red=red == "new_row",
        red=red,
    )


def _repeat(rng: random.Random, row: Row, section: str, rows: dict, themes: list[str]) -> None:
    truth = row.truth
    truth.sections.append(section)
    if rng.random() < 0.4:
        truth.drift = "exact"
        title = row.title
    else:
        drifted = _drifted(rng, row.title)
        title, truth.drift = drifted
        if rng.random() < 0.4:  # the drifted form is the one written first
            row.title, title = title, row.title
            truth.title = row.title
    status = truth.status
    if truth.drift == "exact" and rng.random() < 0.1:
        status = Status(pieces=[(f"Se status under {truth.sections[0]}.", False)])
        truth.drift = "exact, own status"
    again = Row(
        title=title,
        status=status,
        theme=rng.choice(themes),
        local=row.local,
        common=row.common,
        lead=row.lead,
        truth=truth,
        all_red=row.all_red and status is truth.status,
        red=row.red,
    )
    rows[section].append(again)


# --- tables -------------------------------------------------------------------------------------


@dataclass
class Cell:
    runs: list[tuple[str, str | None, bool]] = field(default_factory=list)  # text, colour, bold
    bold: bool = False
    fill: str | None = None
    color: str | None = None  # the whole cell's font colour
    value: Any = None  # a number or a date instead of text
    italic: bool = False
    size: float | None = None
    comment: str | None = None
    font_color: str | None = None

    @property
    def text(self) -> str:
        if self.value is not None:
            return _plain(self.value)
        return "".join(t for t, _, _ in self.runs)


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def text(value: str, **kwargs: Any) -> Cell:
    return Cell(runs=[(value, None, False)], **kwargs)


@dataclass
class Grid:
    """Rows of cells with merges (0-based, inclusive), the header's rows, and notes."""

    rows: list[list[Cell | None]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    width: int = 0
    roles: list[str] = field(default_factory=list)

    def add(self, cells: list[Cell | None]) -> int:
        self.rows.append(cells + [None] * (self.width - len(cells)))
        return len(self.rows) - 1


@dataclass
class Columns:
    roles: list[str]
    headers: list[str]
    group: dict[int, str] = field(default_factory=dict)  # column -> a group label above it


def choose_columns(rng: random.Random, layout: dict, *, section_column: bool) -> Columns:
    theme_mode = layout["theme"]
    follow = layout["follow"]
    front: list[tuple[str, str]] = []
    if rng.random() < 0.25:
        front.append(("ignored", rng.choice(IGNORED_HEADERS)))
    if section_column:
        front.append(("section", layout["section_header"]))
    theme_after = False
    if theme_mode == "column":
        header = rng.choice(THEME_HEADERS)
        if rng.random() < 0.2:
            theme_after = True
        else:
            front.append(("theme", header))
    elif theme_mode in ("blank_header", "initiativer"):
        front.append(("theme", ""))
    title_header = "Initiativer" if theme_mode == "initiativer" else layout["title_header"]
    front.append(("title", title_header))
    rest: list[tuple[str, str]] = [("status", layout["status_header"])]
    if theme_after:
        rest.append(("theme", rng.choice(THEME_HEADERS)))
    if follow == "combined":
        rest.append(("follow", rng.choice(COMBINED_HEADERS)))
    elif follow == "pair":
        local, common = rng.choice(PAIR_HEADERS)
        rest += [("local", local), ("common", common)]
    else:
        responsible, lead = rng.choice(RESPONSIBLE_HEADERS)
        rest += [("responsible", responsible), ("lead", lead)]
    extras = rng.sample(EXTRA_HEADERS, _pick(rng, [(0, 45), (1, 35), (2, 15), (3, 5)]))
    rest += [("extra:" + name, name) for name in extras]
    # the status stays right of the initiative, the rest in a shuffled order
    tail = rest[1:]
    rng.shuffle(tail)
    if follow == "pair" and layout["two_row_header"]:
        # keep the pair side by side under "Opfølgning"
        pair = [c for c in tail if c[0] in ("local", "common")]
        tail = [c for c in tail if c[0] not in ("local", "common")]
        at = rng.randint(0, len(tail))
        tail[at:at] = [("local", "Lokalt"), ("common", "Fælles")]
        del pair
    columns = front + [rest[0]] + tail
    if layout["spacer"]:
        at = next(i for i, c in enumerate(columns) if c[0] == "title") + 1
        columns.insert(at + rng.randint(0, 1), ("spacer", ""))
    roles = [role for role, _ in columns]
    headers = [_style_header(rng, h, layout) for _, h in columns]
    group = {}
    if follow == "pair" and layout["two_row_header"]:
        group = {roles.index("local"): "Opfølgning", roles.index("common"): "Opfølgning"}
    return Columns(roles, headers, group)


def _style_header(rng: random.Random, header: str, layout: dict) -> str:
    if not header:
        return header
    if layout["header_case"] == "upper":
        header = header.upper()
    if layout["header_colon"] and not header.endswith((".", "#")):
        header += ":"
    if layout["header_breaks"] and " " in header and rng.random() < 0.5:
        header = header.replace(" ", "\n", 1)
    return header


def _follow_up(row: Row) -> str:
    return f"Lokalt: {row.local} / Fælles: {row.common} tovholder"


def _extra_cell(rng: random.Random, name: str, row: Row, plan: Plan) -> Cell | None:
    if name == "Budget (mio. kr.)":
        return Cell(value=round(rng.uniform(0.2, 12.0), 1))
    if name == "Prioritet":
        return Cell(value=rng.randint(1, 3))
    if name == "Frist":
        return Cell(value=date(plan.status_date.year + 1, rng.randint(1, 12), 1))
    if name == "Forventet afsluttet":
        return text(f"Q{rng.randint(1, 4)} {plan.status_date.year + 1}")
    if name == "Trafiklys":
        word, fill = rng.choice([("Grøn", "92D050"), ("Gul", "FFC000"), ("Rød", "FF0000")])
        return text(word, fill=fill)
    if name in ("Bemærkninger", "Noter"):
        note = rng.choice(NOTES)
        return text(note, italic=True) if note else None
    if name == "Kontaktperson":
        return text(rng.choice(PEOPLE))
    if name == "Målgruppe":
        return text(rng.choice(TARGETS))
    if name == "Senest opdateret":
        return Cell(value=plan.status_date)
    raise KeyError(name)


def _status_cell(rng: random.Random, row: Row, layout: dict) -> Cell:
    red = layout["red"]
    runs: list[tuple[str, str | None, bool]] = []
    pieces = row.status.pieces
    whole = len(pieces) == 1 and pieces[0][1]
    if whole and rng.random() < 0.6:
        return Cell(runs=[(pieces[0][0], None, False)], color=red)
    for piece, is_red in pieces:
        runs.append((piece, red if is_red else None, False))
    if layout["other_colours"] and rng.random() < 0.4 and not whole:
        # a plain run split: part of the first non-red piece in blue/grey/bold
        for i, (piece, colour, _) in enumerate(runs):
            words = piece.split(" ")
            if colour is None and len(words) > 3:
                colour = rng.choice(OTHER_COLOURS + ["bold"])
                head = " ".join(words[:2]) + " "
                runs[i : i + 1] = [
                    (head, None if colour == "bold" else colour, colour == "bold"),
                    (" ".join(words[2:]), None, False),
                ]
                break
    cell = Cell(runs=runs)
    if rng.random() < layout["comments"]:
        cell.comment = "Tjekkes med tovholder inden mødet."
    return cell


def _title_cell(row: Row, bold_theme: str | None, layout: dict) -> Cell:
    runs: list[tuple[str, str | None, bool]] = []
    if bold_theme:
        runs.append((bold_theme + "\n", None, True))
    runs.append((row.title, None, False))
    cell = Cell(runs=runs)
    if row.all_red:
        if bold_theme:
            cell.runs = [(bold_theme + "\n", None, True), (row.title, layout["red"], False)]
        else:
            cell.color = layout["red"]
    return cell


def _data_row(rng, row: Row, columns: Columns, layout: dict, plan: Plan, section: str, **kw):
    cells: list[Cell | None] = []
    for role in columns.roles:
        cell: Cell | None
        if role == "title":
            cell = _title_cell(row, kw.get("bold_theme"), layout)
        elif role == "status":
            cell = _status_cell(rng, row, layout)
        elif role == "theme":
            theme = kw.get("theme_value")
            cell = text(theme) if theme else None
        elif role == "section":
            value = kw.get("section_value")
            cell = text(value) if value else None
        elif role == "follow":
            cell = text(_follow_up(row))
        elif role == "local":
            cell = text(row.local)
        elif role == "common":
            cell = text(row.common)
        elif role == "responsible":
            cell = text(f"{row.common}; {row.local}")
        elif role == "lead":
            cell = text(row.lead)
        elif role == "ignored":
            cell = Cell(value=kw.get("number", 1))
        elif role == "spacer":
            cell = None
        else:
            cell = _extra_cell(rng, role.split(":", 1)[1], row, plan)
        if row.all_red and cell is not None and role in ("follow", "local", "common"):
            cell.color = layout["red"]
        cells.append(cell)
    return cells


def _header(grid: Grid, columns: Columns, layout: dict) -> None:
    fill = layout["header_fill"]
    font = "FFFFFF" if fill in ("1F4E79", "2F5597", "00635A") else None
    width = len(columns.roles)
    if columns.group:
        top: list[Cell | None] = []
        for i in range(width):
            label = columns.group.get(i)
            if label and (i - 1) in columns.group:
                top.append(Cell(fill=fill))
            elif label:
                top.append(text(label, bold=True, fill=fill, font_color=font))
            else:
                top.append(text(columns.headers[i], bold=True, fill=fill, font_color=font))
        r = grid.add(top)
        bottom = []
        for i in range(width):
            if i in columns.group:
                bottom.append(text(columns.headers[i], bold=True, fill=fill, font_color=font))
            else:
                bottom.append(Cell(fill=fill))
        grid.add(bottom)
        first = min(columns.group)
        grid.merges.append((r, first, r, first + 1))
        for i in range(width):
            if i not in columns.group:
                grid.merges.append((r, i, r + 1, i))
        grid.header_rows += [r, r + 1]
    else:
        cells = [text(h, bold=True, fill=fill, font_color=font) for h in columns.headers]
        if layout["theme"] == "initiativer":
            t = columns.roles.index("title")
            cells[t - 1] = text("Initiativer", bold=True, fill=fill, font_color=font)
            cells[t] = Cell(fill=fill)
            grid.merges.append((len(grid.rows), t - 1, len(grid.rows), t))
        grid.header_rows.append(grid.add(cells))


def _band(grid: Grid, value: str, *, kind: str, layout: dict, offset: int = 0) -> None:
    """A row with one text alone: a section band (dark) or a theme band (light)."""
    if kind == "section":
        cell = text(value, bold=True, fill="1F3864", font_color="FFFFFF", size=12)
        merged = True
    else:
        style = layout["band_style"]
        cell = text(value, bold=True, fill="D9E1F2" if style != "bold_only" else None)
        merged = style == "merged"
    r = grid.add([None] * offset + [cell])
    if merged:
        grid.merges.append((r, offset, r, grid.width - 1))
    elif cell.fill:
        for c in range(offset + 1, grid.width):
            grid.rows[r][c] = Cell(fill=cell.fill)


def write_rows(
    rng, grid: Grid, plan: Plan, section: str, rows: list[Row], columns: Columns, layout
):
    """The rows of one section under a header, with themes and the section column."""
    theme_mode = layout["theme"]
    roles = columns.roles
    theme_at = roles.index("theme") if "theme" in roles else None
    section_at = roles.index("section") if "section" in roles else None
    last_theme = None
    theme_start = None
    section_start = len(grid.rows)
    for n, row in enumerate(rows):
        new_theme = row.theme != last_theme
        if theme_mode == "bands" and new_theme:
            _band(grid, row.theme, kind="theme", layout=layout)
        kw: dict[str, Any] = {"number": n + 1}
        if theme_mode == "bold" and new_theme:
            kw["bold_theme"] = row.theme
        if theme_at is not None:
            fill = layout["theme_fill"]
            if new_theme or fill == "every":
                kw["theme_value"] = row.theme
        if section_at is not None:
            fill = layout["section_fill"]
            value = "; ".join([section] + row.extra_sections)
            if n == 0 or fill in ("every", "multi"):
                kw["section_value"] = value
        r = grid.add(_data_row(rng, row, columns, layout, plan, section, **kw))
        if theme_at is not None and layout["theme_fill"] == "merged":
            if new_theme:
                theme_start = r
            elif theme_start is not None and (n + 1 == len(rows) or rows[n + 1].theme != row.theme):
                grid.merges.append((theme_start, theme_at, r, theme_at))
        last_theme = row.theme
    if section_at is not None and layout["section_fill"] == "merged" and len(rows) > 1:
        end = len(grid.rows) - 1
        if theme_mode != "bands":
            grid.merges.append((section_start, section_at, end, section_at))


# --- layouts ------------------------------------------------------------------------------------


def _date_line(rng: random.Random, when: date) -> str:
    month = MONTHS_ALL[when.month - 1]
    return rng.choice(
        [
            f"Status pr. {when.day}. {month} {when.year}",
            f"Opdateret {when.day}/{when.month}-{when.year}",
            f"Status pr. {when.day}.{when.month}.{when.year}",
            f"Opdateret {when.day}. {month} {when.year}",
        ]
    )


MONTHS_ALL = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def _title_rows(rng, plan: Plan, section: str | None, layout: dict, *, plan_row: bool) -> list:
    """Rows above the header: (kind, text). At most 4, so the header is on row 1-5."""
    rows: list[tuple[str, str]] = []
    if plan_row:
        rows.append(("plan", plan.title))
    if section is not None:
        if layout["section_first"]:
            rows.insert(0, ("section", section))
        else:
            rows.append(("section", section))
    if layout["date_row"]:
        rows.append(("date", _date_line(rng, plan.status_date)))
    if layout["legend_row"]:
        rows.append(("legend", layout["legend"]))
    if rows and layout["blank_after_titles"]:
        rows.append(("blank", ""))
    # the header (both rows of a two-row header) stays within rows 1-5
    return rows[: 3 if layout["two_row_header"] else 4]


def _put_title_rows(grid: Grid, titles: list[tuple[str, str]], layout: dict) -> None:
    for kind, value in titles:
        if kind == "blank":
            grid.add([])
            continue
        if kind == "plan":
            cell = text(value, bold=True, size=16)
        elif kind == "section":
            cell = text(value, bold=True, size=13)
        elif kind == "legend":
            cell = text(value, italic=True, color=layout["red"] if layout["legend_red"] else None)
        else:
            cell = text(value, italic=True)
        r = grid.add([cell])
        if kind in ("plan", "section") and layout["merge_titles"]:
            grid.merges.append((r, 0, r, grid.width - 1))


def _under_table(rng: random.Random, grid: Grid, layout: dict) -> None:
    if not layout["below"]:
        return
    grid.add([])
    if layout["below"] in ("legend", "both"):
        grid.add([text(layout["legend"], italic=True)])
    if layout["below"] in ("footnote", "both"):
        grid.add([text(rng.choice(FOOTNOTES), italic=True, size=8)])


def _totals(grid: Grid, layout: dict, start: int) -> None:
    """A bold "I alt" row under a table with a budget column, summing it."""
    budget = "extra:Budget (mio. kr.)"
    if not layout["totals"] or budget not in grid.roles:
        return
    at = grid.roles.index(budget)
    values = [row[at].value for row in grid.rows[start:] if row[at] is not None]
    total = round(sum(v for v in values if isinstance(v, float)), 1)
    cells: list[Cell | None] = [None] * grid.width
    cells[grid.roles.index("title")] = text("I alt", bold=True)
    cells[at] = Cell(value=total, bold=True)
    grid.add(cells)


FOOTNOTES = [
    "Kilde: Sundhedsplanlægning, Region Midtjylland",
    "* Tovholder er ansvarlig for at indmelde status til sekretariatet.",
    "Næste opdatering forelægges Sundhedsstyregruppen.",
]


def sheet_name(section: str) -> tuple[str, bool]:
    """Excel's sheet name for a section, and whether it is the section's whole title."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", section)
    if cleaned == section and len(section) <= 31:
        return section, True
    return cleaned[:31].rstrip(), False


def build_sheets(rng: random.Random, plan: Plan, layout: dict) -> list[tuple[str, Grid]]:
    """The sheets (or, in CSV, the one table) of a workbook layout."""
    arrangement = layout["arrangement"]
    sheets: list[tuple[str, Grid]] = []
    if arrangement == "per_sheet":
        plan_row = layout["plan_row"]
        shared = choose_columns(rng, layout, section_column=False)
        for i, section in enumerate(plan.sections):
            name, whole = sheet_name(section)
            if layout["sheet_names"] == "numbered" and whole:
                name, whole = f"{i + 1}. {section}"[:31], False
            columns = shared
            if layout["columns_per_sheet"]:
                columns = choose_columns(rng, layout, section_column=False)
            grid = Grid(width=len(columns.roles), roles=columns.roles)
            show_section = not whole or layout["section_row_anyway"]
            titles = _title_rows(
                rng, plan, section if show_section else None, layout, plan_row=plan_row
            )
            _put_title_rows(grid, titles, layout)
            _header(grid, columns, layout)
            start = len(grid.rows)
            write_rows(rng, grid, plan, section, plan.rows[section], columns, layout)
            _totals(grid, layout, start)
            _under_table(rng, grid, layout)
            sheets.append((name, grid))
        return sheets
    grid = _one_table(rng, plan, layout)
    name = rng.choice(["Status", "Oversigt over indsatser", "Ark1", "Indsatser"])
    sheets.append((name, grid))
    return sheets


def _one_table(rng: random.Random, plan: Plan, layout: dict) -> Grid:
    arrangement = layout["arrangement"]
    if arrangement == "section_column":
        columns = choose_columns(rng, layout, section_column=True)
        grid = Grid(width=len(columns.roles), roles=columns.roles)
        _put_title_rows(grid, _title_rows(rng, plan, None, layout, plan_row=True), layout)
        _header(grid, columns, layout)
        start = len(grid.rows)
        for section in plan.sections:
            write_rows(rng, grid, plan, section, plan.rows[section], columns, layout)
        _totals(grid, layout, start)
        _under_table(rng, grid, layout)
        return grid
    if arrangement == "stacked":
        columns = choose_columns(rng, layout, section_column=False)
        grid = Grid(width=len(columns.roles), roles=columns.roles)
        for i, section in enumerate(plan.sections):
            if i == 0:
                titles = _title_rows(
                    rng, plan, section, layout | {"section_first": False}, plan_row=True
                )
                _put_title_rows(grid, titles, layout)
            else:
                for _ in range(rng.randint(1, 2)):
                    grid.add([])
                r = grid.add([text(section, bold=True, size=13)])
                if layout["merge_titles"]:
                    grid.merges.append((r, 0, r, grid.width - 1))
                if layout["blank_after_titles"]:
                    grid.add([])
            _header(grid, columns, layout)
            start = len(grid.rows)
            write_rows(rng, grid, plan, section, plan.rows[section], columns, layout)
            _totals(grid, layout, start)
        _under_table(rng, grid, layout)
        return grid
    # section bands
    columns = choose_columns(rng, layout, section_column=False)
    grid = Grid(width=len(columns.roles), roles=columns.roles)
    _put_title_rows(grid, _title_rows(rng, plan, None, layout, plan_row=True), layout)
    _header(grid, columns, layout)
    start = len(grid.rows)
    for section in plan.sections:
        _band(grid, section, kind="section", layout=layout)
        write_rows(rng, grid, plan, section, plan.rows[section], columns, layout)
    _totals(grid, layout, start)
    _under_table(rng, grid, layout)
    return grid


# --- XLSX ---------------------------------------------------------------------------------------


def _xl_color(spec: str | None):
    from openpyxl.styles.colors import Color

    if spec is None:
        return None
    if spec.startswith("idx:"):
        return Color(indexed=int(spec[4:]))
    return Color(rgb="FF" + spec)


def write_xlsx(plan: Plan, sheets: list[tuple[str, Grid]], layout: dict, rng) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    fixed = datetime(*FIXED_TIME)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "Sundhedsplanlægning"
    if layout["title_property"]:
        wb.properties.title = plan.title
    col0 = layout["start_column"]
    for name, grid in sheets:
        ws = wb.create_sheet(name)
        row0 = 1
        for r, cells in enumerate(grid.rows):
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                target = ws.cell(row=row0 + r, column=col0 + 1 + c)
                if cell.value is not None:
                    target.value = cell.value
                    if isinstance(cell.value, date):
                        target.number_format = "DD-MM-YYYY"
                elif any(colour or bold for _, colour, bold in cell.runs):
                    rich = CellRichText()
                    for piece, colour, bold in cell.runs:
                        if not piece:
                            continue
                        if colour or bold:
                            font = InlineFont(b=bold or None, color=_xl_color(colour))
                            rich.append(TextBlock(font, piece))
                        else:
                            rich.append(piece)
                    target.value = rich
                elif cell.runs:
                    target.value = cell.text
                colour = cell.color or cell.font_color
                target.font = Font(
                    bold=cell.bold,
                    italic=cell.italic,
                    size=cell.size or 11,
                    color=_xl_color(colour),
                )
                if cell.fill:
                    target.fill = PatternFill("solid", fgColor="FF" + cell.fill)
                wrap = _wraps(cell)
                target.alignment = Alignment(wrap_text=wrap, vertical="top")
                if cell.comment:
                    target.comment = Comment(cell.comment, "Sekretariatet")
        merged_from = {(r1, c1) for r1, c1, r2, c2 in grid.merges if c2 > c1}
        for r1, c1, r2, c2 in grid.merges:
            ws.merge_cells(
                start_row=row0 + r1,
                start_column=col0 + 1 + c1,
                end_row=row0 + r2,
                end_column=col0 + 1 + c2,
            )
        for c in range(grid.width):
            role = grid.roles[c] if c < len(grid.roles) else ""
            width = {"title": 45, "status": 60, "spacer": 2, "ignored": 6}.get(role, 18)
            ws.column_dimensions[get_column_letter(col0 + 1 + c)].width = width
        widths = {
            c: ws.column_dimensions[get_column_letter(col0 + 1 + c)].width
            for c in range(grid.width)
        }
        for r, cells in enumerate(grid.rows):
            lines = 1
            for c, cell in enumerate(cells):
                if cell is not None and _wraps(cell) and (r, c) not in merged_from:
                    per_line = max(8, int(widths[c] * 1.1))
                    lines = max(
                        lines, sum(-(-len(line) // per_line) or 1 for line in cell.text.split("\n"))
                    )
            size = (
                max((cell.size or 11) for cell in cells if cell is not None) if any(cells) else 11
            )
            if lines > 1 or size > 11:
                ws.row_dimensions[row0 + r].height = 15 * lines * size / 11
        if "extra:Trafiklys" in grid.roles:
            at = get_column_letter(col0 + 1 + grid.roles.index("extra:Trafiklys"))
            check = DataValidation(type="list", formula1='"Grøn,Gul,Rød"', allow_blank=True)
            check.add(f"{at}{row0 + grid.header_rows[-1] + 1}:{at}{row0 + len(grid.rows)}")
            ws.add_data_validation(check)
        if layout["freeze"] and grid.header_rows:
            last = grid.header_rows[-1]
            ws.freeze_panes = ws.cell(row=row0 + last + 1, column=col0 + 1)
            first = grid.header_rows[-1]
            ws.auto_filter.ref = (
                f"{get_column_letter(col0 + 1)}{row0 + first}:"
                f"{get_column_letter(col0 + grid.width)}{row0 + len(grid.rows) - 1}"
            )
    if layout["lists_sheet"]:
        ws = wb.create_sheet("Lister")
        ws.append(["Trafiklys", "Enheder"])
        for i, unit in enumerate(UNITS):
            ws.append([["Grøn", "Gul", "Rød"][i] if i < 3 else None, unit])
        ws.sheet_state = "hidden"
    if layout["guide_sheet"]:
        ws = wb.create_sheet("Læsevejledning")
        for line in [
            "Arket viser status for hver indsats i planen.",
            "Ændringer siden sidste statusmøde er skrevet med rød skrift.",
            "Spørgsmål kan rettes til sekretariatet i Sundhedsplanlægning.",
        ]:
            ws.append([line])
    out = io.BytesIO()
    wb.save(out)
    return _fixed_zip(out.getvalue())


def _wraps(cell: Cell) -> bool:
    """Table cells wrap; title rows, legends and footnotes run on to the right."""
    plain = cell.value is None and cell.size is None and not cell.italic
    return plain and ("\n" in cell.text or len(cell.text) > 20)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed member times and document dates, so a seed gives one file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2022-03-01T09:00:00Z",
                    content,
                )
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()


# --- CSV ----------------------------------------------------------------------------------------


def write_csv(sheets: list[tuple[str, Grid]], layout: dict) -> bytes:
    ((_, grid),) = sheets
    out = io.StringIO()
    writer = csv.writer(out, delimiter=layout["delimiter"], lineterminator="\r\n")
    offset = [""] * layout["start_column"]
    for cells in grid.rows:
        values = [cell.text if cell is not None else "" for cell in cells]
        while values and not values[-1]:
            values.pop()
        writer.writerow(offset + values if values else [])
    encoding = layout["encoding"]
    content = out.getvalue()
    if encoding == "utf-8-sig":
        return content.encode("utf-8-sig")
    if encoding == "utf-16":
        return content.encode("utf-16")
    return content.encode(encoding)


# --- PPTX ---------------------------------------------------------------------------------------


def write_pptx(plan: Plan, layout: dict, rng: random.Random) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    wide = layout["wide"]
    prs.slide_width = Inches(13.333 if wide else 10)
    prs.slide_height = Inches(7.5)
    prs.core_properties.created = datetime(*FIXED_TIME)
    prs.core_properties.modified = datetime(*FIXED_TIME)
    prs.core_properties.revision = 1
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = plan.title
    slide.placeholders[1].text = _date_line(rng, plan.status_date)
    if layout["agenda"]:
        agenda = prs.slides.add_slide(prs.slide_layouts[1])
        agenda.shapes.title.text = rng.choice(["Indhold", "Dagsorden", "Oversigt"])
        body = agenda.placeholders[1].text_frame
        body.text = plan.sections[0]
        for section in plan.sections[1:]:
            body.add_paragraph().text = section
    number = [len(prs.slides)]

    def new_slide(title: str | None):
        s = prs.slides.add_slide(prs.slide_layouts[5 if layout["title_placeholder"] else 6])
        if title is not None:
            if layout["title_placeholder"]:
                s.shapes.title.text = title
            else:
                box = s.shapes.add_textbox(Inches(0.4), Inches(0.2), Inches(9), Inches(0.8))
                box.text_frame.text = title
                run = box.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(26)
                run.font.bold = True
        elif layout["title_placeholder"]:
            s.shapes.title.text = generic_title
        number[0] += 1
        foot = s.shapes.add_textbox(Inches(0.4), Inches(7.0), Inches(6), Inches(0.3))
        foot.text_frame.text = f"Region Midtjylland · {number[0]}"
        foot.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
        if layout["slide_legend"]:
            box = s.shapes.add_textbox(
                Inches(7 if wide else 6), Inches(6.9), Inches(3), Inches(0.4)
            )
            box.text_frame.text = layout["legend"]
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
            if layout["legend_red"]:
                _rgb(box.text_frame.paragraphs[0].runs[0], layout["red"])
        if layout["notes"]:
            s.notes_slide.notes_text_frame.text = "Gennemgås kort på mødet."
        return s

    per_slide = layout["rows_per_slide"]
    shared = choose_columns(rng, layout, section_column=False)
    generic_title = rng.choice(["Status på indsatser", "Fremdrift", "Statusoverblik"])
    sections = list(plan.sections)
    if layout["arrangement"] == "two_per_slide":
        # small sections side by side, two to a slide, in the sections' order; a longer one
        # alone on slides of its own, its caption row repeated on each
        cap = per_slide + 2
        slides: list[list[tuple[str, list[Row], bool]]] = []
        for section in sections:
            rows = plan.rows[section]
            if len(rows) <= cap and slides and len(slides[-1]) == 1 and slides[-1][0][2]:
                slides[-1].append((section, rows, True))
            elif len(rows) <= cap:
                slides.append([(section, rows, True)])
            else:
                for i in range(0, len(rows), per_slide):
                    slides.append([(section, rows[i : i + per_slide], False)])
        for tables in slides:
            s = new_slide(None)
            width = (12.5 if wide else 9.2) / len(tables)
            for k, (section, rows, _) in enumerate(tables):
                columns = shared
                grid = Grid(width=len(columns.roles), roles=columns.roles)
                r = grid.add([text(section, bold=True)])
                grid.merges.append((r, 0, r, grid.width - 1))
                _header(grid, columns, layout)
                write_rows(rng, grid, plan, section, rows, columns, layout)
                _pptx_table(s, grid, Inches(0.4 + k * width), Inches(1.3), Inches(width - 0.2))
        return _save_pptx(prs)
    for section in sections:
        columns = shared
        rows = plan.rows[section]
        chunks = [rows[i : i + per_slide] for i in range(0, len(rows), per_slide)]
        for k, chunk in enumerate(chunks):
            caption = layout["arrangement"] == "caption_row"
            title = None if caption else section + (" (fortsat)" if k else "")
            s = new_slide(title)
            grid = Grid(width=len(columns.roles), roles=columns.roles)
            if caption:
                r = grid.add([text(section, bold=True, fill="DDEBF7")])
                grid.merges.append((r, 0, r, grid.width - 1))
            if layout["table_legend"]:
                r = grid.add([text(layout["legend"], italic=True)])
                grid.merges.append((r, 0, r, grid.width - 1))
            _header(grid, columns, layout)
            write_rows(rng, grid, plan, section, chunk, columns, layout)
            _pptx_table(s, grid, Inches(0.4), Inches(1.3), Inches(12.5 if wide else 9.2))
    if layout["closing"]:
        end = prs.slides.add_slide(prs.slide_layouts[5])
        end.shapes.title.text = "Spørgsmål og drøftelse"
    return _save_pptx(prs)


def _save_pptx(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return _fixed_zip(out.getvalue())


def _rgb(run, colour: str) -> None:
    from pptx.dml.color import RGBColor

    run.font.color.rgb = RGBColor.from_string(colour)


def _pptx_table(slide, grid: Grid, left, top, width) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    n_rows, n_cols = len(grid.rows), grid.width
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, Emu(300000 * n_rows))
    table = shape.table
    for r, cells in enumerate(grid.rows):
        for c, cell in enumerate(cells):
            target = table.cell(r, c)
            if cell is None:
                continue
            if cell.fill:
                target.fill.solid()
                target.fill.fore_color.rgb = RGBColor.from_string(cell.fill)
            frame = target.text_frame
            paragraphs: list[list[tuple[str, str | None, bool]]] = [[]]
            runs = cell.runs if cell.value is None else [(cell.text, None, False)]
            for piece, colour, bold in runs:
                for i, line in enumerate(piece.split("\n")):
                    if i:
                        paragraphs.append([])
                    if line:
                        paragraphs[-1].append((line, colour, bold))
            for i, runs_ in enumerate(paragraphs):
                paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                for piece, colour, bold in runs_:
                    run = paragraph.add_run()
                    run.text = piece
                    run.font.size = Pt(cell.size or 11)
                    run.font.bold = bold or cell.bold
                    if cell.italic:
                        run.font.italic = True
                    colour = colour or cell.color or cell.font_color
                    if colour:
                        _rgb(run, colour)
    for r1, c1, r2, c2 in grid.merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))


# --- the case -----------------------------------------------------------------------------------


def choose_layout(rng: random.Random) -> dict[str, Any]:
    fmt = _pick(rng, [("xlsx", 45), ("pptx", 35), ("csv", 20)])
    layout: dict[str, Any] = {"fmt": fmt}
    if fmt == "xlsx":
        arrangement = _pick(
            rng,
            [("per_sheet", 45), ("section_column", 20), ("stacked", 20), ("section_bands", 15)],
        )
    elif fmt == "csv":
        arrangement = _pick(rng, [("section_column", 40), ("stacked", 35), ("section_bands", 25)])
    else:
        arrangement = _pick(rng, [("slide_title", 60), ("caption_row", 20), ("two_per_slide", 20)])
    layout["arrangement"] = arrangement
    themes = [("column", 25), ("blank_header", 8), ("initiativer", 7), ("bands", 20)]
    themes += [("bold", 15), ("none", 25)]
    if fmt == "csv":
        themes = [t for t in themes if t[0] not in ("bold", "initiativer")]
    if arrangement == "section_bands":
        # section bands need themes of the table's own, or a theme band right after them
        themes = [t for t in themes if t[0] in ("column", "bold", "bands")]
    layout["theme"] = _pick(rng, themes)
    layout["theme_fill"] = _pick(rng, [("merged", 40), ("blank", 35), ("every", 25)])
    if fmt == "csv" and layout["theme_fill"] == "merged":
        layout["theme_fill"] = "blank"
    layout["band_style"] = _pick(rng, [("merged", 60), ("filled", 25), ("bold_only", 15)])
    if fmt == "csv":
        layout["band_style"] = "bold_only"
    layout["section_header"] = rng.choice(SECTION_HEADERS)
    layout["section_fill"] = _pick(
        rng, [("every", 40), ("blank", 30), ("merged", 15)] + [("multi", 15)]
    )
    if fmt == "csv" and layout["section_fill"] == "merged":
        layout["section_fill"] = "blank"
    layout["follow"] = _pick(rng, [("combined", 35), ("pair", 45), ("responsible", 20)])
    layout["two_row_header"] = layout["follow"] == "pair" and rng.random() < 0.33
    layout["title_header"] = rng.choice(TITLE_HEADERS)
    layout["dated_status"] = rng.random() < 0.3
    layout["header_case"] = "upper" if rng.random() < 0.1 else "as written"
    layout["header_colon"] = rng.random() < 0.05
    layout["header_breaks"] = rng.random() < 0.2
    layout["header_fill"] = rng.choice(["1F4E79", "D9D9D9", "2F5597", "00635A", "FCE4D6"])
    layout["spacer"] = fmt == "xlsx" and rng.random() < 0.15
    layout["red"] = rng.choice(REDS)
    if fmt == "xlsx" and rng.random() < 0.15:
        layout["red"] = f"idx:{rng.choice(XLSX_INDEXED_REDS)}"
    layout["other_colours"] = fmt != "csv" and rng.random() < 0.25
    layout["comments"] = 0.2 if fmt == "xlsx" and rng.random() < 0.15 else 0.0
    # title rows
    layout["plan_row"] = rng.random() < 0.6
    layout["section_first"] = rng.random() < 0.5
    layout["section_row_anyway"] = rng.random() < 0.5
    layout["date_row"] = rng.random() < 0.4
    layout["legend_row"] = rng.random() < 0.3
    layout["legend"] = rng.choice(LEGENDS)
    layout["legend_red"] = fmt != "csv" and rng.random() < 0.5
    layout["blank_after_titles"] = rng.random() < 0.4
    layout["merge_titles"] = fmt == "xlsx" and rng.random() < 0.3
    layout["below"] = _pick(rng, [(None, 75), ("legend", 10), ("footnote", 10), ("both", 5)])
    layout["start_column"] = _pick(rng, [(0, 60), (1, 30), (2, 10)])
    layout["sheet_names"] = _pick(rng, [("section", 90), ("numbered", 10)])
    layout["freeze"] = rng.random() < 0.3
    layout["columns_per_sheet"] = rng.random() < 0.3
    layout["title_property"] = rng.random() < 0.3
    layout["guide_sheet"] = fmt == "xlsx" and rng.random() < 0.12
    layout["lists_sheet"] = fmt == "xlsx" and rng.random() < 0.1
    layout["totals"] = fmt != "pptx" and rng.random() < 0.5
    layout["delimiter"] = rng.choice([";", ",", "\t"])
    layout["encoding"] = _pick(
        rng, [("utf-8-sig", 40), ("utf-8", 20), ("cp1252", 25), ("utf-16", 15)]
    )
    if layout["encoding"] == "utf-16":
        layout["delimiter"] = "\t"
    # decks
    layout["wide"] = rng.random() < 0.7
    layout["agenda"] = rng.random() < 0.3
    layout["closing"] = rng.random() < 0.25
    layout["title_placeholder"] = rng.random() < 0.7
    layout["slide_legend"] = fmt == "pptx" and rng.random() < 0.3
    layout["table_legend"] = fmt == "pptx" and rng.random() < 0.15
    layout["notes"] = rng.random() < 0.3
    layout["rows_per_slide"] = rng.randint(3, 6)
    if fmt == "pptx":
        layout["start_column"] = 0
        layout["comments"] = 0.0
    return layout


def generate(seed: int) -> Case:
    rng = random.Random(seed * 7919 + 4)
    layout = choose_layout(rng)
    plan = make_plan(rng, layout["fmt"])
    when = plan.status_date
    layout["status_header"] = (
        rng.choice(
            [
                f"Status pr. {when.day}. {MONTHS_ALL[when.month - 1]} {when.year}",
                f"Status {MONTHS_ALL[when.month - 1]} {when.year}",
            ]
        )
        if layout["dated_status"]
        else rng.choice(STATUS_HEADERS)
    )
    if layout["arrangement"] == "section_column" and layout["section_fill"] == "multi":
        _merge_exact_repeats(plan)
    plain = plan.title.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40]
    if layout["fmt"] == "pptx":
        data = write_pptx(plan, layout, rng)
    else:
        sheets = build_sheets(rng, plan, layout)
        if layout["fmt"] == "xlsx":
            data = write_xlsx(plan, sheets, layout, rng)
        else:
            data = write_csv(sheets, layout)
    return Case(
        seed=seed,
        filename=f"{slug}-{seed}.{layout['fmt']}",
        data=data,
        layout=layout,
        truths=plan.truths,
    )


def _merge_exact_repeats(plan: Plan) -> None:
    """In a section column, an exact repeat is written once with "A; B" in the section cell."""
    for section in plan.sections:
        for row in list(plan.rows[section]):
            truth = row.truth
            if truth.drift != "exact" or truth.sections[0] != section:
                continue
            later = truth.sections[1]
            repeat = [r for r in plan.rows[later] if r.truth is truth]
            if repeat:
                plan.rows[later].remove(repeat[0])
                row.extra_sections.append(later)
                truth.drift = "exact, one row"


# --- measurement (adapter around heldout_layouts.score) -----------------------------------------

FEATURES = ["fmt", "arrangement", "theme", "follow", "two_row_header", "dated_status"]


def evaluate(seeds: range, *, verbose: bool = False) -> tuple[float, dict[str, Any]]:
    """The share of initiatives read exactly over ``seeds``, and a breakdown."""
    exact = total = refused = 0
    failures: Counter = Counter()
    breakdown: dict[str, dict[str, list[int]]] = {key: {} for key in FEATURES + ["drift"]}
    errors = []
    for seed in seeds:
        case = generate(seed)
        result = score(case)
        exact += result.exact
        total += result.total
        failures.update(result.failures)
        if result.error:
            refused += 1
            errors.append(f"{seed}: {result.error}")
        for key in FEATURES:
            counts = breakdown[key].setdefault(str(case.layout[key]), [0, 0])
            counts[0] += result.exact
            counts[1] += result.total
        repeated = [t for t in case.truths if t.drift]
        if repeated:
            kinds = sorted({t.drift for t in repeated})
            for kind in kinds:
                subset = [t for t in repeated if t.drift == kind]
                sub = score(Case(case.seed, case.filename, case.data, case.layout, subset))
                counts = breakdown["drift"].setdefault(kind, [0, 0])
                counts[0] += sub.exact
                counts[1] += sub.total
        if verbose and result.exact < result.total:
            print(seed, case.filename, dict(result.failures), result.error, file=sys.stderr)
    details: dict[str, Any] = {
        "layouts": len(seeds),
        "initiatives": total,
        "exact": exact,
        "failures": dict(failures),
        "refused_files": refused,
        "errors": errors,
    }
    for key, table in breakdown.items():
        details["by_" + key] = {
            k: f"{v[0] / v[1]:.2%} of {v[1]}" for k, v in sorted(table.items()) if v[1]
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
    parser.add_argument("--write", metavar="DIR", help="only write the files, do not read them")
    options = parser.parse_args(argv)
    seeds = range(options.first_seed, options.first_seed + options.layouts)
    if options.write:
        os.makedirs(options.write, exist_ok=True)
        count = 0
        for seed in seeds:
            case = generate(seed)
            count += len(case.truths)
            with open(os.path.join(options.write, case.filename), "wb") as out:
                out.write(case.data)
        print(f"wrote {len(seeds)} files with {count} initiatives to {options.write}")
        return
    accuracy, details = evaluate(seeds, verbose=options.verbose)
    print(f"exact: {accuracy:.2%} of {details['initiatives']} initiatives in {len(seeds)} layouts")
    for key, value in details.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
