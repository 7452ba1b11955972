"""The only writer of the indicators app.

Runs: :func:`create_run` records who started what (file names, hashes, settings) before the
engine starts (a run queued for a worker waits as *queued* until :func:`start_run_work`);
:func:`report_progress` moves the progress bar; :func:`complete_run` stores the
validation report and bulk-inserts the aggregates; :func:`fail_run` stores the refusal;
:func:`publish_run` makes a validated run the one the dashboard shows. Initiatives: linking
computed indicators, and hand-entered indicators with their dated values. Every change is
audited in the same transaction; the audit trail holds file names, hashes and row counts,
never content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.indicators import suppression
from fremdrift.indicators.choices import (
    ComputedIndicator,
    Direction,
    GeoLevel,
    PeriodType,
    RunSource,
    RunStatus,
    Sector,
)
from fremdrift.indicators.models import (
    IndicatorLink,
    IndicatorRun,
    IndicatorValue,
    ManualIndicator,
    ManualValue,
)

BATCH = 2000
VALUE_FIELDS = (
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "geo_name",
    "numerator",
    "denominator",
    "value",
    "provisional",
    "suppressed",
    "hidden",
)


def _who(by: Any) -> tuple[Any, str]:
    if getattr(by, "is_authenticated", False):
        return by, by.get_username()
    return None, str(by or "")[:150]


# --------------------------------------------------------------------------- runs


@transaction.atomic
def create_run(
    *,
    by: Any,
    as_of: dt.datetime,
    params: Mapping[str, Any],
    files: list[dict[str, Any]],
    source: str = RunSource.UPLOAD,
    note: str = "",
    queued: bool = False,
) -> IndicatorRun:
    """Record a run that is about to start (*running*), or that waits for a worker
    (*queued*)."""
    user, name = _who(by)
    run = IndicatorRun.objects.create(
        status=RunStatus.QUEUED if queued else RunStatus.RUNNING,
        source=source,
        as_of=as_of,
        params=dict(params),
        files=[dict(f) for f in files],
        note=note,
        created_by=user,
        created_by_name=name,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        run,
        after={"as_of": as_of, "source": source, "params": dict(params), "files": run.files},
    )
    return run


def start_run_work(run_pk: int) -> IndicatorRun:
    """A worker starts the engine on a queued run (or again, after its worker died)."""
    updated = IndicatorRun.objects.filter(
        pk=run_pk, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).update(status=RunStatus.RUNNING, progress_step="", progress_fraction=0.0)
    if not updated:
        raise ValidationError(_("Only a queued run can be started."))
    IndicatorValue.objects.filter(run_id=run_pk).delete()  # of an attempt that died
    return IndicatorRun.objects.get(pk=run_pk)


def requeue_run(run_pk: int) -> None:
    """The run's worker died; it waits for another attempt."""
    IndicatorRun.objects.filter(pk=run_pk, status=RunStatus.RUNNING).update(
        status=RunStatus.QUEUED, progress_step="", progress_fraction=0.0
    )


def report_progress(run_pk: int, step: str, fraction: float) -> None:
    """Move a running run's progress bar (not audited: no change of substance)."""
    IndicatorRun.objects.filter(pk=run_pk, status=RunStatus.RUNNING).update(
        progress_step=step[:40], progress_fraction=max(0.0, min(1.0, float(fraction)))
    )


def record_files(run_pk: int, files: list[dict[str, Any]]) -> None:
    """Store the names, hashes and sizes of a run's input files (audited with the outcome)."""
    IndicatorRun.objects.filter(pk=run_pk).update(files=[dict(f) for f in files])


def store_values(run_pk: int, rows: Iterable[Mapping[str, Any]], *, on_batch: Any = None) -> int:
    """Store a running run's aggregates, with which cells are hidden
    (:mod:`fremdrift.indicators.suppression`, over all of them at once), in batches, each
    in its own short transaction, and return how many. A single long write would shut the
    worker's heartbeat out of SQLite for its whole length; no page shows the values of a
    run that is not validated, and :func:`complete_run` makes them count. Leftovers of an
    attempt that died go first."""
    IndicatorValue.objects.filter(run_id=run_pk).delete()
    count = 0
    batch: list[IndicatorValue] = []
    for row in suppression.apply(rows):
        batch.append(IndicatorValue(run_id=run_pk, **{f: row[f] for f in VALUE_FIELDS}))
        if len(batch) >= BATCH:
            with transaction.atomic():
                IndicatorValue.objects.bulk_create(batch)
            count += len(batch)
            batch = []
            if on_batch is not None:
                on_batch(count)
    if batch:
        with transaction.atomic():
            IndicatorValue.objects.bulk_create(batch)
        count += len(batch)
    return count


