"""The minutes (referat) of a meeting as DOCX (python-docx) and PDF (WeasyPrint).

Both are laid out from one :class:`Minutes`: attendance, then per agenda item the minutes
text, the groups' answers per question, the plenum summary, the decisions (a corrected
decision is shown with its correction) and the action items; the files (bilag) last. What
is shown is filtered by what the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fremdrift.core import access
from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.governance.choices import AttendanceStatus
from fremdrift.governance.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Decision,
    GroupAnswer,
    Meeting,
)
from fremdrift.portfolio.models import Initiative
from fremdrift.reports.renderers.base import Branding


@dataclass
class ItemMinutes:
    item: AgendaItem
    answers: list[tuple[str, list[GroupAnswer]]]  # (question text, answers)
    decisions: list[Decision]
    actions: list[ActionItem]

    @property
    def decisions_with_effects(self) -> list[tuple[Decision, str]]:
        return [(d, decision_effect(d)) for d in self.decisions]


@dataclass
class Minutes:
    meeting: Meeting
    present: list[str]
    excused: list[str]
    absent: list[str]
    items: list[ItemMinutes]
    other_actions: list[ActionItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def title(self) -> str:
        m = self.meeting
        return _("Minutes: %(forum)s %(date)s") % {
            "forum": m.forum.short_name,
            "date": format_date(m.date),
        }

    @property
    def meta(self) -> str:
        """The line under the title: the meeting's title, time, place and approval."""
        m = self.meeting
        when = ""
        if m.start_time:
            when = m.start_time.strftime("%H:%M")
            if m.end_time:
                when += "–" + m.end_time.strftime("%H:%M")
        return " · ".join(p for p in (m.title, when, m.place, self.approval) if p)

    @property
    def approval(self) -> str:
        m = self.meeting
        if m.minutes_approved_at is None:
            return _("Draft: not approved yet")
        return _("Approved by %(name)s on %(date)s") % {
            "name": m.minutes_approved_by_name,
            "date": format_date(m.minutes_approved_at),
        }


def build_minutes(meeting: Meeting, user: Any) -> Minutes:
    """The minutes as the user may see them (``None``: everything)."""
    attendance = list(meeting.attendance.all())

    def names(status: str) -> list[str]:
        return [a.name for a in attendance if a.status == status]

    actions_qs = meeting.action_items.select_related("owner_unit", "owner_user", "initiative")
    if user is not None:  # None: the operator on the command line, with full rights
        actions_qs = access.restrict(actions_qs, user)
    actions = list(actions_qs.order_by("id"))
    visible = Initiative.objects.all() if user is None else access.visible_initiatives(user)
    items = list(
        meeting.items.prefetch_related(
            "questions",
            Prefetch("group_answers", queryset=GroupAnswer.objects.select_related("question")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("supersedes")
                .prefetch_related(
                    Prefetch(
                        "initiatives",
                        queryset=visible.order_by("title__danish"),
                        to_attr="visible_initiatives",
                    )
                )
                .order_by("id"),
            ),
        )
    )
    result = []
    for item in items:
        grouped: list[tuple[str, list[GroupAnswer]]] = []
        answers = list(item.group_answers.all())
        for question in item.questions.all():
            found = [a for a in answers if a.question_id == question.pk]
            if found:
                grouped.append((question.text, found))
        general = [a for a in answers if a.question_id is None]
        if general:
            grouped.append((_("The item as a whole"), general))
        result.append(
            ItemMinutes(
                item=item,
                answers=grouped,
                decisions=list(item.decisions.all()),
                actions=[a for a in actions if a.item_id == item.pk],
            )
        )
    attachments = Attachment.objects.filter(meeting=meeting, removed_at__isnull=True).defer(
        "content"
    )
    return Minutes(
        meeting=meeting,
        present=names(AttendanceStatus.PRESENT),
        excused=names(AttendanceStatus.EXCUSED),
        absent=names(AttendanceStatus.ABSENT),
        items=result,
        other_actions=[a for a in actions if a.item_id is None],
        attachments=list(attachments.select_related("item")),
    )


def decision_effect(decision: Decision) -> str:
    """What the decision concerns and changes: "Indsatser: … · Ny fase: Udbredelse"."""
    parts = []
    names = [str(i) for i in getattr(decision, "visible_initiatives", [])]
    if names:
        parts.append(_("Initiatives: %(names)s") % {"names": ", ".join(names)})
    if decision.phase:
        parts.append(_("New phase: %(phase)s") % {"phase": decision.get_phase_display()})
    if decision.work_form:
        parts.append(
            _("New work form: %(work_form)s") % {"work_form": decision.get_work_form_display()}
        )
    return " · ".join(parts)


