"""Everything a report, deck or meeting pack says is in the Danish catalogue.

The renderers run with a catalogue-checking gettext (``catalogue.untranslated``): a message
asked for in Danish that the catalogue lacks fails the test, wherever it comes from (Python,
templates, a lazily translated label). The winter plan's deck and PDF are then read the way a
reader meets them and searched for the English words of the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from fremdrift.followup import mail
from fremdrift.followup.choices import ReminderKind
from fremdrift.followup.models import UpdateAnswer, UpdateRound
from fremdrift.governance import ics, pack
from fremdrift.governance.models import Meeting
from fremdrift.portfolio.models import Plan
from fremdrift.reports import actions, service
from fremdrift.reports.choices import ChangeMarker
from fremdrift.reports.renderers import Branding
from tests import tools

from .catalogue import untranslated

pytestmark = pytest.mark.django_db
SINCE = dt.date(2021, 12, 1)
FORMATS = ("pptx", "pdf", "xlsx", "html")


def _every_report(user: Any) -> None:
    """Every format of every demo plan, with every deck option and every kind of baseline."""
    for plan in Plan.objects.all():
        actions.set_deck_options(plan, by=user, show_phase=True, show_not_reported=True)
        issued = service.issue(service.generate(plan, fmt="xlsx", since=SINCE), by=user)
        for fmt in FORMATS:
            service.generate(plan, fmt=fmt, since_report=issued.pk)
        for marker in ChangeMarker.values:
            actions.set_deck_options(plan, by=user, change_marker=marker)
            service.generate(plan, fmt="pptx", since=SINCE)
            service.generate(plan, fmt="html", since=SINCE)
        service.generate(plan, fmt="pptx", no_baseline=True)


def _every_pack(user: Any) -> None:
    branding = Branding.from_settings()
    for meeting in Meeting.objects.all():
        built = pack.build_pack(meeting, user)
        pack.render_pdf(built, branding)
        pack.render_pptx(built, branding)
    ics.calendar(Meeting.objects.all(), "HMU")


def _every_mail() -> None:
    """The reminders of every kind and the "sent back" mail, for the demo's rounds."""
    for update_round in UpdateRound.objects.all():
        requests = list(update_round.requests.select_related("initiative", "unit"))
        for kind in ReminderKind.values:
            mail.compose(update_round, kind, _any_user(), requests)
        context = {
            "answer": UpdateAnswer(request=requests[0], review_comment="Uddyb venligst."),
            "round": update_round,
            "initiative": requests[0].initiative,
            "name": "Koordinator",
            "url": "https://fremdrift.example.invalid/",
        }
        render_to_string("followup/email/returned_subject.txt", context)
        render_to_string("followup/email/returned_body.txt", context)


def _any_user() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="koordinator")


def _every_page(client: Client, user: Any) -> None:
    client.force_login(user)
    for plan in Plan.objects.all():
        for name in ("reports:page", "reports:changes", "reports:deck-options"):
            response = client.get(reverse(name, args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da")
            assert response.status_code == 200, (name, plan.slug)
    for meeting in Meeting.objects.all():
        url = reverse("governance:meeting-pack", args=[meeting.pk])
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="da").status_code == 200


def test_every_report_format_meeting_pack_mail_and_calendar_is_in_the_danish_catalogue(demo):
    user = _any_user()
    with untranslated("da") as missing:
        with translation.override("da"):
            _every_report(user)
            _every_pack(user)
            _every_mail()
        _every_page(Client(), user)
    assert sorted(missing) == []


def test_the_checking_gettext_notices_a_message_without_translation():
    with untranslated("da") as missing, translation.override("da"):
        assert translation.gettext("Background") == "Baggrund"
        translation.gettext("A sentence nobody translated")
        translation.pgettext("status deck", "Updates in red")
    assert missing == {"'A sentence nobody translated'"}


# -- the decks as a reader meets them ----------------------------------------------------

# English words of the decks' fixed texts, and the commonest English words besides ("Slide"
# is not among them: the region's decks say "Slide 1 af 3").
ENGLISH = re.compile(
    r"\b(?:the|of|and|updates?|in red|underlined|task|page|continued|phase|"
    r"background|purpose|initiatives?|follow-up|local|common|not reported|changes?|"
    r"since|status as of|discontinued|removed|area|before|after|new|report issued|"
    r"latest|target|illustrative|demo data|hidden|theme|development|implementation|"
    r"no values yet|week|month|chart|legend|series)\b",
    re.IGNORECASE,
)
# Text of a chart: its title, axis titles, series names (the legend) and category labels.
CHART_TEXT = re.compile(r"<(?:a:t|c:v)>([^<]*)</(?:a:t|c:v)>")


def _shape_texts(shapes: Any) -> list[str]:
    texts = []
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            texts.extend(_shape_texts(shape.shapes))
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(c.text_frame.text for row in shape.table.rows for c in row.cells)
        if shape.has_chart:
            xml = shape.chart.part.blob.decode()
            texts.extend(CHART_TEXT.findall(xml))
    return texts


def _pptx_slides(data: bytes) -> list[str]:
    """Each slide's text as a reader meets it: text boxes, placeholders, tables, grouped
    shapes, charts and the speaker notes."""
    slides = []
    for slide in Presentation(BytesIO(data)).slides:
        texts = _shape_texts(slide.shapes)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
        slides.append("\n".join(texts))
    return slides


def _pdf_pages(data: bytes, tmp_path: Any) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = tools.run(
        [tools.pdftotext(), "-layout", str(path), "-"], timeout=120, check=True, text=True
    )
    return [page for page in result.stdout.split("\f") if page.strip()]


def test_the_winter_plans_deck_and_pdf_in_danish_contain_no_english(demo, tmp_path):
    winter = Plan.objects.get(slug="vinterplan-2021")
    user = _any_user()
    issued = service.issue(service.generate(winter, fmt="pdf", since=SINCE), by=user)
    actions.set_deck_options(
        winter, by=user, show_phase=True, show_not_reported=True, show_indicators=True
    )
    found = {}
    with translation.override("da"):
        for options in ({"since": SINCE}, {"since_report": issued.pk}):
            deck = service.generate(winter, fmt="pptx", **options).data
            pdf = service.generate(winter, fmt="pdf", **options).data
            slides = _pptx_slides(deck)
            pages = _pdf_pages(pdf, tmp_path)
            # Every slide and page was read, the opening slides and the indicator slides
            # (chart titles, legends and the "illustrativ" note) among them.
            assert all(text.strip() for text in slides)
            assert len(pages) == _pdf_page_count(pdf, tmp_path)
            for name, parts in (("pptx", slides), ("pdf", pages)):
                text = "\n".join(parts)
                assert "Baggrund" in text and "Formål" in text, name
                assert "Initiativer" in text and "Opfølgning: Lokal/Fælles" in text, name
                # Marked since the date; nothing has changed since the report just issued.
                assert ("Opdateringer m/ rød" in text) == ("since" in options), name
                for number, part in enumerate(parts, start=1):
                    words = sorted({m.group(0) for m in ENGLISH.finditer(part)})
                    if words:
                        found[f"{name} {number} {options}"] = words
            charts = [s for s in slides if "Illustrativ (demodata" in s]
            assert len(charts) >= 5 and all("Mål" in s or "Seneste" in s for s in charts)
    assert found == {}


def _pdf_page_count(data: bytes, tmp_path: Any) -> int:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    result = tools.run(["pdfinfo", str(path)], timeout=120, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE).group(1))