@transaction.atomic
def complete_run(
    run_pk: int,
    *,
    by: Any,
    validation: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]] = (),
    stored: int = 0,
) -> IndicatorRun:
    """Store the validation report and the aggregates (``rows``, with which cells are
    hidden, or ``stored`` already by :func:`store_values`); the run becomes *validated*."""
    run = IndicatorRun.objects.select_for_update().get(pk=run_pk)
    if run.status != RunStatus.RUNNING:
        raise ValidationError(_("Only a running run can be completed."))
    batch: list[IndicatorValue] = []
    count = stored
    for row in suppression.apply(rows):
        batch.append(IndicatorValue(run=run, **{f: row[f] for f in VALUE_FIELDS}))
        if len(batch) >= BATCH:
            IndicatorValue.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        IndicatorValue.objects.bulk_create(batch)
        count += len(batch)
    read = {
        "contacts": validation.get("contacts", {}).get("rows_read"),
        "fb_periods": validation.get("fb_periods", {}).get("rows_read"),
    }
    run.files = [{**f, "rows": read.get(f.get("role"), f.get("rows"))} for f in run.files]
    run.validation = dict(validation)
    run.rows_written = count
    run.status = RunStatus.VALIDATED
    run.progress_step, run.progress_fraction = "done", 1.0
    run.finished_at = timezone.now()
    run.save()
    audit.record(
        by,
        AuditAction.UPDATED,
        run,
        before={"status": RunStatus.RUNNING},
        after={"status": RunStatus.VALIDATED, "files": run.files, "rows_written": count},
    )
    return run


@transaction.atomic
def fail_run(run_pk: int, *, by: Any, error: str) -> IndicatorRun:
    """Record why a run was refused, broke or was cancelled; nothing else of it is stored."""
    run = IndicatorRun.objects.select_for_update().get(pk=run_pk)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run  # it ended already
    status_before = run.status
    run.values.all().delete()
    run.status = RunStatus.FAILED
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    audit.record(
        by,
        AuditAction.UPDATED,
        run,
        before={"status": status_before},
        after={"status": RunStatus.FAILED, "error": error, "files": run.files},
    )
    return run


@transaction.atomic
def publish_run(run: IndicatorRun, *, by: Any) -> IndicatorRun:
    """Publish a validated run: from now on the dashboard shows it (earlier runs stay)."""
    current = IndicatorRun.objects.select_for_update().get(pk=run.pk)
    if current.status != RunStatus.VALIDATED:
        raise ValidationError(_("Only a validated run can be published."))
    user, name = _who(by)
    current.status = RunStatus.PUBLISHED
    current.published_by, current.published_by_name = user, name
    current.published_at = timezone.now()
    current.save(update_fields=["status", "published_by", "published_by_name", "published_at"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"status": RunStatus.VALIDATED},
        after={"status": RunStatus.PUBLISHED},
        note="published",
    )
    return current


# --------------------------------------------------------------------------- links


def _check_choice(value: str, choices: Any, field: str) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the listed values.")})


@transaction.atomic
def link_indicator(
    initiative: Any,
    *,
    by: Any,
    indicator: str,
    sector: str,
    geo_level: str,
    geo_code: str,
    geo_name: str,
    target: float | None = None,
    direction: str = Direction.LOWER,
    period_type: str = PeriodType.MONTH,
) -> IndicatorLink:
    """Name a computed indicator the initiative is meant to move; an existing link is updated."""
    _check_choice(indicator, ComputedIndicator, "indicator")
    _check_choice(sector, Sector, "sector")
    _check_choice(geo_level, GeoLevel, "geo_level")
    _check_choice(direction, Direction, "direction")
    _check_choice(period_type, PeriodType, "period_type")
    if indicator == ComputedIndicator.READMISSION_7D and sector != Sector.PSYCHIATRY:
        raise ValidationError(
            {"sector": _("Readmissions within 7 days are computed for psychiatry only.")}
        )
    key = {
        "initiative": initiative,
        "indicator": indicator,
        "sector": sector,
        "geo_level": geo_level,
        "geo_code": geo_code,
    }
    values = {
        "geo_name": geo_name,
        "target": target,
        "direction": direction,
        "period_type": period_type,
    }
    link = IndicatorLink.objects.select_for_update().filter(**key).first()
    if link is None:
        link = IndicatorLink.objects.create(**key, **values)
        audit.record(
            by,
            AuditAction.CREATED,
            initiative,
            after={"indicator_link": {**_link_state(link)}},
            note=str(link),
        )
        return link
    old = _link_state(link)
    for name, value in values.items():
        setattr(link, name, value)
    new = _link_state(link)
    if old != new:
        link.save()
        before, after = audit.changed_fields(old, new)
        audit.record(
            by,
            AuditAction.UPDATED,
            initiative,
            before={"indicator_link": before},
            after={"indicator_link": after},
            note=str(link),
        )
    return link


