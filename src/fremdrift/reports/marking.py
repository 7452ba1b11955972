"""Sentence-level change marking: which parts of a new text differ from the old one.

Texts are split into sentences and lines, the old and new sentences are aligned with
:class:`difflib.SequenceMatcher`, and the sentences of the new text that were inserted or
replaced are marked as changed. The separators between sentences are kept, so joining the
segments of a :class:`MarkedText` gives back the new text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

# Lower-case abbreviations (without their last full stop) after which a full stop never
# ends a sentence, even when an upper-case word or a number follows ("jf. Regionsrådets",
# "bl.a. COVID-19", "kl. 19", "medio jan. 2022").
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "bl.a",
        "f.eks",
        "fx",
        "m.fl",
        "m.m",
        "mm",
        "mv",
        "m.v",
        "jf",
        "jvf",
        "evt",
        "inkl",
        "ekskl",
        "ca",
        "kl",
        "nr",
        "pkt",
        "stk",
        "vedr",
        "iflg",
        "ift",
        "ifm",
        "mht",
        "mhp",
        "pga",
        "p.g.a",
        "dvs",
        "osv",
        "etc",
        "hhv",
        "dir",
        "afd",
        "kvt",
        "uge",
        "tlf",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
    }
)

# A possible sentence end: terminal punctuation, optional closing quotes or brackets,
# then horizontal whitespace.
_END = re.compile(r"[.!?…]+[\"'»”’)\]]*([ \t\f\v\u00a0]+)")
# A line break with the horizontal whitespace around it.
_LINE_BREAK = re.compile(r"[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
# The word just before a full stop, to recognise abbreviations ("bl.a", "f.eks", "27").
_LAST_WORD = re.compile(r"(\S+?)[.!?…]+[\"'»”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a text and whether it changed since the baseline."""

    text: str
    changed: bool = False


@dataclass(frozen=True, slots=True)
class MarkedText:
    """A text as a sequence of segments; ``"".join(s.text for s in segments)`` is the text."""

    segments: tuple[Segment, ...] = ()

    @classmethod
    def plain(cls, text: str) -> MarkedText:
        """A text with nothing marked as changed."""
        return cls((Segment(text, False),) if text else ())

    @classmethod
    def all_changed(cls, text: str) -> MarkedText:
        """A text whose sentences are all marked as changed (separators stay unmarked)."""
        return mark_changes(None, text)

    @property
    def text(self) -> str:
        """The full text."""
        return "".join(s.text for s in self.segments)

    @property
    def has_changes(self) -> bool:
        """True when any segment is marked as changed."""
        return any(s.changed for s in self.segments)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a full stop at the end of ``before`` ends a sentence when ``after`` follows."""
    if not after:
        return True
    first = after[0]
    if first.islower():
        # "27. oktober 2021", "1. kvartal", "Igangsat. herefter" – not a boundary.
        return False
    match = _LAST_WORD.search(before)
    if match is None:
        return True
    word = match.group(1).lower().lstrip("(\"'«“„")
    if word in ABBREVIATIONS:
        return False
    # A single letter ("A. Jensen") is an initial, not the end of a sentence.
    return not (len(word) == 1 and word.isalpha())


def _split_line(line: str) -> list[tuple[str, bool]]:
    """Split one line (no line breaks) into sentence and separator pieces."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _END.finditer(line):
        sep_start, sep_end = match.span(1)
        if _ends_sentence(line[start:sep_start], line[sep_end:]):
            pieces.append((line[start:sep_start], True))
            pieces.append((line[sep_start:sep_end], False))
            start = sep_end
    if start < len(line):
        pieces.append((line[start:], True))
    return pieces


def split_sentences(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into pieces ``(piece, is_sentence)``.

    Sentences never contain a line break; every other character (line breaks and the
    whitespace around sentences) is kept in separator pieces, so the pieces join back to
    ``text`` exactly.
    """
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        pieces.extend(_split_stripped(text[position : match.start()]))
        pieces.append((match.group(0), False))
        position = match.end()
    pieces.extend(_split_stripped(text[position:]))
    return [p for p in pieces if p[0]]


def _split_stripped(line: str) -> list[tuple[str, bool]]:
    """Split a line, keeping leading and trailing whitespace as separators."""
    stripped = line.strip()
    if not stripped:
        return [(line, False)]
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    return [(lead, False), *_split_line(stripped), (trail, False)]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (whitespace inside each normalised to single spaces)."""
    return [" ".join(p.split()) for p, is_sentence in split_sentences(text) if is_sentence]


def _key(sentence: str) -> str:
    """The comparison key of a sentence.

    Whitespace differences are not changes, and neither is a full stop added to or dropped
    from the end ("… på driftsmøder" → "… på driftsmøder. Status på AL i juni").
    """
    return " ".join(sentence.split()).rstrip(".")


def mark_changes(old: str | None, new: str) -> MarkedText:
    """Mark the sentences of ``new`` that were inserted or replaced since ``old``.

    ``old=None`` means there was nothing before (a new initiative): every sentence is
    marked. Equal texts, and texts that differ only in whitespace, have nothing marked.
    """
    pieces = split_sentences(new or "")
    flags = [False] * len(pieces)
    indices = [i for i, (_, is_sentence) in enumerate(pieces) if is_sentence]
    if old is None:
        for i in indices:
            flags[i] = True
    else:
        new_keys = [_key(pieces[i][0]) for i in indices]
        old_keys = [_key(p) for p, is_sentence in split_sentences(old) if is_sentence]
        matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                for j in range(j1, j2):
                    flags[indices[j]] = True
    return MarkedText(_coalesce(pieces, flags))


def _coalesce(pieces: list[tuple[str, bool]], flags: list[bool]) -> tuple[Segment, ...]:
    """Merge neighbouring pieces into segments; separators between marks stay unmarked."""
    segments: list[Segment] = []
    for (piece, _), changed in zip(pieces, flags, strict=True):
        if segments and segments[-1].changed == changed:
            segments[-1] = Segment(segments[-1].text + piece, changed)
        else:
            segments.append(Segment(piece, changed))
    return tuple(segments)
