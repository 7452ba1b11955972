"""Renderers lay out :class:`~fremdrift.reports.content.ReportContent` in one format each."""

from __future__ import annotations

from .base import Branding, Renderer

__all__ = ["RENDERERS", "Branding", "Renderer", "get_renderer"]

RENDERERS: dict[str, str] = {
    "pptx": "fremdrift.reports.renderers.pptx.PptxRenderer",
    "pdf": "fremdrift.reports.renderers.pdf.PdfRenderer",
    "xlsx": "fremdrift.reports.renderers.xlsx.XlsxRenderer",
    "html": "fremdrift.reports.renderers.html.HtmlRenderer",
}


def get_renderer(name: str) -> Renderer:
    """The renderer for a format name ("pptx", "pdf", "xlsx", "html"); KeyError if unknown."""
    from django.utils.module_loading import import_string

    return import_string(RENDERERS[name])()
