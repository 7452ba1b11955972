"""Making a meeting pack (PDF or PowerPoint) in the background, as the asking user may see
it; the file is kept with the job for that user to download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from fremdrift.governance import pack
from fremdrift.governance.models import Meeting
from fremdrift.jobs.actions import JobOutput
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import UserError, register
from fremdrift.jobs.runner import perform
from fremdrift.reports.renderers.base import Branding

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@task()
def make_meeting_pack(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def file_name(meeting: Meeting, fmt: str) -> str:
    name = f"{meeting.forum.short_name}-{meeting.date.isoformat()}-moedemateriale"
    return "".join(c if c.isalnum() or c in ".-_" else "-" for c in name) + f".{fmt}"


def pack_job(job: Any, progress: Any) -> JobOutput:
    p = job.params
    if job.created_by is None:
        raise UserError(_("The user who asked for the meeting pack no longer exists."))
    meeting = Meeting.objects.select_related("forum").get(pk=p["meeting"])
    progress("build", 0.1)
    built = pack.build_pack(meeting, job.created_by, as_of=dt.datetime.fromisoformat(p["as_of"]))
    progress("render", 0.4)
    branding = Branding.from_settings()
    if p["format"] == "pdf":
        data = pack.render_pdf(built, branding)
    else:
        data = pack.render_pptx(built, branding)
    return JobOutput(
        name=file_name(meeting, p["format"]),
        media_type=MEDIA_TYPES[p["format"]],
        data=data,
        result={"meeting": meeting.pk},
    )


register(
    JobKind.MEETING_PACK,
    make_meeting_pack,
    pack_job,
    retry_safe=True,  # renders only
    cancel_running=True,
)
