"""The header row: which column holds what, in decks, workbooks and CSV files alike.

The vocabulary (Danish headers, common synonyms, the export's own headers and the interchange
keys) is documented in ``docs/import-columns.md``; keep the two in step. The header is the row
among the first rows of a table that names the most known columns; a two-row header ("Opfølgning"
merged over "Lokalt | Fælles") is read as one. Title rows above it are returned too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .grid import Grid, GridCell
from .text import MONTHS, find_date, normalise_name, one_line
from .vocab import kind_heading

AREA = "area"
TITLE = "title"
THEME = "theme"
STATUS = "status"
PHASE = "phase"
PHASE_TARGET = "phase_target"
FOLLOW_UP = "follow_up"
LOCAL = "local"
COMMON = "common"
LEAD = "lead"
RESPONSIBLE = "responsible"
YEAR_TASK = "year_task"
KIND = "kind"
WORK_FORM = "work_form"
STATUS_DATE = "status_date"
REF = "ref"
NUMBER = "number"
# Roles used only when the table has no column of the main role.
STATUS_FALLBACK = "status_fallback"
TITLE_FALLBACK = "title_fallback"

# A header cell is short; a longer text is data (or a title row), however it starts.
MAX_HEADER_WORDS = 5
MAX_DATED_HEADER_WORDS = 7

_EXACT: dict[str, str] = {}


def _add(role: str, *names: str) -> None:
    for name in names:
        _EXACT[name] = role


_add(REF, "ref", "reference", "referencer", "ref nr", "fremdrift ref", "id ref")
_add(NUMBER, "nr", "#", "no", "id", "lbnr", "lb nr", "loebenr", "loebenummer", "number", "nummer")
_add(
    STATUS_DATE,
    "dato",
    "statusdato",
    "status dato",
    "dato for status",
    "opdateret",
    "opdateret den",
    "senest opdateret",
    "sidst opdateret",
    "date",
    "status date",
)
_add(PHASE, "fase", "faser", "phase", "nuvaerende fase", "aktuel fase", "fase nu")
_add(
    PHASE_TARGET,
    "maalfase",
    "maal fase",
    "naeste fase",
    "forventet fase",
    "phase target",
    "target phase",
)
_add(
    AREA,
    "spor",
    "omraade",
    "omraader",
    "afsnit",
    "sektion",
    "sektioner",
    "indsatsomraade",
    "indsatsomraader",
    "hovedomraade",
    "fokusomraade",
    "fokusomraader",
    "delplan",
    "kapitel",
    "area",
    "areas",
    "section",
    "track",
)
_add(
    THEME,
    "tema",
    "temaer",
    "theme",
    "themes",
    "emne",
    "overskrift",
    "kategori",
    "gruppe",
    "indsatsgruppe",
    "hovedindsats",
    "undertema",
)
_add(KIND, "type", "art", "kind", "indsatstype", "type af indsats", "indsatsens art")
_add(WORK_FORM, "arbejdsform", "work form", "organisering", "form")
_add(
    LEAD,
    "tovholder",
    "tovholdere",
    "lead",
    "hovedansvarlig",
    "indsatsejer",
    "ejer",
    "projektejer",
    "projektleder",
)
_add(
    TITLE,
    "indsats",
    "indsatser",
    "indsatsen",
    "initiativ",
    "initiativer",
    "initiativet",
    "titel",
    "title",
    "initiative",
    "initiatives",
    "tiltag",
    "aktivitet",
    "aktiviteter",
    "handling",
    "handlinger",
    "projekt",
    "projekter",
    "indsatsnavn",
    "indsatsbeskrivelse",
    "initiativbeskrivelse",
)
_add(TITLE_FALLBACK, "beskrivelse", "navn", "description", "name")
_add(
    STATUS_FALLBACK,
    "fremdrift",
    "bemaerkning",
    "bemaerkninger",
    "kommentar",
    "kommentarer",
    "stade",
    "opdatering",
    "opdateringer",
    "seneste nyt",
    "progress",
    "update",
    "updates",
)

_YEAR_TASK = re.compile(
    r"^(?:(?:aars)?opgaver?(?: i)?(?: \d{4})?|(?:annual |year )?tasks?(?: in)?(?: \d{4})?)$"
)
# Words naming the initiative, compounds included ("Delindsats", "Indsatsens navn"), but not
# the area ("Indsatsområde").
_TITLE_WORDS = re.compile(
    r"^(?:\w*initiativ\w*|\w*indsats(?!omraad)\w*|tiltag\w*|aktivitet\w*|handling\w*|projekt\w*)$"
)
_AREA_SUFFIXES = ("omraade", "omraader", "afsnit")
# Words that name the role wherever they stand in a short header ("Overordnet tema").
_AREA_WORDS = {"spor", "omraade", "omraader", "afsnit", "sektion", "indsatsomraade"}
_AREA_WORDS |= {"indsatsomraader", "hovedomraade", "delplan", "kapitel"}
_THEME_WORDS = {"tema", "temaer", "emne", "overskrift", "kategori", "undertema", "hovedtema"}
_EARLIER_WORDS = {"forrige", "tidligere", "sidste", "gammel", "previous", "foregaaende"}
# Words after "Status" that make a sentence rather than a header ("Status til Sundheds…").
_SENTENCE_WORDS = {"til", "paa", "er", "blev", "fra", "med", "om", "i", "af", "ved"}
_MONTH_YEAR = re.compile(r"\b([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header text reduced for matching: case, accents, punctuation and spacing ignored."""
    folded = normalise_name(one_line(text))
    if folded == "#":
        return folded
    return " ".join(re.sub(r"[_:.*()\[\]/\\|–—,;?!#'\"’-]+", " ", folded).split())


