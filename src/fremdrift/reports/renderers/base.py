"""The renderer interface, the organisation's branding and the labels every renderer uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.translation import gettext, pgettext

from ..content import ReportContent

REPORT_TIME_ZONE = ZoneInfo("Europe/Copenhagen")
CHANGED_RGB = "FF0000"  # the decks' red for updates


@dataclass(frozen=True)
class Branding:
    """The organisation's look, from settings: never hard-coded in a renderer."""

    template_path: Path | None = None  # an uploaded .pptx whose layouts are used
    logo_path: Path | None = None
    primary_colour: str = "#3A4A5A"  # neutral slate; header rows and titles
    text_colour: str = "#1F1F1F"
    footer_text: str = ""
    organisation: str = ""
    font: str = "Arial"  # "Arial" (measured with Liberation Sans) or "Calibri" (Carlito)

    @classmethod
    def from_settings(cls) -> Branding:
        """The branding configured in Django settings (``FREMDRIFT_*``)."""
        from django.conf import settings

        def path(name: str) -> Path | None:
            value = getattr(settings, name, None)
            return Path(value) if value else None

        default = cls()
        return cls(
            template_path=path("FREMDRIFT_PPTX_TEMPLATE"),
            logo_path=path("FREMDRIFT_LOGO"),
            primary_colour=getattr(settings, "FREMDRIFT_PRIMARY_COLOUR", default.primary_colour),
            text_colour=getattr(settings, "FREMDRIFT_TEXT_COLOUR", default.text_colour),
            footer_text=getattr(settings, "FREMDRIFT_FOOTER_TEXT", default.footer_text),
            organisation=getattr(settings, "FREMDRIFT_ORGANISATION", default.organisation),
            font=getattr(settings, "FREMDRIFT_REPORT_FONT", default.font),
        )


class Renderer(Protocol):
    """Lays out report content in one format."""

    media_type: str
    suffix: str

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """Return the rendered document."""
        ...


def hex_colour(value: str) -> str:
    """``"#00505F"`` or ``"00505f"`` → ``"00505F"``; raises ValueError for anything else."""
    cleaned = value.strip().lstrip("#").upper()
    if len(cleaned) != 6 or any(c not in "0123456789ABCDEF" for c in cleaned):
        raise ValueError(f"Not a hex colour: {value!r}")
    return cleaned


