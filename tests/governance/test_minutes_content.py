"""What the minutes say, read as a member of the forum reads them (Word and PDF)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from fremdrift.governance import actions
from tests import tools
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _pdf_text(data: bytes, tmp_path: Any) -> str:
    path = tmp_path / "referat.pdf"
    path.write_bytes(data)
    return tools.run(
        [tools.pdftotext(), "-layout", str(path), "-"], timeout=120, check=True, text=True
    ).stdout


@pytest.fixture
def moved(meetings: Any, plan: Any) -> Any:
    """The December decision moves the shared initiative to udbredelse."""
    shared = plan.initiatives_by_key["shared"]
    actions.record_decision(
        meetings["item"],
        by=ACTOR,
        text="HMU beslutter at udbrede til alle afdelinger.",
        outcome="phase_change",
        initiatives=[shared],
        phase="udbredelse",
        seen_versions={shared.pk: shared.version},
    )
    return shared


def test_the_minutes_say_which_initiatives_a_decision_moves_and_where(
    meetings: Any, moved: Any, users: Any, tmp_path: Any
) -> None:
    client = client_for(users["reader"])
    url = f"/governance/meetings/{meetings['december'].pk}/minutes"
    paragraphs = _docx_paragraphs(client.get(f"{url}.docx").content)
    effect = f"Indsatser: {moved.title} · Ny fase: Udbredelse"
    assert effect in paragraphs
    pdf = " ".join(_pdf_text(client.get(f"{url}.pdf").content, tmp_path).split())
    assert "Ny fase: Udbredelse" in pdf
    assert moved.title[:30] in pdf


def test_the_minutes_give_the_meeting_s_time(meetings: Any, users: Any, tmp_path: Any) -> None:
    client = client_for(users["reader"])
    url = f"/governance/meetings/{meetings['december'].pk}/minutes"
    paragraphs = _docx_paragraphs(client.get(f"{url}.docx").content)
    assert paragraphs[1].startswith("HMU-møde · 09:00–12:00")
    pdf = _pdf_text(client.get(f"{url}.pdf").content, tmp_path)
    assert "HMU-møde · 09:00–12:00" in pdf


def test_the_word_minutes_are_a4_and_danish(meetings: Any, users: Any) -> None:
    """Printed in a Danish office (A4), and Word checks the spelling as Danish."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    data = client_for(users["reader"]).get(
        f"/governance/meetings/{meetings['december'].pk}/minutes.docx"
    )
    document = Document(io.BytesIO(data.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin >= Mm(20)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "da-DK"
