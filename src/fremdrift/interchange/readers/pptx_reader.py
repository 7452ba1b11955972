"""Read a PowerPoint status deck into the plan interchange format.

Slides are read in order. The title slide names the plan (and may carry the deck's date), a
"Formål" slide gives the plan's purpose, and every slide with a recognised table contributes
the initiatives of the area its title names; pagination marks ("Slide 1 af 3", "(fortsat)")
are removed so continuation slides continue the same area. Slides without a table are listed
in ``skipped``. A table Fremdrift wrote carries its rows' references in its shape's name
(``deck_refs``); they are read as a workbook's reference column.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from ..deck_refs import parse_table_name, row_references
from .assemble import PlanBuilder, RawInitiative
from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .columns import REF, Layout, find_layout
from .grid import Grid, GridCell
from .pptx_cells import CellText, cell_text
from .pptx_tables import HEADER_SEARCH_ROWS, header_summary, table_grid
from .richtext import Piece, from_pieces
from .rows import BlockReader, TableState, is_legend, split_blocks
from .safety import PPTX, check_zip, read_bytes, require_type
from .tabular import RowCounter
from .text import (
    find_date,
    is_pagination_only,
    normalise_name,
    one_line,
    pagination_base,
    strip_bullet,
    strip_pagination,
)
from .titles import choose_section, key, names_a_section, usable

logger = logging.getLogger(__name__)

_NOISE = re.compile(
    r"opdateringer\s*m\s*/?\s*(?:roed|rod|red)\s*skrift|updates\s+in\s+red|www\.|^[\d\s▪•|·-]+$"
)


def _is_noise(text: str) -> bool:
    """A legend, a footer or a page number: text on a slide that is not its title."""
    return bool(_NOISE.search(normalise_name(text))) or is_legend(text)


_FOOTER_TYPES = {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE}
# Titles of slides that introduce a deck but do not name the plan.
_NOT_PLAN_TITLES = (
    "baggrund",
    "formaal",
    "indhold",
    "dagsorden",
    "agenda",
    "indledning",
    "background",
    "purpose",
    "contents",
)
_PURPOSE_TITLES = ("formaal", "purpose")
MAX_TITLE_LENGTH = 200


@dataclass
class SlideView:
    """What the reader needs from one slide."""

    number: int
    title: str
    continued: bool
    texts: list[CellText] = field(default_factory=list)
    grids: list[list[list[GridCell]]] = field(default_factory=list)
    # The name of each table's shape, beside ``grids``: a deck Fremdrift wrote names each
    # table with its rows' references (``deck_refs``).
    names: list[str] = field(default_factory=list)
    damaged: bool = False


def read_pptx(
    source: str | os.PathLike | bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    plan_slug: str | None = None,
) -> ReadResult:
    """Read a .pptx deck (path or bytes) into a :class:`ReadResult`; raise ReadError if unusable."""
    limits = limits or Limits()
    location = Location(filename)
    data = read_bytes(source, location, limits)
    require_type(data, PPTX, location)
    check_zip(data, location, limits)
    views = _slide_views(data, location)
    return _read_views(views, filename, limits, plan_slug)


def _slide_views(data: bytes, location: Location) -> list[SlideView]:
    try:
        slides = list(Presentation(io.BytesIO(data)).slides)
    except Exception as exc:  # noqa: BLE001 - any library failure means an unreadable file
        logger.debug("python-pptx failed", exc_info=True)
        raise ReadError.make("unreadable_pptx", location, reason=_reason(exc)) from exc
    views = []
    for number, slide in enumerate(slides, start=1):
        try:
            views.append(_slide_view(slide, number))
        except Exception:  # noqa: BLE001 - a malformed slide is bad input
            logger.debug("slide %d failed", number, exc_info=True)
            views.append(SlideView(number=number, title="", continued=False, damaged=True))
    return views


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _walk(shapes):  # python-pptx shape collection
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _walk(shape.shapes)
        else:
            yield shape


def _position(shape) -> tuple[int, int]:
    return (shape.top or 0, shape.left or 0)


def _is_same(shape, other) -> bool:
    """python-pptx hands out a new proxy per access; compare the shapes' ids."""
    return other is not None and shape.shape_id == other.shape_id


