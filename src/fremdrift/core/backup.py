"""Backup and restore of all data and history, independent of the database engine.

A backup is a zip file::

    manifest.json                      format, time, migrations, and per model: rows, sha256
    data/0001-core.orgunit.jsonl       one JSON object per line: {"model", "pk", "fields"}
    data/0002-…

Models come in dependency order (a model after the models it points to). Rows are Django's
serialised form with natural keys for content types and permissions, so a backup taken on
SQLite restores on PostgreSQL and back. Content types, permissions, sessions and login
throttling records are left out: ``migrate`` makes the first two, the others are transient
(as are background jobs and their queue).

Restore checks every file's hash before it writes anything, refuses a database that already
holds data unless asked to replace it, inserts rows as they are (``raw``: no ``save()``, so
the append-only audit trail and status history keep their ids and times, and no signals
fire), resets PostgreSQL's sequences and records the restore in the audit trail, all in one
transaction: a restore that fails leaves neither rows nor a "restored" event behind.

Backups made while API tokens were DRF's plain-text ``authtoken.token`` rows restore without
those rows (they are no longer kept; users make new tokens).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction

FORMAT = "fremdrift-backup/1"
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "axes.accessattemptexpiration",
    # Background work is transient: the queue, its jobs and workers start empty.
    "django_tasks_database.dbtaskresult",
    "jobs.job",
    "jobs.joblock",
    "jobs.workerprocess",
}
# Models of apps no longer installed whose rows old backups hold: skipped on restore.
RETIRED = {"authtoken.token"}
RETIRED_APPS = {label.partition(".")[0] for label in RETIRED}
CHUNK = 2000
Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in one line."""


@dataclass(frozen=True)
class Entry:
    """One model's file in the backup."""

    model: str
    file: str
    rows: int
    sha256: str


def backed_up_models() -> list[type[models.Model]]:
    """The models a backup holds, each after the models its foreign keys point to."""
    candidates = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in EXCLUDED and m._meta.managed and not m._meta.proxy
    ]
    included = set(candidates)
    ordered: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in ordered or model in visiting:
            return  # placed already, or a cycle: deferred constraints allow any order
        visiting.add(model)
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.concrete and field.is_relation and target in included and target is not model:
                visit(target)
            if field.many_to_many and not field.auto_created and target in included:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in sorted(candidates, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _rows(model: type[models.Model], using: str) -> Iterator[dict[str, Any]]:
    queryset = model._base_manager.using(using).order_by("pk")
    batch: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) >= CHUNK:
            yield from serializers.serialize("python", batch, use_natural_foreign_keys=True)
            batch = []
    if batch:
        yield from serializers.serialize("python", batch, use_natural_foreign_keys=True)


def write_backup(
    path: str | Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None
) -> list[Entry]:
    """Write every row of every backed-up model to the zip file ``path``."""
    say = progress or (lambda _line: None)
    entries: list[Entry] = []
    connection = connections[using]
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            transaction.atomic(using=using),
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # one consistent snapshot of all tables
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for number, model in enumerate(backed_up_models(), start=1):
                label = model._meta.label_lower
                name = f"data/{number:04d}-{label}.jsonl"
                digest, count = hashlib.sha256(), 0
                with archive.open(name, "w") as handle:
                    for row in _rows(model, using):
                        line = (
                            json.dumps(
                                row, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True
                            )
                            + "\n"
                        ).encode("utf-8")
                        handle.write(line)
                        digest.update(line)
                        count += 1
                        if count % 10000 == 0:
                            say(f"{label}: {count} rows …")
                say(f"{label}: {count} rows")
                entries.append(Entry(label, name, count, digest.hexdigest()))
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": _applied_migrations(using),
                "models": [e.__dict__ for e in entries],
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return entries


# --------------------------------------------------------------------------- restore


