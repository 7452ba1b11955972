"""Upload → preview → apply, for the web: the file is kept until the user confirms.

The file's bytes live only as long as the preview waits: applying, discarding or a refused
preview deletes them, and :func:`purge_stale_uploads` deletes those nobody confirmed in time.
The file's name, size and SHA-256 stay on the job and in the audit trail (never its content).
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import access, audit
from fremdrift.core.access import Action
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import OrgUnit
from fremdrift.core.text import normalise_name
from fremdrift.interchange.apply import ImportReport, PreviewOutdated, apply_document
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.loader import Loaded, load_bytes
from fremdrift.interchange.models import ImportJob, ImportStatus
from fremdrift.interchange.readers import merge_pairs
from fremdrift.portfolio.models import Plan


def import_refusal(user: Any, plan_slug: str) -> str | None:
    """Why ``user`` may not import into the plan ``plan_slug``, or None when they may.

    A plan the user may not see gets the same answer as a plan that does not exist, so an
    import tells nobody which plans exist: only its coordinators import into a plan, and
    only those who may create plans import a new one.
    """
    plan = access.visible_plans(user).filter(slug=plan_slug).first()
    if plan is not None:
        if access.may(user, Action.CHANGE, plan):
            return None
        return _("Only the plan's coordinators may import into “%(slug)s”.") % {"slug": plan_slug}
    if access.may(user, Action.ADD, Plan):
        return None
    yours = [
        f"{p.slug} ({p.title})"
        for p in access.visible_plans(user).order_by("slug")
        if access.may(user, Action.CHANGE, p)
    ]
    return _(
        "There is no plan “%(slug)s” among those you coordinate, and you may not create "
        "plans. Write the short name of one of your plans in the field “Short name of the "
        "plan”; it is the last part of the plan's web address (/plans/short-name/). Your "
        "plans: %(plans)s."
    ) % {"slug": plan_slug, "plans": "; ".join(yours) or "—"}


def target_plan_slug(user: Any, document: dict[str, Any], typed: str | None) -> str:
    """The plan a file goes into: the short name the user typed, else the file's, else the
    plan ``user`` may see with the file's plan title (a deck's title slide names the plan by
    its title, from which the reader makes a short name of its own)."""
    if typed:
        return typed
    plan = document.get("plan") or {}
    slug = str(plan.get("slug") or "")
    plans = access.visible_plans(user) if user is not None else Plan.objects.all()
    if not slug or plans.filter(slug=slug).exists():
        return slug
    title = normalise_name(str(plan.get("title") or ""))
    same = [p.slug for p in plans.only("slug", "title") if normalise_name(p.title) == title]
    return same[0] if title and len(same) == 1 else slug


def may_create_units(user: Any) -> bool:
    """Imports create the units a file names only for those who may create units."""
    return access.may(user, Action.ADD, OrgUnit)


def merge_near_matches(document: dict[str, Any], pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Treat each confirmed pair as one initiative (chains a-b, b-c included): the one first
    in the file is kept and gains the other's areas (see ``readers.merge_pairs``)."""
    return merge_pairs(document, pairs)


def _report_dict(report: ImportReport) -> dict[str, Any]:
    return {
        "seen": report.seen,
        "plan_slug": report.plan_slug,
        "created": report.created,
        "updated": report.updated,
        "linked": report.linked,
        "unlinked": report.unlinked,
        "rejected": report.rejected,
        "unchanged": report.unchanged,
        "unknown_units": report.unknown_units,
        "plan_changes": report.plan_changes,
        # The plan is applied first: its line, if any, leads the updates.
        "plan_updated": report.updated[0] if report.plan_changes else "",
        "summary": report.lines()[-1],
    }


def _loaded_dict(loaded: Loaded) -> dict[str, Any]:
    return {
        "plan_title": (loaded.document.get("plan") or {}).get("title", ""),
        "diagnostics": [
            {
                "level": getattr(d, "level", "warning"),
                "message": getattr(d, "message", str(d)),
                "location": str(getattr(d, "location", "")),
            }
            for d in loaded.diagnostics
        ],
        "skipped": [
            {"message": getattr(d, "message", str(d)), "location": str(getattr(d, "location", ""))}
            for d in loaded.skipped
        ],
        "near_matches": [
            {
                "ref_a": m.ref_a,
                "title_a": m.title_a,
                "areas_a": list(m.areas_a),
                "ref_b": m.ref_b,
                "title_b": m.title_b,
                "areas_b": list(m.areas_b),
                "score": round(m.score, 1),
                "suggested": getattr(m, "suggested", False),
            }
            for m in loaded.near_matches
        ],
    }


def file_facts(job: ImportJob) -> dict[str, Any]:
    """What the audit trail keeps of an uploaded file: name, size and hash, never content."""
    return {
        "file": job.filename,
        "size": job.size,
        "sha256": job.sha256,
        "plan": job.plan_slug or (job.preview or {}).get("plan_slug", ""),
    }


def _delete_file(job: ImportJob, *, now: datetime.datetime | None = None) -> None:
    """Forget the file's bytes (the caller saves the job)."""
    job.content = None
    job.file_deleted_at = now or timezone.now()


@transaction.atomic
def upload(*, content: bytes, filename: str, plan_slug: str, by: Any) -> ImportJob:
    """Keep the file and compute its preview (a dry run); a refused file is not kept."""
    job = ImportJob.objects.create(
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        plan_slug=plan_slug or "",
        uploaded_by=by,
    )
    refresh_preview(job, by=by)
    audit.record(by, AuditAction.UPLOADED, job, after={**file_facts(job), "status": job.status})
    return job


