"""Upload → preview → apply, for the web: the file is kept until the user confirms."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from fremdrift.core import access
from fremdrift.core.actions import grant_role
from fremdrift.core.choices import Role
from fremdrift.core.models import RoleAssignment
from fremdrift.interchange.apply import ImportReport, apply_document
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.loader import Loaded, load_bytes
from fremdrift.interchange.models import ImportJob, ImportStatus
from fremdrift.interchange.readers import merge_pairs
from fremdrift.portfolio.models import Plan


def may_import_into(user: Any, plan_slug: str) -> bool:
    """Coordinators of an existing plan may import into it; any coordinator (or an
    administrator) may create a new plan by importing."""
    plan = Plan.objects.filter(slug=plan_slug).first()
    if plan is not None:
        return access.may_coordinate(user, plan)
    a = access.access_for(user)
    return a.admin or a.all_plans_coordinate or bool(a.coordinate_plan_ids)


def may_upload(user: Any) -> bool:
    a = access.access_for(user)
    return a.admin or a.all_plans_coordinate or bool(a.coordinate_plan_ids)


def merge_near_matches(document: dict[str, Any], pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Treat each confirmed pair as one initiative (chains a-b, b-c included): the one first
    in the file is kept and gains the other's areas (see ``readers.merge_pairs``)."""
    return merge_pairs(document, pairs)


def _report_dict(report: ImportReport) -> dict[str, Any]:
    return {
        "plan_slug": report.plan_slug,
        "created": report.created,
        "updated": report.updated,
        "linked": report.linked,
        "unlinked": report.unlinked,
        "rejected": report.rejected,
        "unchanged": report.unchanged,
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


def upload(*, content: bytes, filename: str, plan_slug: str, by: Any) -> ImportJob:
    """Keep the file and compute its preview (a dry run)."""
    job = ImportJob.objects.create(
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        plan_slug=plan_slug or "",
        uploaded_by=by,
    )
    refresh_preview(job, by=by)
    return job


def refresh_preview(job: ImportJob, *, by: Any) -> ImportJob:
    try:
        loaded = load_bytes(bytes(job.content), job.filename, plan_slug=job.plan_slug or None)
        report = apply_document(
            loaded.document, by=by, plan_slug=job.plan_slug or None, dry_run=True
        )
    except ImportFailed as exc:
        job.status = ImportStatus.FAILED
        job.preview = {"error": str(exc)}
    else:
        job.status = ImportStatus.PREVIEW
        job.preview = {**_report_dict(report), **_loaded_dict(loaded)}
    job.save(update_fields=["status", "preview"])
    return job


@transaction.atomic
def apply(job: ImportJob, *, by: Any, merges: list[tuple[str, str]]) -> ImportReport:
    """Apply the previewed file for real, with the near matches the user confirmed."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PREVIEW:
        raise ImportFailed("this import is no longer waiting for confirmation")
    loaded = load_bytes(bytes(job.content), job.filename, plan_slug=job.plan_slug or None)
    document = merge_near_matches(loaded.document, merges)
    existed = Plan.objects.filter(slug=job.plan_slug or document["plan"]["slug"]).exists()
    report = apply_document(
        document,
        by=by,
        plan_slug=job.plan_slug or None,
        source_name=job.filename,
        source_hash=job.sha256,
    )
    if not existed and not access.is_administrator(by):
        plan = Plan.objects.get(slug=report.plan_slug)
        if not RoleAssignment.objects.filter(user=by, role=Role.COORDINATOR, plan=None).exists():
            grant_role(by=by, user=by, role=Role.COORDINATOR, plan=plan)
    job.status = ImportStatus.APPLIED
    job.applied_at = timezone.now()
    job.result = {**_report_dict(report), "merges": [list(p) for p in merges]}
    job.save(update_fields=["status", "applied_at", "result"])
    return report