def _action_text(action: ActionItem) -> str:
    parts = [action.marked_text]
    if action.owner_label:
        parts.append(_("Owner: %(owner)s") % {"owner": action.owner_label})
    if action.deadline:
        parts.append(_("Deadline: %(date)s") % {"date": format_date(action.deadline)})
    if action.initiative:
        parts.append(str(action.initiative))
    if action.done_at:
        parts.append(_("done"))
    return " – ".join(parts)


# Word's proofing language for the language the minutes are written in.
_WORD_LANGUAGES = {"da": "da-DK", "en": "en-GB"}


def _a4_in_language(doc: Any) -> None:
    """python-docx's blank document is US Letter in US English: make it A4, with the
    minutes' language as the proofing language so Word does not mark every word."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(20)
    language = _WORD_LANGUAGES.get((get_language() or "da")[:2], "da-DK")
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)


def render_docx(minutes: Minutes) -> bytes:
    """The minutes as a Word document (A4)."""
    from docx import Document

    doc = Document()
    _a4_in_language(doc)
    doc.core_properties.title = minutes.title
    doc.add_heading(minutes.title, level=0)
    doc.add_paragraph(minutes.meta)
    doc.add_heading(_("Attendance"), level=1)
    for label, people in (
        (_("Present"), minutes.present),
        (_("Sent apologies"), minutes.excused),
        (_("Absent"), minutes.absent),
    ):
        if people:
            doc.add_paragraph(f"{label}: {', '.join(people)}")
    if not (minutes.present or minutes.excused or minutes.absent):
        doc.add_paragraph(_("Attendance was not recorded."))
    for entry in minutes.items:
        item = entry.item
        doc.add_heading(f"{item.number}. {item.title} ({item.get_kind_display()})", level=1)
        if item.minutes:
            for line in item.minutes.splitlines():
                doc.add_paragraph(line)
        for question, answers in entry.answers:
            doc.add_heading(question, level=2)
            for answer in answers:
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{answer.group}: ").bold = True
                paragraph.add_run(answer.text)
        if item.plenum_summary:
            doc.add_heading(_("Summary in plenum"), level=2)
            for line in item.plenum_summary.splitlines():
                doc.add_paragraph(line)
        for decision in entry.decisions:
            heading = _("Decision")
            if decision.supersedes_id:
                heading = _("Decision (corrects an earlier record)")
            elif not decision.is_current:
                heading = _("Decision (corrected below)")
            doc.add_heading(f"{heading}: {decision.get_outcome_display()}", level=2)
            doc.add_paragraph(decision.text)
            effect = decision_effect(decision)
            if effect:
                doc.add_paragraph(effect)
        if entry.actions:
            doc.add_heading(_("Action items"), level=2)
            for action in entry.actions:
                doc.add_paragraph(_action_text(action), style="List Bullet")
    if minutes.other_actions:
        doc.add_heading(_("Action items"), level=1)
        for action in minutes.other_actions:
            doc.add_paragraph(_action_text(action), style="List Bullet")
    if minutes.attachments:
        doc.add_heading(_("Attachments"), level=1)
        for attachment in minutes.attachments:
            doc.add_paragraph(f"{attachment} ({attachment.filename})", style="List Number")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes_html(minutes: Minutes, branding: Branding) -> str:
    from fremdrift.reports.renderers.pdf import css_string

    return render_to_string(
        "governance/minutes_pdf.html",
        {
            "minutes": minutes,
            "branding": branding,
            "css": {
                "footer": css_string(branding.footer_text),
                "title": css_string(minutes.title),
            },
            "colours": {"primary": branding.primary_colour, "text": branding.text_colour},
            "action_text": _action_text,
        },
    )


def render_pdf(minutes: Minutes, branding: Branding | None = None) -> bytes:
    """The minutes as PDF (A4 portrait)."""
    from weasyprint import HTML

    from fremdrift.governance.pack import no_network

    branding = branding or Branding.from_settings()
    return HTML(string=minutes_html(minutes, branding), url_fetcher=no_network).write_pdf()


def file_name(meeting: Meeting, fmt: str) -> str:
    from fremdrift.core.downloads import name_from

    return name_from(f"{meeting.forum.short_name}-{meeting.date.isoformat()}-referat", fmt)


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(meeting: Meeting, user: Any, fmt: str) -> bytes:
    """The minutes file in ``fmt`` (docx or pdf)."""
    built = build_minutes(meeting, user)
    if fmt == "docx":
        return render_docx(built)
    if fmt == "pdf":
        return render_pdf(built)
    raise ValueError(f"Unknown minutes format: {fmt}")
