"""The round's progress as an XLSX sheet, for the coordinator to carry to the meeting."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core.xlsx import xlsx_response
from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.queries import Progress


def progress_xlsx(progress: Progress) -> HttpResponse:
    header = [
        _("Initiative"),
        _("Unit"),
        _("State"),
        _("Answer"),
        _("Answered"),
        _("Submitted by"),
        _("Comment"),
    ]
    rows = []
    for r in progress.requests:
        latest = r.latest
        answer = ""
        if latest is not None:
            answer = str(_("Unchanged")) if latest.kind == AnswerKind.UNCHANGED else latest.text
        by = latest.submitted_by if latest is not None else None
        rows.append(
            [
                r.initiative.title,
                r.unit.name if r.unit else str(_("Coordinators")),
                str(r.get_state_display()),
                answer,
                timezone.localtime(latest.submitted_at).replace(tzinfo=None) if latest else None,
                (by.get_full_name() or by.get_username()) if by else "",
                latest.review_comment if latest else "",
            ]
        )
    widths = (60, 28, 20, 60, 18, 22, 40)
    filename = f"statusrunde-{progress.round.pk}.xlsx"
    return xlsx_response(_("Update round"), header, rows, widths, filename)
