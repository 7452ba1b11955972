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
  shorter title must be in the longer one.

A score of at least ``DRIFT_MERGE_THRESHOLD`` (90) makes the pair the same initiative on the
command line, and a pair that is ticked in advance in the web preview; from
``NEAR_MATCH_THRESHOLD`` (75) the pair is offered in the preview unticked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .text import normalise_text

DRIFT_MERGE_THRESHOLD = 90.0
NEAR_MATCH_THRESHOLD = 75.0
MIN_WORDS = 4
STATUS_MIN_WORDS = 5
STATUS_BONUS = 10.0
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
    return expanded


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


def common_words(a: list[str], b: list[str]) -> int:
    """The length of the longest common subsequence of matching words."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, start=1):
            if same_word(x, y):
                current.append(previous[j - 1] + 1)
            else:
                current.append(max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Drift:
    """How alike two initiatives are: the score and whether statuses backed it up."""

    score: float
    status_agrees: bool


def drift(title_a: str, title_b: str, status_a: str = "", status_b: str = "") -> Drift | None:
    """The drift score of two titles (and their statuses), or None when they cannot be one."""
    a, b = words(title_a), words(title_b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_WORDS:
        return None
    if not set(_NUMBER.findall(" ".join(short))) <= set(_NUMBER.findall(" ".join(long))):
        return None
    score = 100.0 * common_words(short, long) / len(short)
    agrees = _statuses_agree(status_a, status_b)
    if agrees:
        score = min(100.0, score + STATUS_BONUS)
    return Drift(round(score, 1), agrees)


def _statuses_agree(a: str, b: str) -> bool:
    a, b = normalise_text(a), normalise_text(b)
    if len(a.split()) < STATUS_MIN_WORDS or len(b.split()) < STATUS_MIN_WORDS:
        return False
    return fuzz.token_sort_ratio(a, b) >= 90