# Longer texts are never headers (and are not worth normalising to find out).
MAX_HEADER_CHARS = 80


@lru_cache(maxsize=4096)
def header_role(text: str) -> str | None:
    """The role a header cell names ("Opfølgning lokalt" → local, "Status pr. 1/3" → status)."""
    if len(text) > MAX_HEADER_CHARS:
        return None
    key = header_key(text)
    if not key:
        return None
    words = key.split()
    if key in _EXACT:
        return _EXACT[key]
    if len(words) > MAX_DATED_HEADER_WORDS:
        return None
    dated = find_header_date(text) is not None
    if words[0].startswith("status") and not {"dato", "date"} & set(words):
        short = len(words) <= MAX_HEADER_WORDS - 1 or (dated and len(words) <= 6)
        if short and (len(words) == 1 or words[1] not in _SENTENCE_WORDS):
            return STATUS
        return None
    if len(words) > MAX_HEADER_WORDS:
        return None
    if "status" in words and not {"dato", "date"} & set(words):
        return STATUS
    if kind_heading(text):
        return TITLE
    role = _follow_up_role(words)
    if role:
        return role
    if _YEAR_TASK.match(key):
        return YEAR_TASK
    if len(words) <= 3 and (
        _AREA_WORDS & set(words) or any(word.endswith(_AREA_SUFFIXES) for word in words)
    ):
        return AREA
    if len(words) <= 3 and _THEME_WORDS & set(words):
        return THEME
    if words[0] in ("fase", "faser") and len(words) <= 2:
        return PHASE
    if any(_TITLE_WORDS.match(word) for word in words):
        return TITLE
    return None


def _follow_up_role(words: list[str]) -> str | None:
    local = any(word.startswith("lokal") or word == "local" for word in words)
    common = any(word.startswith("faelles") or word == "common" for word in words)
    follow = any(word.startswith(("opfoelgning", "follow")) for word in words)
    responsible = any(word.startswith(("ansvar", "enhed")) for word in words)
    if local and common:
        return FOLLOW_UP
    if local and (follow or responsible or len(words) <= 2):
        return LOCAL
    if common and (follow or responsible or len(words) <= 2):
        return COMMON
    if follow:
        return FOLLOW_UP
    if "tovholder" in words:
        return LEAD
    if responsible:
        return RESPONSIBLE
    return None


def find_header_date(text: str) -> dt.date | None:
    """The date a header names ("Status pr. 1. marts 2022"; "Status november 2021" → 1 Nov)."""
    found = find_date(text)
    if found:
        return found
    for match in _MONTH_YEAR.finditer(text or ""):
        month = MONTHS.get(match[1].casefold())
        if month:
            return dt.date(int(match[2]), month, 1)
    return None


def is_earlier_status(text: str) -> bool:
    """A status header for an earlier status ("Forrige status", "Tidligere status")."""
    return bool(set(header_key(text).split()) & _EARLIER_WORDS)


