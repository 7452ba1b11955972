"""Loading the demo: the seed plans (readable YAML files in ``demo/data``) and demo users.

``fremdrift demo`` loads the demo once per database (:func:`load_demo`, in one transaction
that also records the load in the audit trail, with the demo data's version); a later start
finds that record (:func:`loaded`) and loads nothing, so whatever users changed in the demo
stays. :func:`reset` empties the database for a fresh demo (``fremdrift demo --reset``).
Each step of :func:`load_all` is idempotent too: running it twice changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from fremdrift.core import audit
from fremdrift.core.actions import find_unit, grant_role
from fremdrift.core.choices import AuditAction, Role
from fremdrift.core.models import AuditEvent, OrgUnit
from fremdrift.core.text import normalise_name
from fremdrift.interchange.apply import ImportReport, apply_document, apply_units, validate
from fremdrift.interchange.safe_yaml import load_yaml
from fremdrift.portfolio.models import Plan

DATA_DIR = Path(__file__).resolve().parent / "data"
PLAN_FILES = ["vinterplan-2021.yaml", "psykiatri-aarsplan-2021.yaml", "robust-psykiatri-2022.yaml"]
ACTOR = "demo"
# Raise when the demo steps' code makes different data from the same files (the files'
# contents are part of the version by themselves).
DEMO_FORMAT = 1
RECORD_TYPE = "demo"  # object_type of the audit event that records a load of the demo
PASSWORD = "demo"  # noqa: S105 - printed demo logins, local demo only


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    description: str
    role: str
    plans: tuple[str, ...] = ()
    unit: str | None = None
    forum: str | None = None
    superuser: bool = False


DEMO_USERS = [
    DemoUser("admin", "Ada Administrator", "administrator", Role.ADMINISTRATOR, superuser=True),
    DemoUser(
        "koordinator",
        "Karen Koordinator",
        "koordinator for alle demo-planer",
        Role.COORDINATOR,
        plans=("vinterplan-2021", "psykiatri-aarsplan-2021", "robust-psykiatri-2022"),
    ),
    DemoUser(
        "redaktoer", "Rasmus Redaktør", "redaktør for Koncern HR", Role.EDITOR, unit="Koncern HR"
    ),
    DemoUser(
        "psykiatri",
        "Pia Psykiatristab",
        "redaktør for Psykiatristaben",
        Role.EDITOR,
        unit="Psykiatristaben",
    ),
    DemoUser("laeser", "Lars Læser", "læser af alle planer", Role.READER),
    DemoUser(
        "sekretaer", "Sofie Sekretær", "mødesekretær for HMU", Role.MEETING_SECRETARY, forum="HMU"
    ),
    DemoUser("analytiker", "Anna Analytiker", "indikatoransvarlig (BI)", Role.INDICATOR_OFFICER),
    DemoUser(
        "kommune",
        "Kim Kommune",
        "kommunepartner for Randersklyngen (indikatorer med små tal skjult)",
        Role.MUNICIPALITY_PARTNER,
        unit="Randersklyngen",
    ),
]


def read_yaml(name: str) -> Any:
    """A packaged demo file, read with the same strict loader as a user's upload."""
    return load_yaml((DATA_DIR / name).read_text(encoding="utf-8"), f"demo/{name}")


@transaction.atomic
def load_units() -> None:
    path = DATA_DIR / "units.yaml"
    if not path.exists():
        return
    document = read_yaml("units.yaml")
    _plan, _areas, _items, units = validate(
        {"plan": {"slug": "x", "title": "x"}, "units": document["units"]}
    )
    apply_units(units, by=ACTOR)


def load_plans() -> list[ImportReport]:
    reports = []
    for name in PLAN_FILES:
        if (DATA_DIR / name).exists():
            reports.append(apply_document(read_yaml(name), by=ACTOR, source_name=f"demo/{name}"))
    return reports


