"""Drifted repeats: the same initiative copied into another section and edited a little.

Decks copy an initiative's text between sections and then shorten it ("Prøvehandling, hvor
lægevagten booker tid … (skader)" for the full paragraph), abbreviate it ("PLO-M" for
"PLO-Midtjylland", "mhp." for "med henblik på") or reword its tail. Such pairs are compared
word by word:

* both titles are reduced to words (case, accents, punctuation and hyphens ignored) and common
  abbreviations are written out;
* two words match when they are equal, when one is the other cut short ("plom" and
  "plomidtjylland", at least three letters) or when they share a stem of at least five letters
  making up most of the shorter word ("prøvehandling" and "prøvehandlingen");
* the **drift score** is the number of words of the shorter title found in order in the longer
  one (a longest common subsequence of matching words), in per cent of the shorter title's
  words; the shorter title must have at least ``MIN_WORDS`` words;
* when both statuses say the same (at least ``STATUS_MIN_WORDS`` words, token sort ratio of at
  least 90) the score gets ``STATUS_BONUS`` points, up to 100;
* titles whose numbers differ ("runde 1", "runde 2") are never the same: every number of the
  shorter title must be in the longer one;
* the pair stays below the merge threshold (it is offered, not merged) when the shorter
  title's first word has no place in the best alignment — a title names its action first, and
  "Evaluering af X" and "Udvikling af X" are two initiatives — or when the matched words are
  scattered over the longer title (less than ``MIN_DENSITY`` of the stretch they span): a
  shortened title keeps a stretch of the full one.

A score of at least ``DRIFT_MERGE_THRESHOLD`` (90) makes the pair the same initiative on the
command line, and a pair that is ticked in advance in the web preview; from
``NEAR_MATCH_THRESHOLD`` (75) the pair is offered in the preview unticked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .text import normalise_text

DRIFT_MERGE_THRESHOLD = 90.0
NEAR_MATCH_THRESHOLD = 75.0
MIN_WORDS = 4
STATUS_MIN_WORDS = 5
STATUS_BONUS = 10.0
# A shortened title keeps a stretch of the full one: the matched words must make up at least
# this share of the stretch of the longer title they span (else it is a different text that
# happens to reuse its words).
MIN_DENSITY = 0.75
_PREFIX_MIN = 3
_STEM_MIN = 5
_STEM_SHARE = 0.75

# Common Danish abbreviations in initiative texts, on normalised words (see normalise_text).
ABBREVIATIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("mhp",): ("med", "henblik", "paa"),
    ("m", "h", "p"): ("med", "henblik", "paa"),
    ("ift",): ("i", "forhold", "til"),
    ("i", "f", "t"): ("i", "forhold", "til"),
    ("ifm",): ("i", "forbindelse", "med"),
    ("mht",): ("med", "hensyn", "til"),
    ("iht",): ("i", "henhold", "til"),
    ("pga",): ("paa", "grund", "af"),
    ("bl", "a"): ("blandt", "andet"),
    ("bla",): ("blandt", "andet"),
    ("m", "fl"): ("med", "flere"),
    ("mfl",): ("med", "flere"),
    ("m", "v"): ("med", "videre"),
    ("mv",): ("med", "videre"),
    ("f", "eks"): ("for", "eksempel"),
    ("fx",): ("for", "eksempel"),
    ("dvs",): ("det", "vil", "sige"),
    ("osv",): ("og", "saa", "videre"),
    ("vedr",): ("vedroerende",),
    ("ml",): ("mellem",),
    ("kvt",): ("kvartal",),
    ("evt",): ("eventuelt",),
    ("inkl",): ("inklusive",),
    ("ekskl",): ("eksklusive",),
    ("hhv",): ("henholdsvis",),
    ("ca",): ("cirka",),
    ("jf",): ("jaevnfoer",),
    ("nr",): ("nummer",),
    ("rm",): ("region", "midtjylland"),
    ("auh",): ("aarhus", "universitetshospital"),
    ("hem",): ("hospitalsenhed", "midt"),
    ("hev",): ("hospitalsenheden", "vest"),
    ("rh",): ("regionshospitalet",),
}
_LONGEST = max(len(key) for key in ABBREVIATIONS)
_NUMBER = re.compile(r"\d+")


def words(text: str) -> list[str]:
    """The normalised words of a text with abbreviations written out."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    tokens = normalise_text(text).split()
    expanded: list[str] = []
    index = 0
    while index < len(tokens):
        for size in range(_LONGEST, 0, -1):
            key = tuple(tokens[index : index + size])
            if len(key) == size and key in ABBREVIATIONS:
                expanded.extend(ABBREVIATIONS[key])
                index += size
                break
        else:
            expanded.append(tokens[index])
            index += 1
    return tuple(expanded)