def _is_footer(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in _FOOTER_TYPES


def _slide_view(slide, number: int) -> SlideView:
    title_shape = slide.shapes.title
    title = one_line(title_shape.text_frame.text) if title_shape is not None else ""
    view = SlideView(number=number, title="", continued=False)
    for shape in sorted(_walk(slide.shapes), key=_position):
        if shape.has_table:
            view.grids.append(table_grid(shape.table))
            view.names.append(shape.name or "")
        elif shape.has_text_frame and not _is_same(shape, title_shape) and not _is_footer(shape):
            content = cell_text(shape.text_frame)
            if is_pagination_only(content.text):
                view.continued = True
            elif content.text and not _is_noise(content.text):
                view.texts.append(content)
    if not title and view.texts and len(one_line(view.texts[0].text)) <= MAX_TITLE_LENGTH:
        title = one_line(view.texts.pop(0).text)
    view.title, found = strip_pagination(title)
    view.continued = view.continued or found
    return view


# --- the deck ---------------------------------------------------------------------------------


@dataclass
class _Deck:
    filename: str
    limits: Limits
    raws: list[RawInitiative] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    skipped: list[Diagnostic] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    tables_read: int = 0
    state: TableState | None = None
    slide_area: str = ""
    counter: RowCounter | None = None
    plan_title: str = ""
    several_titles: bool = False
    # Sections the deck names by slide titles (keys of ``titles.key``).
    known_sections: frozenset[str] = frozenset()


def _read_views(
    views: list[SlideView], filename: str, limits: Limits, plan_slug: str | None
) -> ReadResult:
    deck = _Deck(filename, limits, counter=RowCounter(limits, Location(filename)))
    plan_title, deck_date, first = _title_slide(views, filename)
    _weak_pagination(views[first:])
    deck.plan_title = plan_title if first else ""
    titles = {key(view.title) for view in views[first:] if view.grids and view.title}
    deck.several_titles = len(titles) > 1
    deck.known_sections = frozenset(
        key(view.title)
        for view in views[first:]
        if view.grids and _names_a_section(view.title, deck)
    )
    for view in views[first:]:
        if view.damaged:
            where = Location(filename, slide=view.number)
            deck.errors.append(Diagnostic.make("error", "damaged_slide", where))
        elif view.grids:
            _read_table_slide(view, deck)
        elif not deck.purpose and _title_is(view.title, _PURPOSE_TITLES):
            deck.purpose = _purpose(view)
        else:
            _skip(view, deck)
    if not deck.tables_read:
        if deck.errors:
            first_error = deck.errors[0]
            raise ReadError(first_error.message, first_error.location, code=first_error.code)
        raise ReadError.make("no_table", Location(filename))
    builder = PlanBuilder(
        filename=filename,
        plan_title=plan_title,
        plan_slug=plan_slug,
        purpose=deck.purpose,
        status_date=deck_date,
        plan_title_at=Location(filename, slide=views[0].number) if first else None,
    )
    for raw in deck.raws:
        builder.add(raw)
    document, near_matches = builder.build()
    carried = {"title"} if first else set()
    if deck.purpose:
        carried.add("purpose")
    return ReadResult(
        document=document,
        diagnostics=deck.errors + deck.diagnostics + builder.diagnostics,
        skipped=deck.skipped,
        near_matches=near_matches,
        plan_fields=frozenset(carried),
        sources=builder.sources,
    )


def _weak_pagination(views: list[SlideView]) -> None:
    """A number at the end of a slide's title ("Akut 2/3", "Akut (2)") is pagination when the
    table slide before or after it has the same title without its number."""
    tables = [view for view in views if view.grids and not view.damaged]
    for index, view in enumerate(tables):
        base = pagination_base(view.title)
        if base is None:
            continue
        neighbours = tables[max(index - 1, 0) : index] + tables[index + 1 : index + 2]
        key = normalise_name(base)
        if any(normalise_name(pagination_base(n.title) or n.title) == key for n in neighbours):
            view.title, view.continued = base, True


def _skip(view: SlideView, deck: _Deck) -> None:
    title = view.title
    if not title and view.texts:
        title = one_line(view.texts[0].text)[:80]
    location = Location(deck.filename, slide=view.number)
    deck.skipped.append(Diagnostic.make("info", "slide_without_table", location, title=title))


def _title_is(title: str, prefixes: tuple[str, ...]) -> bool:
    return normalise_name(title).startswith(prefixes)


def title_from_filename(filename: str) -> str:
    """A plan title made from a file name: "vinterplan_2021.pptx" → "vinterplan 2021"."""
    stem = Path(filename).stem
    return " ".join(re.sub(r"[_]+", " ", stem).split()) or stem


def _title_slide(views: list[SlideView], filename: str):
    """(plan title, deck date, index of the first slide left to read)."""
    if views and not views[0].grids and views[0].title:
        first = views[0]
        if not _title_is(first.title, _NOT_PLAN_TITLES):
            texts = [first.title] + [content.text for content in first.texts]
            return first.title, find_date("\n".join(texts)), 1
    return title_from_filename(filename), None, 0


def _purpose(view: SlideView) -> list[str]:
    items = []
    for content in view.texts:
        for para in content.paras:
            line = strip_bullet(one_line(para.text))
            if line:
                items.append(line)
    return items


def _read_table_slide(view: SlideView, deck: _Deck) -> None:
    """Read the slide's tables; a table that cannot be read is an error naming the slide."""
    location = Location(deck.filename, slide=view.number)
    raws_before, errors_before = len(deck.raws), len(deck.errors)
    names = view.names + [""] * (len(view.grids) - len(view.names))
    for table, name in zip(view.grids, names, strict=True):
        grid = Grid(
            rows=table,
            numbers=list(range(1, len(table) + 1)),
            location=location,
            name=view.title,
        )
        layout = find_layout(grid, HEADER_SEARCH_ROWS)
        if layout is None or not layout.has_title:
            deck.diagnostics.append(
                Diagnostic.make(
                    "warning", "unknown_table_header", location, header=header_summary(table)
                )
            )
            continue
        _add_references(table, layout, name)
        blocks = split_blocks(grid, layout)
        titles = usable(blocks[0].titles)
        caption = choose_section(titles.lines)
        area = caption.text if caption is not None else _area_for(view, deck, location)
        area = _continued_area(area, deck)
        state = _state_for(deck, area)
        if state.area_at is None:
            state.area_at = grid.row_location(caption.row) if caption is not None else location
        state.status_date = titles.date
        state.section_named = caption is not None or _names_a_section(view.title, deck)
        state.known_sections = deck.known_sections
        reader = BlockReader(grid, layout, state)
        try:
            for block in blocks:
                if block is not blocks[0]:
                    block_titles = usable(block.titles)
                    block.area = block_titles.lines[-1].text if block_titles.lines else None
                    state.status_date = block_titles.date or titles.date
                reader.read(block, deck.counter)
        except ReadError as exc:
            if exc.code == "too_many_rows":
                raise
            deck.errors.append(
                Diagnostic.make(
                    "error",
                    "unreadable_table",
                    exc.location,
                    header=layout.last + 1,
                    found=exc.params.get("found", ""),
                )
            )
            break
        deck.tables_read += 1
    if len(deck.errors) > errors_before:
        del deck.raws[raws_before:]
        deck.state = None


def _add_references(table: list[list[GridCell]], layout: Layout, name: str) -> None:
    """Give the table a reference column from its shape's name (a deck Fremdrift wrote), so
    that its rows are read like a workbook's with its hidden reference column: a row with a
    reference is that initiative whatever its title became, the others go by their title."""
    refs = parse_table_name(name)
    if refs is None or REF in layout.columns:
        return
    column = refs.title_column
    titles = [row[column].text if column < len(row) else "" for row in table]
    rests = [" ".join(cell.text for cell in row[column + 1 :]) for row in table]
    found = row_references(refs, titles, rests)
    if not any(found):
        return
    width = max(len(row) for row in table)
    for row, ref in zip(table, found, strict=True):
        row.extend(GridCell() for _ in range(width - len(row)))
        row.append(GridCell(content=from_pieces([Piece(ref)])) if ref else GridCell())
    layout.columns[REF] = width


def _names_a_section(title: str, deck: _Deck) -> bool:
    """Whether a slide's title names its section: slides under several titles name their
    sections; one title over every table slide, plan-like or the plan's, does not."""
    return names_a_section(title, deck.plan_title, one_of_several=deck.several_titles)


def _continued_area(area: str, deck: _Deck) -> str:
    """A caption "Akut (2)" or "Akut 2/3" continues the previous slide's "Akut"."""
    base = pagination_base(area)
    if base is None or deck.state is None:
        return area
    return base if normalise_name(base) == normalise_name(deck.slide_area) else area


def _state_for(deck: _Deck, area: str) -> TableState:
    """The rows of a slide continue the previous slide's area when the area is the same."""
    if deck.state is None or normalise_name(deck.slide_area) != normalise_name(area):
        deck.state = TableState(
            filename=deck.filename,
            area=area,
            raws=deck.raws,
            diagnostics=deck.diagnostics,
            continue_untitled=True,
        )
        deck.slide_area = area
    return deck.state


def _area_for(view: SlideView, deck: _Deck, location: Location) -> str:
    if view.title:
        return view.title
    if deck.state is not None:
        return deck.slide_area
    area = f"Slide {view.number}"
    deck.diagnostics.append(Diagnostic.make("warning", "slide_without_title", location, area=area))
    return area