@transaction.atomic
def load_users() -> list[DemoUser]:
    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            first, _, last = demo.full_name.partition(" ")
            user = User(
                username=demo.username,
                first_name=first,
                last_name=last,
                email=f"{demo.username}@example.invalid",
                is_staff=demo.superuser,
                is_superuser=demo.superuser,
            )
            user.set_password(PASSWORD)
            user.save()
        if demo.role == Role.COORDINATOR:
            for plan in Plan.objects.filter(slug__in=demo.plans):
                grant_role(by=ACTOR, user=user, role=demo.role, plan=plan)
        elif demo.role in (Role.EDITOR, Role.MUNICIPALITY_PARTNER):
            unit = find_unit(demo.unit or "")
            if unit is not None:
                grant_role(by=ACTOR, user=user, role=demo.role, unit=unit)
        elif demo.role in (Role.READER, Role.ADMINISTRATOR, Role.INDICATOR_OFFICER):
            grant_role(by=ACTOR, user=user, role=demo.role)
        elif demo.forum:
            from fremdrift.governance.models import Forum

            forum = Forum.objects.filter(short_name=demo.forum).first()
            if forum is not None:
                grant_role(by=ACTOR, user=user, role=demo.role, forum=forum)
    return DEMO_USERS


def foreign_data() -> dict[str, list[str]]:
    """What the database holds that the demo does not make: plans, users and units by name.

    Empty for an empty database and for one that holds only the demo (so running the demo
    again stays possible). At most three names of each kind.
    """
    slugs = demo_plan_slugs()
    units_file = DATA_DIR / "units.yaml"
    unit_keys = (
        {normalise_name(u["name"]) for u in read_yaml("units.yaml")["units"]}
        if units_file.exists()
        else set()
    )
    found = {
        "plans": list(Plan.objects.exclude(slug__in=slugs).values_list("slug", flat=True)[:3]),
        "users": list(
            get_user_model()
            .objects.exclude(username__in=[u.username for u in DEMO_USERS])
            .order_by("username")
            .values_list("username", flat=True)[:3]
        ),
        "units": list(
            OrgUnit.objects.exclude(normalised_name__in=unit_keys).values_list("name", flat=True)[
                :3
            ]
        ),
    }
    return {kind: names for kind, names in found.items() if names}