@dataclass
class Layout:
    """Where the header is and which column holds what."""

    header_rows: tuple[int, ...]
    columns: dict[str, int]
    texts: list[str]
    kind: str | None = None
    status_date: dt.date | None = None
    # Other status columns, oldest first: (column, date from its header or None).
    earlier_status: list[tuple[int, dt.date | None]] = field(default_factory=list)
    duplicates: list[tuple[int, str, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.header_rows[0]

    @property
    def last(self) -> int:
        return self.header_rows[-1]

    def text_of(self, role: str) -> str | None:
        column = self.columns.get(role)
        return self.texts[column] if column is not None and column < len(self.texts) else None

    @property
    def has_title(self) -> bool:
        return TITLE in self.columns

    def found(self) -> str:
        """The header's non-empty texts, for messages."""
        return ", ".join(f"“{text}”" for text in self.texts if text) or "—"


def _row_texts(row: list[GridCell]) -> list[str]:
    return [cell.line for cell in row]


def _group_texts(above: list[GridCell], below: list[GridCell]) -> list[str]:
    """Texts of a two-row header: the upper row's group label before each lower label."""
    width = max(len(above), len(below))
    texts: list[str] = []
    group = ""
    for column in range(width):
        top = above[column] if column < len(above) else GridCell()
        sub = below[column].line if column < len(below) else ""
        if top.line:
            group = top.line
        elif top.spanned and top.origin_offset[0] == 0:
            pass  # the group label merged across columns continues
        elif not (sub and texts and texts[-1] and group and column > 0):
            group = ""
        upper = top.line or group
        if sub and upper and sub != upper:
            texts.append(f"{upper} {sub}")
        else:
            texts.append(sub or upper)
    return texts


def _is_pair(above: list[GridCell], below: list[GridCell]) -> bool:
    """True when the upper row groups several labels of the lower one (a two-row header)."""
    for column, cell in enumerate(above):
        if cell.origin and cell.span_width > 1 and cell.span_height == 1:
            end = min(column + cell.span_width, len(below))
            subs = [below[c].line for c in range(column, end) if below[c].line]
            if len(subs) >= 2 and all(_label_like(text) for text in subs):
                return True
        if cell.line and column + 1 < len(above) and not above[column + 1].line:
            pair = [below[c].line if c < len(below) else "" for c in (column, column + 1)]
            if all(pair) and all(header_role(text) for text in pair):
                return True
    return False


def _label_like(text: str) -> bool:
    return header_role(text) is not None or len(header_key(text).split()) <= 2


def _roles(texts: list[str]) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    columns: dict[str, int] = {}
    duplicates: list[tuple[int, str, str]] = []
    for column, text in enumerate(texts):
        role = header_role(text)
        if role is None:
            continue
        if role == STATUS and STATUS in columns:
            duplicates.append((column, text, role))  # resolved by _status_columns
        elif role in columns:
            duplicates.append((column, text, role))
        else:
            columns[role] = column
    return columns, duplicates


def _score(columns: dict[str, int]) -> int:
    roles = set(columns) - {NUMBER}
    if TITLE_FALLBACK in roles and TITLE in roles:
        roles.discard(TITLE_FALLBACK)
    if STATUS_FALLBACK in roles and STATUS in roles:
        roles.discard(STATUS_FALLBACK)
    return len(roles) + (1 if TITLE in roles or TITLE_FALLBACK in roles else 0)


MIN_HEADER_SCORE = 2


def find_layout(grid: Grid, search_rows: int) -> Layout | None:
    """The best header among the first ``search_rows`` rows, or None if no row names columns."""
    # A row with no cell as long as an initiative's beats one with such a cell; then the row
    # naming more columns wins, and of equals the first.
    best: tuple[tuple[bool, int], tuple[int, ...], list[str]] | None = None
    limit = min(search_rows, len(grid.rows))
    for index in range(limit):
        candidates = [((index,), _row_texts(grid.rows[index]))]
        if index > 0 and _is_pair(grid.rows[index - 1], grid.rows[index]):
            texts = _group_texts(grid.rows[index - 1], grid.rows[index])
            candidates.append(((index - 1, index), texts))
        for rows, texts in candidates:
            if _reads_like_a_title(texts):
                continue
            columns, _ = _roles(texts)
            score = _score(columns)
            rank = (not _has_long_cell(texts), score)
            if score >= MIN_HEADER_SCORE and (best is None or rank > best[0]):
                best = (rank, rows, texts)
    if best is None:
        return None
    return _layout(grid, best[1], best[2])


MAX_LONE_HEADER_WORDS = 3


# A cell of more words than this is an initiative or a status, not a column's name: a data
# row whose status happens to start with "Projekt…" and whose follow-up cell says "Lokalt: …"
# is no header, however many roles its short cells seem to name.
MAX_HEADER_ROW_CELL_WORDS = 10


def _has_long_cell(texts: list[str]) -> bool:
    """True for a row holding a text as long as an initiative's or a status."""
    return any(len(text.split()) > MAX_HEADER_ROW_CELL_WORDS for text in texts if text)


def _reads_like_a_title(texts: list[str]) -> bool:
    """A row with one text that reads like a title rather than a column's name: a cover
    sheet's "Indsatsplan for Regionshospitalet Nord 2023" is no header of a one-column table."""
    from .titles import plan_score

    filled = [text for text in texts if text]
    if len(filled) != 1:
        return False
    return len(filled[0].split()) > MAX_LONE_HEADER_WORDS or plan_score(filled[0]) > 0


def _layout(grid: Grid, rows: tuple[int, ...], texts: list[str]) -> Layout:
    columns, duplicates = _roles(texts)
    layout = Layout(rows, columns, texts)
    _infer_title(grid, layout)
    _infer_area(grid, layout)
    _infer_status(grid, layout)
    _fallbacks(layout)
    _status_columns(layout, duplicates)
    layout.duplicates = [d for d in duplicates if d[2] != STATUS]
    if TITLE in layout.columns:
        layout.kind = kind_heading(texts[layout.columns[TITLE]])
        _theme_column(grid, layout)
    known = set(layout.columns.values()) | {c for c, _ in layout.earlier_status}
    known |= {c for c, _, _ in layout.duplicates}
    layout.unknown = [(c, t) for c, t in enumerate(texts) if t and c not in known]
    return layout


def _fallbacks(layout: Layout) -> None:
    columns = layout.columns
    if TITLE not in columns:
        for role in (TITLE_FALLBACK, YEAR_TASK):
            if role in columns:
                columns[TITLE] = columns.pop(role)
                break
    if STATUS not in columns and STATUS_FALLBACK in columns:
        columns[STATUS] = columns.pop(STATUS_FALLBACK)
    columns.pop(TITLE_FALLBACK, None)
    columns.pop(STATUS_FALLBACK, None)


def _unnamed(layout: Layout) -> list[int]:
    """Columns whose header names no role."""
    taken = {c for role, c in layout.columns.items() if role not in (STATUS_FALLBACK,)}
    return [c for c in range(len(layout.texts)) if c not in taken]


def _values(grid: Grid, layout: Layout, column: int) -> list[str]:
    return [
        row[column].line
        for row in grid.rows[layout.last + 1 : layout.last + 1 + _SAMPLE_ROWS]
        if column < len(row) and row[column].line
    ]


def _infer_title(grid: Grid, layout: Layout) -> None:
    """Without an initiative header, the leftmost column of distinct texts of three words or
    more is the initiatives' (when another column is named, so that this is a table)."""
    columns = layout.columns
    if TITLE in columns or TITLE_FALLBACK in columns or not columns:
        return
    for column in _unnamed(layout):
        values = _values(grid, layout, column)
        if len(values) < 2:
            continue
        texts = [v for v in values if len(re.findall(r"[^\W\d_]{2,}", v)) >= _SENTENCE_WORDS_MIN]
        if len(texts) * 2 >= len(values) and len(set(values)) * 5 >= len(values) * 4:
            columns[TITLE] = column
            return


def _infer_area(grid: Grid, layout: Layout) -> None:
    """An unnamed column left of the initiatives whose few values are repeated down the rows
    holds the sections, when the themes are elsewhere: in a theme column or in band rows."""
    columns = layout.columns
    if AREA in columns or TITLE not in columns:
        return
    if THEME not in columns and not _has_bands(grid, layout):
        return
    for column in _unnamed(layout):
        if column >= columns[TITLE] or not layout.texts[column]:
            continue
        values = _values(grid, layout, column)
        named = [v for v in values if re.search(r"[^\W\d_]{3,}", v)]  # names, not numbers
        rows = len(grid.rows) - layout.last - 1
        repeated = len(set(values)) * 2 <= max(len(values), rows // 2)
        if values and len(named) == len(values) and repeated:
            columns[AREA] = column
            return


def _has_bands(grid: Grid, layout: Layout) -> bool:
    """True when some row below the header holds one text alone (a theme or section band)."""
    for row in grid.rows[layout.last + 1 : layout.last + 1 + _SAMPLE_ROWS]:
        texts = [cell.line for cell in row if cell.line]
        if len(texts) == 1 and len(texts[0].split()) >= 2:
            return True
    return False


# A column holds status text when at least this share of its cells are sentences.
STATUS_SENTENCE_SHARE = 0.5
_SENTENCE_WORDS_MIN = 3
_SAMPLE_ROWS = 200


def _infer_status(grid: Grid, layout: Layout) -> None:
    """Without a status header, the column of sentences beside the initiatives is the status.

    Candidates are the columns whose header names no role and a stand-in such as
    "Bemærkninger"; the one whose cells are most often sentences (three words or more) wins,
    if at least half of them are.
    """
    columns = layout.columns
    if STATUS in columns or (TITLE not in columns and TITLE_FALLBACK not in columns):
        return
    taken = {c for role, c in columns.items() if role != STATUS_FALLBACK}
    candidates = [c for c in range(len(layout.texts)) if c not in taken]
    best: tuple[float, bool, int] | None = None
    for column in candidates:
        share = _sentence_share(grid, layout, column)
        if share is None or share < STATUS_SENTENCE_SHARE:
            continue
        score = (share, column == columns.get(STATUS_FALLBACK), -column)
        if best is None or score > best:
            best = score
    if best is not None:
        columns.pop(STATUS_FALLBACK, None)
        columns[STATUS] = -best[2]


def _sentence_share(grid: Grid, layout: Layout, column: int) -> float | None:
    values = _values(grid, layout, column)
    if not values:
        return None
    sentences = [v for v in values if len(re.findall(r"[^\W\d_]{2,}", v)) >= _SENTENCE_WORDS_MIN]
    return len(sentences) / len(values)


def _status_columns(layout: Layout, duplicates: list[tuple[int, str, str]]) -> None:
    """Choose the current status among several status columns; the others are earlier ones."""
    if STATUS not in layout.columns:
        return
    found = [(layout.columns[STATUS], layout.texts[layout.columns[STATUS]])]
    found += [(c, t) for c, t, role in duplicates if role == STATUS]
    dated = [(c, find_header_date(t), is_earlier_status(t)) for c, t in found]

    def newness(item: tuple[int, dt.date | None, bool]) -> tuple:
        column, date, earlier = item
        return (not earlier, date or dt.date.min, column)

    ordered = sorted(dated, key=newness)
    current = ordered[-1]
    layout.columns[STATUS] = current[0]
    layout.status_date = current[1]
    layout.earlier_status = [(c, d) for c, d, _ in ordered[:-1]]


def _theme_column(grid: Grid, layout: Layout) -> None:
    """A theme column without a "Tema" header: an empty header left of the initiatives, or
    "Initiativer" over two columns (merged or not)."""
    columns = layout.columns
    if THEME in columns:
        return
    header = grid.rows[layout.last]
    title = columns[TITLE]
    cell = header[title] if title < len(header) else GridCell()
    taken = set(columns.values())
    if cell.origin and cell.span_width > 1 and layout.first == layout.last:
        columns[THEME], columns[TITLE] = title, title + cell.span_width - 1
        return
    if _free(header, layout, title - 1, taken) and _holds_text(grid, layout, title - 1):
        columns[THEME] = title - 1
    elif _free(header, layout, title + 1, taken) and _holds_text(grid, layout, title + 1):
        columns[THEME], columns[TITLE] = title, title + 1


def _free(header: list[GridCell], layout: Layout, column: int, taken: set[int]) -> bool:
    """A column with an empty, unmerged header cell that no role has taken."""
    if column < 0 or column >= len(layout.texts) or column in taken or layout.texts[column]:
        return False
    return column >= len(header) or not header[column].spanned


def _holds_text(grid: Grid, layout: Layout, column: int) -> bool:
    """True when a column's cells below the header hold words (not only numbers) somewhere."""
    values = [
        row[column].line
        for row in grid.rows[layout.last + 1 :]
        if column < len(row) and row[column].line
    ]
    words = [value for value in values if re.search(r"[^\W\d_]{2,}", value)]
    return bool(words) and len(words) * 2 >= len(values)