def read_manifest(archive: zipfile.ZipFile, path: str | Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"{path}: not a Fremdrift backup (no readable manifest.json)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def _verify(archive: zipfile.ZipFile, manifest: dict[str, Any], path: str | Path) -> None:
    for entry in manifest["models"]:
        digest = hashlib.sha256()
        try:
            with archive.open(entry["file"]) as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(block)
        except KeyError as exc:
            raise BackupError(f"{path}: {entry['file']} is missing") from exc
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{path}: {entry['file']} is damaged (its checksum differs)")


def _check_migrations(manifest: dict[str, Any], using: str, path: str | Path) -> None:
    here = {tuple(m) for m in _applied_migrations(using)}
    missing = [
        f"{a}.{n}"
        for a, n in manifest.get("migrations", [])
        if (a, n) not in here and a not in RETIRED_APPS
    ]
    if missing:
        raise BackupError(
            f"{path}: the backup is from a newer version (migrations {', '.join(missing[:3])} "
            "are not applied here); run `fremdrift migrate` with that version first"
        )


def _models_of(manifest: dict[str, Any], path: str | Path) -> list[tuple[type[models.Model], dict]]:
    result = []
    for entry in manifest["models"]:
        if entry["model"] in RETIRED:
            continue
        try:
            model = apps.get_model(entry["model"])
        except LookupError as exc:
            raise BackupError(f"{path}: unknown model {entry['model']}") from exc
        result.append((model, entry))
    return result


def non_empty_models(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Labels of backed-up models that hold rows in the database."""
    return [
        m._meta.label_lower for m in backed_up_models() if m._base_manager.using(using).exists()
    ]


def _wipe(using: str) -> None:
    """Empty every backed-up table (``TRUNCATE … CASCADE`` on PostgreSQL)."""
    connection = connections[using]
    tables = [m._meta.db_table for m in backed_up_models()]
    tables += [
        f.remote_field.through._meta.db_table
        for m in backed_up_models()
        for f in m._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, Any]]:
    with archive.open(name) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(model: type[models.Model], rows: list[dict[str, Any]], using: str) -> None:
    """Insert deserialised rows as they are: no ``save()``, no signals, no ``auto_now``."""
    objects, relations = [], []
    for item in serializers.deserialize(
        "python", rows, using=using, handle_forward_references=False
    ):
        objects.append(item.object)
        if item.m2m_data:
            relations.append((item.object, item.m2m_data))
    fields = list(model._meta.local_concrete_fields)
    connection = connections[using]
    size = max(1, connection.ops.bulk_batch_size(fields, objects) or len(objects))
    for batch in _batches(objects, size):
        model._base_manager.using(using)._insert(batch, fields=fields, using=using, raw=True)
    for obj, m2m in relations:
        for field_name, values in m2m.items():
            getattr(obj, field_name).set(values)


def _reset_sequences(model_list: list[type[models.Model]], using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def restore_backup(
    path: str | Path,
    *,
    by: Any,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Restore the backup into the database as ``by``; return the rows restored per model.

    Refuses a database that holds data unless ``force``, which empties it first. Either the
    whole backup is restored and the restore recorded in the audit trail, or nothing is.
    """
    say = progress or (lambda _line: None)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path}: cannot open the backup ({exc})") from exc
    with archive:
        manifest = read_manifest(archive, path)
        say("checking the backup's checksums …")
        _verify(archive, manifest, path)
        _check_migrations(manifest, using, path)
        model_entries = _models_of(manifest, path)
        counts: dict[str, int] = {}
        try:
            with transaction.atomic(using=using):
                filled = non_empty_models(using)
                if filled and not force:
                    raise BackupError(
                        f"the database is not empty ({', '.join(filled[:3])} …); restore into "
                        "an empty database, or give --force to replace everything in it"
                    )
                if filled:
                    say("emptying the database (--force) …")
                    _wipe(using)
                for model, entry in model_entries:
                    done = 0
                    for batch in _batches(_lines(archive, entry["file"]), CHUNK):
                        _insert(model, batch, using)
                        done += len(batch)
                        if done % 10000 < CHUNK and done >= 10000:
                            say(f"{entry['model']}: {done} of {entry['rows']} rows …")
                    say(f"{entry['model']}: {done} rows")
                    counts[entry["model"]] = done
                _reset_sequences([m for m, _ in model_entries], using)
                audit.record(
                    by,
                    AuditAction.RESTORED,
                    object_type="backup",
                    object_repr=str(path),
                    after={"models": len(counts), "rows": sum(counts.values())},
                    note="--force" if force else "",
                )
        except DatabaseError as exc:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise BackupError(
                f"{path}: the restore failed and nothing was kept ({reason})"
            ) from exc
        return counts