def report_date(moment: datetime | date) -> date:
    """The calendar date of a report time, in Danish local time."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(REPORT_TIME_ZONE)
        return moment.date()
    return moment


def long_date(moment: datetime | date) -> str:
    """A date in long form, "10. december 2021" when Danish is active."""
    return dateformat.format(report_date(moment), "j. F Y")


def slug_filename(content: ReportContent, suffix: str) -> str:
    """A download file name: ``<plan-slug>-<yyyy-mm-dd><suffix>``."""
    return f"{content.plan_slug}-{report_date(content.as_of).isoformat()}{suffix}"


class Labels:
    """The fixed words of the reports, translated when read (English msgids).

    The words that the regions' decks use literally ("Opdateringer m/ rød skrift",
    "Initiativer", "Opfølgning: Lokal/Fælles", "Opgave") carry the context "status deck",
    so they can be translated as in the decks even where the same English word is
    translated differently elsewhere in the application. The context is written out in each
    call: makemessages collects only literal contexts.
    """

    @staticmethod
    def legend(marker: str = "none") -> str:
        """The key to the change marking: "Opdateringer m/ rød skrift" (and the second mark)."""
        if marker == "underline":
            return pgettext("status deck", "Updates in red, underlined")
        if marker == "bold":
            return pgettext("status deck", "Updates in red, bold")
        if marker == "italic":
            return pgettext("status deck", "Updates in red, italic")
        return pgettext("status deck", "Updates in red")

    @staticmethod
    def initiatives() -> str:
        return pgettext("status deck", "Initiatives")

    @staticmethod
    def latest() -> str:
        return gettext("Latest")

    @staticmethod
    def target() -> str:
        return gettext("Target")

    @staticmethod
    def no_values() -> str:
        return gettext("No values yet.")

    @staticmethod
    def illustrative() -> str:
        """The tag on what the demo made up (not in the seed material)."""
        return gettext("Illustrative (demo data, not from the seed material).")

    @staticmethod
    def chart_facts(chart: Any) -> str:
        """The bold line of an indicator chart: "Seneste: 22,6 % (januar 2022) · Mål: 20,0 %"."""
        facts = [f"{Labels.latest()}: {chart.latest_text}"]
        if chart.latest_label:
            facts[0] += f" ({chart.latest_label})"
        if chart.target_text:
            facts.append(f"{Labels.target()}: {chart.target_text}")
        return " · ".join(facts)

    @staticmethod
    def chart_notes(chart: Any) -> str:
        """The small print under an indicator chart: made up by the demo, the hidden
        periods, the source."""
        notes = [Labels.illustrative()] if chart.illustrative else []
        hidden = [p.label for p in chart.points if p.hidden]
        if hidden:
            notes.append(Labels.hidden_periods() % {"periods": ", ".join(hidden)})
        if chart.source:
            notes.append(chart.source)
        return " ".join(notes)

    @staticmethod
    def hidden_periods() -> str:
        """ "Skjult (*): januar 2022, …" with ``%(periods)s``."""
        return gettext("Hidden (*): %(periods)s.")

    @staticmethod
    def initiative() -> str:
        return gettext("Initiative")

    @staticmethod
    def status() -> str:
        return gettext("Status")

    @staticmethod
    def follow_up() -> str:
        return pgettext("status deck", "Follow-up: Local/Common")

    @staticmethod
    def task(year: int | None = None) -> str:
        """ "Opgave i 2021" (or "Opgave" when the plan has no period)."""
        if year is None:
            return pgettext("status deck", "Task")
        return pgettext("status deck", "Task in %(year)s") % {"year": year}

    @staticmethod
    def kind_heading(kind: str) -> str:
        """The first column of a year plan: "Implementering" (or "Udvikling")."""
        if kind == "udvikling":
            return pgettext("status deck", "Development")
        return pgettext("status deck", "Implementation")

    @staticmethod
    def theme() -> str:
        return gettext("Theme")

    @staticmethod
    def phase_prefix() -> str:
        return gettext("Phase:")

    @staticmethod
    def not_reported() -> str:
        return gettext("Not reported")

    @staticmethod
    def new() -> str:
        return gettext("New")

    @staticmethod
    def reference() -> str:
        return gettext("Reference")

    @staticmethod
    def purpose() -> str:
        return gettext("Purpose")

    @staticmethod
    def background() -> str:
        return gettext("Background")

    @staticmethod
    def continued_row() -> str:
        """Put above the rest of a row that did not fit on the previous slide or page."""
        return gettext("(continued)")

    @staticmethod
    def removed() -> str:
        return gettext("Discontinued initiatives")

    @staticmethod
    def area() -> str:
        return gettext("Area")

    @staticmethod
    def removed_from_plan() -> str:
        return gettext("Removed from the plan")

    @staticmethod
    def removed_from_area() -> str:
        return gettext("Removed from the area")

    @staticmethod
    def changes() -> str:
        return gettext("Changes")

    @staticmethod
    def field() -> str:
        return gettext("Field")

    @staticmethod
    def before() -> str:
        return gettext("Before")

    @staticmethod
    def after() -> str:
        return gettext("After")

    @staticmethod
    def changed() -> str:
        return gettext("changed")

    @staticmethod
    def continued(title: str) -> str:
        return gettext("%(title)s (continued)") % {"title": title}

    @staticmethod
    def slide_of(number: int, count: int) -> str:
        return gettext("Slide %(number)s of %(count)s") % {"number": number, "count": count}

    @staticmethod
    def changes_since(baseline: str) -> str:
        return gettext("Changes since %(baseline)s") % {"baseline": baseline}

    @staticmethod
    def status_as_of(day: str) -> str:
        return gettext("Status as of %(date)s") % {"date": day}
