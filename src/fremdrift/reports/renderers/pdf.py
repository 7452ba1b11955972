"""PDF status reports with WeasyPrint: A4 landscape, repeated table headers, "Side X af Y"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from ..content import ReportContent
from .base import Branding, long_date
from .web import context

if TYPE_CHECKING:
    from weasyprint.document import Document

_FONT_FAMILIES = {"Arial": "Liberation Sans", "Calibri": "Carlito"}


def css_string(value: str) -> SafeString:
    """Escape text for a double-quoted CSS string inside a ``<style>`` element."""
    out = []
    for char in value:
        if char.isalnum() or char in " .,:;-_/()–æøåÆØÅ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return mark_safe("".join(out))  # noqa: S308 - every other character is escaped above


def _no_network(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """URL fetcher that refuses everything: reports never load anything from outside."""
    raise ValueError(f"External resources are not allowed in reports: {url}")


class PdfRenderer:
    """Renders report content as a PDF with WeasyPrint."""

    media_type = "application/pdf"
    suffix = ".pdf"

    def html(self, content: ReportContent, *, branding: Branding) -> str:
        """The HTML that is printed (useful for debugging the layout)."""
        data = context(content, branding)
        data["css"] = {
            "plan_title": css_string(content.plan_title),
            "report_date": css_string(long_date(content.as_of)),
            "footer": css_string(branding.footer_text),
            "page": css_string(pgettext("page numbers", "Page")),
            "of": css_string(pgettext("page numbers", "of")),
            "font": css_string(_FONT_FAMILIES.get(branding.font, branding.font)),
        }
        return render_to_string("reports/report_pdf.html", data)

    def document(self, content: ReportContent, *, branding: Branding) -> Document:
        """The laid-out WeasyPrint document (pages with their sizes), before writing."""
        from weasyprint import HTML  # imported late: loading WeasyPrint takes a while

        html = HTML(string=self.html(content, branding=branding), url_fetcher=_no_network)
        return html.render()

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """Return the PDF as bytes."""
        return self.document(content, branding=branding).write_pdf()
