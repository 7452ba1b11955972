"""The round's progress as an XLSX sheet, for the coordinator to carry to the meeting."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.queries import Progress


def progress_xlsx(progress: Progress) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Update round")[:31]
    sheet.append(
        [
            _("Initiative"),
            _("Unit"),
            _("State"),
            _("Answer"),
            _("Answered"),
            _("Submitted by"),
            _("Comment"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in progress.requests:
        latest = r.latest
        answer = ""
        if latest is not None:
            answer = str(_("Unchanged")) if latest.kind == AnswerKind.UNCHANGED else latest.text
        by = latest.submitted_by if latest is not None else None
        sheet.append(
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
    for column, width in zip("ABCDEFG", (60, 28, 20, 60, 18, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="statusrunde-{progress.round.pk}.xlsx"'
    return response