# The winter plan's deck as it stood on 24 November 2021 (seed 004's earlier version): issued
# in the demo, it is the default baseline, so the next report marks the seed's later changes.
WINTER_REPORT_AS_OF = dt.datetime(2021, 11, 24, 18, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
WINTER_REPORT_TITLE = "Status 24. november 2021"


@transaction.atomic
def issue_winter_report() -> None:
    from fremdrift.reports import service
    from fremdrift.reports.models import IssuedReport

    plan = Plan.objects.filter(slug="vinterplan-2021").first()
    if plan is None or IssuedReport.objects.filter(plan=plan).exists():
        return
    generated = service.generate(plan, fmt="html", as_of=WINTER_REPORT_AS_OF, no_baseline=True)
    service.issue(generated, by=ACTOR, title=WINTER_REPORT_TITLE, issued_at=WINTER_REPORT_AS_OF)


# Other apps add their demo steps here (governance, indicators …), each idempotent.
EXTRA_STEPS: list[Any] = []


def load_all() -> list[ImportReport]:
    load_units()
    reports = load_plans()
    issue_winter_report()
    for step in EXTRA_STEPS:
        step()
    load_users()  # last: forum roles need the forums
    return reports


# --------------------------------------------------------------------------- once per database


def data_version() -> str:
    """The demo data's version: the steps' format and a digest of the packaged files."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{DEMO_FORMAT}-{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class LoadedDemo:
    """The demo's load into this database, as recorded (or inferred for an earlier version)."""

    version: str  # "" when an earlier Fremdrift loaded it and kept no record
    at: dt.datetime
    beside_other_data: bool  # the database held other data then (``--force``)

    @property
    def current(self) -> bool:
        return self.version == data_version()


def loaded() -> LoadedDemo | None:
    """How the demo was loaded into this database, or None if it never was."""
    record = (
        AuditEvent.objects.filter(object_type=RECORD_TYPE, action=AuditAction.IMPORTED)
        .order_by("-at", "-id")
        .first()
    )
    if record is not None:
        return LoadedDemo(
            version=record.object_id,
            at=record.at,
            beside_other_data=bool((record.after or {}).get("beside_other_data")),
        )
    # Earlier versions kept no record: their demo's own events and plans say it was loaded.
    first = AuditEvent.objects.filter(actor_name=ACTOR).order_by("at", "id").first()
    if first is None or not Plan.objects.filter(slug__in=demo_plan_slugs()).exists():
        return None
    return LoadedDemo(version="", at=first.at, beside_other_data=bool(foreign_data()))


def demo_plan_slugs() -> list[str]:
    return [read_yaml(name)["plan"]["slug"] for name in PLAN_FILES if (DATA_DIR / name).exists()]


@transaction.atomic
def load_demo(*, beside_other_data: bool = False) -> list[ImportReport]:
    """Load the demo and record that it is loaded, all or nothing."""
    reports = load_all()
    version = data_version()
    audit.record(
        ACTOR,
        AuditAction.IMPORTED,
        object_type=RECORD_TYPE,
        object_id=version,
        object_repr="Demodata",
        after={"demo_version": version, "beside_other_data": beside_other_data},
    )
    return reports


def reset() -> int:
    """Empty the database (every table), so that the demo can be loaded afresh, and remove
    the files that belonged to it; the number of files removed.

    Everything users upload in the demo lies in the database (bilag, import files, issued
    reports) except the copies of contact extracts uploaded for an indicator run: they wait
    in ``FREMDRIFT_INDICATOR_UPLOADS`` until the run ends, and a run still queued when the
    demo stopped leaves them there, named only by its job. Those folders are first moved
    aside (a rename within the uploads folder), then the database is emptied in one
    transaction, and only then are they deleted: a reset that fails keeps both.
    """
    staged = _StagedUploads.stage(_demo_upload_folders())
    try:
        call_command("flush", interactive=False, verbosity=0)
    except BaseException:
        staged.restore()
        raise
    return staged.remove()


def _demo_upload_folders() -> list[Path]:
    """The folders of uploaded copies the database's indicator runs name: each one directly
    below the uploads folder and itself no link (never anything else, such as an inbox)."""
    from fremdrift.indicators import runs
    from fremdrift.jobs.choices import JobKind
    from fremdrift.jobs.models import Job

    root = runs.upload_root()
    if not root.is_dir():
        return []
    folders: dict[Path, None] = {}
    for params in Job.objects.filter(kind=JobKind.INDICATOR_RUN).values_list("params", flat=True):
        named = (params or {}).get("cleanup") if isinstance(params, dict) else None
        if not named:
            continue
        folder = Path(named)
        if folder.is_symlink() or not folder.is_dir():
            continue
        resolved = folder.resolve()
        if resolved.parent == root and resolved.name not in ("", ".", ".."):
            folders[resolved] = None
    return list(folders)


@dataclass
class _StagedUploads:
    """Upload folders moved into one hidden folder below the uploads folder."""

    trash: Path | None
    moved: list[tuple[Path, Path]]  # (where it was, where it is now)

    @classmethod
    def stage(cls, folders: list[Path]) -> _StagedUploads:
        if not folders:
            return cls(None, [])
        trash = Path(tempfile.mkdtemp(prefix=".demo-reset-", dir=folders[0].parent))
        staged = cls(trash, [])
        try:
            for folder in folders:
                target = trash / folder.name
                os.rename(folder, target)  # same file system: a link is moved, not followed
                staged.moved.append((folder, target))
        except BaseException:
            staged.restore()
            raise
        return staged

    def restore(self) -> None:
        """Move every staged folder back (as far as possible: the error that made the reset
        fail is the one the command reports)."""
        for original, now in reversed(self.moved):
            with contextlib.suppress(OSError):
                os.rename(now, original)
        self.moved = []
        if self.trash is not None:
            with contextlib.suppress(OSError):
                self.trash.rmdir()  # only if empty
            self.trash = None

    def remove(self) -> int:
        """Delete the staged folders; how many files (links included, never followed) went."""
        if self.trash is None:
            return 0
        count = _count_files(self.trash)
        # removes links themselves, never what they point to; what cannot be removed (the
        # database is emptied by now) stays in the hidden folder, and the worker's daily
        # purge of stale upload folders tries again
        shutil.rmtree(self.trash, ignore_errors=True)
        if self.trash.exists():
            count -= _count_files(self.trash)
        self.trash = None
        self.moved = []
        return count


def _count_files(folder: Path) -> int:
    count = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                count += _count_files(Path(entry.path))
            else:
                count += 1
    return count
