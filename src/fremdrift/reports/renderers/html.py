"""The web report: area tables with changed sentences marked (Django templates)."""

from __future__ import annotations

from django.template.loader import render_to_string

from ..content import ReportContent
from .base import Branding
from .web import context


class HtmlRenderer:
    """Renders report content as a standalone HTML page; :meth:`fragment` for embedding.

    Changed sentences are ``<mark class="changed">`` (red, dotted underline) with a visually
    hidden "ændret:" so the change is not conveyed by colour alone.
    """

    media_type = "text/html; charset=utf-8"
    suffix = ".html"

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """A complete page with inline styles (no external resources)."""
        return render_to_string("reports/report_page.html", context(content, branding)).encode()

    def fragment(self, content: ReportContent, *, branding: Branding) -> str:
        """The tables only, for the report page of the web app (styles in ``_report.css``)."""
        data = context(content, branding, working=True)
        return render_to_string("reports/report_fragment.html", data)