def same_word(a: str, b: str) -> bool:
    """Equal, one cut short of the other, or sharing most of a stem of five letters or more."""
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short.isdigit() or long.isdigit():
        return False
    if len(short) >= _PREFIX_MIN and long.startswith(short):
        return True
    shared = 0
    for x, y in zip(short, long, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= _STEM_MIN and shared >= _STEM_SHARE * len(short)


def common_words(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence of matching words."""
    return len(alignment(a, b))


def alignment(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """A longest common subsequence of matching words, as (index in a, index in b) pairs."""
    if not a or not b:
        return []
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, start=1):
        for j, y in enumerate(b, start=1):
            if same_word(x, y):
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    pairs = []
    i, j = len(a), len(b)
    while i and j:
        if same_word(a[i - 1], b[j - 1]) and table[i][j] == table[i - 1][j - 1] + 1:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


@dataclass(frozen=True)
class Drift:
    """How alike two initiatives are: the score and whether statuses backed it up."""

    score: float
    status_agrees: bool


def drift(title_a: str, title_b: str, status_a: str = "", status_b: str = "") -> Drift | None:
    """The drift score of two titles (and their statuses), or None when they cannot be one."""
    a, b = _words(title_a), _words(title_b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_WORDS:
        return None
    if 100.0 * _possible(short, long) / len(short) + STATUS_BONUS < NEAR_MATCH_THRESHOLD:
        return None  # too few words in common to be near, whatever the alignment
    if not set(_NUMBER.findall(" ".join(short))) <= set(_NUMBER.findall(" ".join(long))):
        return None
    pairs = _compact_alignment(short, long)
    score = 100.0 * len(pairs) / len(short)
    agrees = _statuses_agree(status_a, status_b)
    if agrees:
        score = min(100.0, score + STATUS_BONUS)
    if (
        not _opens_alike(short, long, pairs)
        or _density(pairs) < MIN_DENSITY
        or _replaces_a_word(short, pairs)
    ):
        score = min(score, DRIFT_MERGE_THRESHOLD - 0.1)
    return Drift(round(score, 1), agrees)


def _compact_alignment(short: Sequence[str], long: Sequence[str]) -> list[tuple[int, int]]:
    """Of the longest alignments found from either end, the one spanning the fewest words: a
    cut-off last word ("… sygeplejersker med") belongs next to the words before it, not to a
    later word it happens to begin ("MED-udvalget")."""
    backward = alignment(short, long)
    if _density(backward) == 1.0:
        return backward  # one unbroken stretch: nothing more compact
    n, m = len(short), len(long)
    forward = [(n - 1 - i, m - 1 - j) for i, j in alignment(short[::-1], long[::-1])][::-1]
    return min((backward, forward), key=lambda pairs: (-len(pairs), -_density(pairs)))


def _replaces_a_word(short: Sequence[str], pairs: list[tuple[int, int]]) -> bool:
    """True when, between two matched words, both titles have words of their own and the
    shorter title's include a word of ``_STEM_MIN`` letters or more: "Udvikling af
    visitationsretningslinjer i forhold til …" and "Udvikling af rekrutteringskampagne … i
    forhold til …" name different things. Shortening drops words; it does not replace them."""
    for (i1, j1), (i2, j2) in zip(pairs, pairs[1:], strict=False):
        replaced = i2 - i1 > 1 and j2 - j1 > 1
        if replaced and any(len(word) >= _STEM_MIN for word in short[i1 + 1 : i2]):
            return True
    return False


def _possible(short: tuple[str, ...], long: tuple[str, ...]) -> int:
    """An upper bound of the matching words: words of ``short`` whose start is in ``long``."""
    starts = {word[:_PREFIX_MIN] for word in long}
    return sum(1 for word in short if word[:_PREFIX_MIN] in starts)


def _density(pairs: list[tuple[int, int]]) -> float:
    """Matched words per word of the stretch of the longer title they span."""
    if not pairs:
        return 0.0
    span = pairs[-1][1] - pairs[0][1] + 1
    return len(pairs) / span


def _opens_alike(short: Sequence[str], long: Sequence[str], pairs: list[tuple[int, int]]) -> bool:
    return (
        not short
        or bool(pairs and pairs[0][0] == 0)
        or (common_words(short[1:], long) < len(pairs))
    )


def opens_alike(title_a: str, title_b: str) -> bool:
    """True when the shorter title's first word takes part in the best word alignment.

    A title names its action first ("Evaluering af …", "Udvikling af …"): titles that open
    differently are different initiatives however much else they share.
    """
    a, b = _words(title_a), _words(title_b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return _opens_alike(short, long, alignment(short, long))


def _statuses_agree(a: str, b: str) -> bool:
    a, b = normalise_text(a), normalise_text(b)
    if len(a.split()) < STATUS_MIN_WORDS or len(b.split()) < STATUS_MIN_WORDS:
        return False
    return fuzz.token_sort_ratio(a, b) >= 90