def _link_state(link: IndicatorLink) -> dict[str, Any]:
    return {
        "indicator": link.indicator,
        "sector": link.sector,
        "geo_level": link.geo_level,
        "geo_code": link.geo_code,
        "period_type": link.period_type,
        "target": link.target,
        "direction": link.direction,
    }


@transaction.atomic
def unlink_indicator(link: IndicatorLink, *, by: Any) -> None:
    """Remove a linked indicator from its initiative."""
    initiative = link.initiative
    state = _link_state(link)
    note = str(link)
    link.delete()
    audit.record(by, AuditAction.DELETED, initiative, before={"indicator_link": state}, note=note)


# --------------------------------------------------------------------------- hand-entered


MANUAL_FIELDS = ("name", "unit", "description", "target", "direction")


def _manual_state(indicator: ManualIndicator) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in MANUAL_FIELDS}


def _clean_manual(initiative: Any, values: Mapping[str, Any], exclude_pk: int | None) -> None:
    name = (values.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the indicator a name.")})
    if not (values.get("unit") or "").strip():
        raise ValidationError({"unit": _("Give the unit, e.g. “sekunder” or “%”.")})
    _check_choice(values.get("direction", Direction.LOWER), Direction, "direction")
    clash = ManualIndicator.objects.filter(initiative=initiative, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("The initiative already has an indicator of that name.")})


@transaction.atomic
def create_manual_indicator(
    initiative: Any,
    *,
    by: Any,
    name: str,
    unit: str,
    target: Decimal | None = None,
    direction: str = Direction.LOWER,
    description: str = "",
    illustrative: bool = False,
) -> ManualIndicator:
    """Add an indicator entered by hand to an initiative; ``illustrative`` marks one the demo
    made up (not in the seeds)."""
    values = {
        "name": name.strip(),
        "unit": unit.strip(),
        "target": target,
        "direction": direction,
        "description": description.strip(),
    }
    _clean_manual(initiative, values, None)
    indicator = ManualIndicator.objects.create(
        initiative=initiative, illustrative=illustrative, **values
    )
    audit.record(
        by,
        AuditAction.CREATED,
        initiative,
        after={
            "manual_indicator": _manual_state(indicator),
            **({"illustrative": True} if illustrative else {}),
        },
        note=indicator.name,
    )
    return indicator


@transaction.atomic
def edit_manual_indicator(
    indicator: ManualIndicator, *, by: Any, changes: Mapping[str, Any]
) -> ManualIndicator:
    """Change the name, unit, target, direction or description of a hand-entered indicator."""
    current = ManualIndicator.objects.select_for_update().get(pk=indicator.pk)
    old = _manual_state(current)
    values = {**old, **{k: v for k, v in changes.items() if k in MANUAL_FIELDS}}
    values["name"] = str(values["name"]).strip()
    values["unit"] = str(values["unit"]).strip()
    _clean_manual(current.initiative, values, current.pk)
    for name, value in values.items():
        setattr(current, name, value)
    new = _manual_state(current)
    before, after = audit.changed_fields(old, new)
    if after:
        current.save()
        audit.record(
            by,
            AuditAction.UPDATED,
            current.initiative,
            before={"manual_indicator": before},
            after={"manual_indicator": after},
            note=current.name,
        )
    return current


@transaction.atomic
def record_manual_value(
    indicator: ManualIndicator, *, by: Any, date: dt.date, value: Decimal, note: str = ""
) -> ManualValue:
    """Record the indicator's value on a date; a value already recorded that day is replaced."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    user, name = _who(by)
    existing = (
        ManualValue.objects.select_for_update().filter(indicator=indicator, date=date).first()
    )
    if existing is None:
        row = ManualValue.objects.create(
            indicator=indicator,
            date=date,
            value=value,
            note=note.strip(),
            recorded_by=user,
            recorded_by_name=name,
        )
        audit.record(
            by,
            AuditAction.CREATED,
            indicator.initiative,
            after={"manual_value": {"indicator": indicator.name, "date": date, "value": value}},
            note=indicator.name,
        )
        return row
    before = {"date": existing.date, "value": existing.value, "note": existing.note}
    existing.value, existing.note = value, note.strip()
    existing.recorded_by, existing.recorded_by_name = user, name
    existing.recorded_at = timezone.now()
    existing.save()
    audit.record(
        by,
        AuditAction.UPDATED,
        indicator.initiative,
        before={"manual_value": {"indicator": indicator.name, **before}},
        after={"manual_value": {"indicator": indicator.name, "date": date, "value": value}},
        note=indicator.name,
    )
    return existing


@transaction.atomic
def delete_manual_value(row: ManualValue, *, by: Any) -> None:
    """Remove one dated value of a hand-entered indicator."""
    indicator = row.indicator
    state = {"indicator": indicator.name, "date": row.date, "value": row.value}
    row.delete()
    audit.record(
        by,
        AuditAction.DELETED,
        indicator.initiative,
        before={"manual_value": state},
        note=indicator.name,
    )