def _target_slug(job: ImportJob, loaded: Loaded, user: Any) -> str:
    if loaded.plan_fields is None:  # JSON and YAML name their plan by its short name
        return job.plan_slug or str((loaded.document.get("plan") or {}).get("slug") or "")
    return target_plan_slug(user, loaded.document, job.plan_slug or None)


def refresh_preview(job: ImportJob, *, by: Any) -> ImportJob:
    """Read the file and compute what applying it would do (a dry run), if ``by`` may import
    into its plan; otherwise record why not, without touching the plan."""
    if job.content is None:
        raise ImportFailed(file_gone_message(job))
    try:
        loaded = load_bytes(bytes(job.content), job.filename, plan_slug=job.plan_slug or None)
        target = _target_slug(job, loaded, by)
        refusal = import_refusal(by, target)
        if refusal:
            raise ImportFailed(refusal)
        report = apply_document(
            loaded.document,
            by=by,
            plan_slug=target or None,
            dry_run=True,
            create_units=may_create_units(by),
            plan_fields=loaded.plan_fields,
            confirmed_units=(),
        )
    except ImportFailed as exc:
        job.status = ImportStatus.FAILED
        job.preview = {"error": str(exc)}
        _delete_file(job)
    else:
        job.status = ImportStatus.PREVIEW
        job.preview = {**_report_dict(report), **_loaded_dict(loaded)}
    job.save(update_fields=["status", "preview", "content", "file_deleted_at"])
    return job


def file_gone_message(job: ImportJob) -> str:
    """Why an import can no longer be applied."""
    if job.status == ImportStatus.EXPIRED:
        return _(
            "The uploaded file was deleted because nobody confirmed the preview within "
            "%(hours)d hours. Upload the file again."
        ) % {"hours": settings.FREMDRIFT_UPLOAD_RETENTION_HOURS}
    return _("This import is no longer waiting for confirmation; its file has been deleted.")


@transaction.atomic
def apply(
    job: ImportJob,
    *,
    by: Any,
    merges: list[tuple[str, str]],
    new_units: list[str] | None = None,
) -> ImportReport:
    """Apply the previewed file for real, with the near matches and the new units (names the
    file gives that are no known unit) the user confirmed; refuse
    with :class:`PreviewOutdated` if initiatives it touches changed after the preview."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PREVIEW or job.content is None:
        raise ImportFailed(file_gone_message(job))
    loaded = load_bytes(bytes(job.content), job.filename, plan_slug=job.plan_slug or None)
    target = _target_slug(job, loaded, by)
    refusal = import_refusal(by, target)
    if refusal:
        raise ImportFailed(refusal)
    document = merge_near_matches(loaded.document, merges)
    if "seen" not in job.preview:
        raise PreviewOutdated(
            _("The preview is out of date. Check the new preview and apply again.")
        )
    report = apply_document(
        document,
        by=by,
        plan_slug=target or None,
        source_name=job.filename,
        source_hash=job.sha256,
        create_units=may_create_units(by),
        seen=job.preview["seen"],
        plan_fields=loaded.plan_fields,
        confirmed_units=list(new_units or []),
    )
    job.status = ImportStatus.APPLIED
    job.applied_at = timezone.now()
    job.result = {**_report_dict(report), "merges": [list(p) for p in merges]}
    _delete_file(job, now=job.applied_at)
    job.save(update_fields=["status", "applied_at", "result", "content", "file_deleted_at"])
    audit.record(
        by,
        AuditAction.UPLOAD_APPLIED,
        job,
        after={**file_facts(job), "plan": report.plan_slug, "summary": job.result["summary"]},
    )
    return report


@transaction.atomic
def discard(job: ImportJob, *, by: Any) -> bool:
    """Discard a waiting import and delete its file; False if it was no longer waiting."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PREVIEW:
        return False
    job.status = ImportStatus.DISCARDED
    _delete_file(job)
    job.save(update_fields=["status", "content", "file_deleted_at"])
    audit.record(by, AuditAction.UPLOAD_DISCARDED, job, after=file_facts(job))
    return True


def purge_stale_uploads(
    *, older_than: datetime.timedelta | None = None, now: datetime.datetime | None = None
) -> int:
    """Delete the files of imports nobody confirmed within ``older_than``; how many.

    ``older_than`` defaults to ``FREMDRIFT_UPLOAD_RETENTION_HOURS``. Waiting previews uploaded
    before then become *expired*; a finished import that still holds its file (from before
    files were deleted on apply and discard) loses it too. Each deletion is audited.
    """
    if older_than is None:
        older_than = datetime.timedelta(hours=settings.FREMDRIFT_UPLOAD_RETENTION_HOURS)
    now = now or timezone.now()
    stale = ImportJob.objects.filter(content__isnull=False).filter(
        ~Q(status=ImportStatus.PREVIEW) | Q(created_at__lt=now - older_than)
    )
    purged = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.content is None:
                continue
            waiting = job.status == ImportStatus.PREVIEW
            if waiting and job.created_at >= now - older_than:
                continue
            if waiting:
                job.status = ImportStatus.EXPIRED
            _delete_file(job, now=now)
            job.save(update_fields=["status", "content", "file_deleted_at"])
            audit.record(
                "system",
                AuditAction.UPLOAD_PURGED,
                job,
                after={
                    **file_facts(job),
                    "status": job.status,
                    "older_than_hours": round(older_than.total_seconds() / 3600, 2),
                },
            )
            purged += 1
    return purged
