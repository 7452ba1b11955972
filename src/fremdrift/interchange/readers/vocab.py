"""The plan vocabulary as decks write it: phases ("Udvikling -> Implementering"), kinds, work forms.

Codes are the interchange format's; matching is on word stems so inflected forms count too
("Implementeret", "Udviklingsopgave", "afprøves").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import normalise_name, one_line

PHASES = (
    "afdækning",
    "udvikling",
    "afprøvning",
    "implementering",
    "udbredelse",
    "drift",
    "afsluttet",
    "stoppet",
)

# Stems on the accent-folded text (see ``normalise_name``), longest first where they overlap.
_PHASE_STEMS: tuple[tuple[str, str], ...] = (
    ("afdaek", "afdækning"),
    ("udvikl", "udvikling"),
    ("afproev", "afprøvning"),
    ("pilot", "afprøvning"),
    ("implement", "implementering"),
    ("udbred", "udbredelse"),
    ("udrul", "udbredelse"),
    ("drift", "drift"),
    ("afslut", "afsluttet"),
    ("stop", "stoppet"),
    # English labels, as our own renderer writes them when English is active.
    ("scoping", "afdækning"),
    ("develop", "udvikling"),
    ("trial", "afprøvning"),
    ("roll", "udbredelse"),
    ("operation", "drift"),
    ("complet", "afsluttet"),
)

# "->", "→", "–>", "- >", "—>", "=>" and "⇒" between two phases.
_ARROW = re.compile(r"\s*(?:[-–—=]\s*>|[→⇒➔➝➜])\s*")
# "Fase: Udvikling -> Implementering" (also "Fase – Udvikling", not "Fase-opdeling …").
_PHASE_LINE = re.compile(r"^\s*(?:fase|phase)\s*(?::|\s[–—-]\s)\s*(.*)$", re.IGNORECASE)
# Words that may stand beside a phase word in a phase cell without making it free text.
_FILLER = {"fase", "opgave", "opgaver", "i", "gang", "under", "fortsat", "og", "til", "mod"} | {
    "phase",
    "task",
    "in",
    "progress",
    "continued",
    "and",
    "to",
}


@dataclass(frozen=True)
class PhaseText:
    """A parsed phase expression: ``phase`` and optional ``target``; ``pure`` if nothing else."""

    phase: str | None
    target: str | None
    pure: bool


def phase_of_word(word: str) -> str | None:
    """The phase code a single word stands for ("Udviklingsopgave" → "udvikling")."""
    folded = normalise_name(word).strip(".,;:()")
    for stem, code in _PHASE_STEMS:
        if folded.startswith(stem):
            return code
    return None


def _phase_in(text: str) -> tuple[str | None, bool]:
    """The first phase word in ``text`` and whether all other words are fillers."""
    found: str | None = None
    pure = True
    for word in re.split(r"[\s/,]+", text.strip()):
        if not word:
            continue
        code = phase_of_word(word)
        if code and found is None:
            found = code
        elif not code and normalise_name(word).strip(".,;:()") not in _FILLER:
            pure = False
    return found, pure and found is not None


def parse_phase(text: str) -> PhaseText:
    """Parse "Udvikling -> Implementering", "Afprøvning → Udbredelse", "Implementering" …"""
    line = one_line(text)
    match = _PHASE_LINE.match(line)
    if match:
        line = match[1]
    parts = [part for part in _ARROW.split(line) if part.strip()]
    if not parts:
        return PhaseText(None, None, False)
    phase, pure = _phase_in(parts[0])
    target: str | None = None
    if len(parts) > 1:
        target, target_pure = _phase_in(" ".join(parts[1:]))
        pure = pure and target_pure
    if target == phase:
        target = None
    return PhaseText(phase, target, pure)


# The marker Fremdrift's own decks put on an initiative that has not reported in the current
# update round; it annotates the deck and is not part of the status.
_NOT_REPORTED_LINE = re.compile(r"^\s*\[(?:ikke indrapporteret|not reported)\]\s*$", re.IGNORECASE)


def split_phase_line(text: str) -> tuple[str, str | None]:
    """Separate a "Fase: …" line from a status text: (status without it, the phase text).

    The "[Ikke indrapporteret]" marker of Fremdrift's own decks is dropped as well.
    """
    kept: list[str] = []
    phase_text: str | None = None
    for line in text.split("\n"):
        if _NOT_REPORTED_LINE.match(line):
            continue
        match = _PHASE_LINE.match(line)
        if match and phase_text is None:
            phase_text = match[1].strip()
        else:
            kept.append(line)
    return "\n".join(kept).strip(), phase_text


# --- kinds -----------------------------------------------------------------------------------

KINDS = ("implementering", "udvikling")
_KIND_HEADING = re.compile(
    r"^(?:(implementering|implementeringsindsats(?:er)?|implementation(?: initiatives?)?)"
    r"|(udvikling|udviklingsindsats(?:er)?|development(?: initiatives?)?))$"
)


def kind_heading(text: str) -> str | None:
    """The kind an in-table sub-heading names ("Udviklingsindsatser" → "udvikling")."""
    match = _KIND_HEADING.match(normalise_name(one_line(text)).strip(" :."))
    if not match:
        return None
    return "implementering" if match[1] else "udvikling"


def parse_kind(text: str) -> str | None:
    """A kind code from a cell ("Udviklingsindsats", "implementering", "Udvikling")."""
    folded = normalise_name(one_line(text))
    if folded.startswith("implement"):
        return "implementering"
    if folded.startswith(("udvikl", "develop")):
        return "udvikling"
    return None


# --- work forms ------------------------------------------------------------------------------

_WORK_FORMS: tuple[tuple[str, str], ...] = (
    ("sprint", "sprint"),
    ("temaworkshop", "temaworkshop"),
    ("workshop", "temaworkshop"),
    ("transformation", "transformation"),
    ("proevehandling", "prøvehandling"),
    ("afdaek", "afdækning"),
    ("kampagne", "kampagne"),
    ("themeworkshop", "temaworkshop"),
    ("trial", "prøvehandling"),
    ("scoping", "afdækning"),
    ("campaign", "kampagne"),
)


def parse_work_form(text: str) -> str | None:
    """A work-form code from a cell ("Sprintforløb" → "sprint"), or None if unknown."""
    folded = normalise_name(one_line(text)).replace(" ", "")
    for stem, code in _WORK_FORMS:
        if folded.startswith(stem):
            return code
    return None


def work_form_from_title(title: str) -> str | None:
    """A work form the title names in its first words ("Prøvehandling, hvor …", "Sprint: …")."""
    first_line = one_line(title.split("\n", 1)[0])
    words = re.split(r"[\s,:;–—-]+", first_line)
    if words and words[0]:
        code = parse_work_form(words[0])
        if code and code != "afdækning":
            return code
    tail = re.search(r"[-–—]\s*(\S+)\s*$", first_line)
    if tail:
        code = parse_work_form(tail[1])
        if code and code != "afdækning":
            return code
    return None
