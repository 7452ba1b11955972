"""Starting ``fremdrift demo`` again keeps what users changed in the demo; ``--reset`` starts
afresh, on purpose only."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions as governance_actions
from fremdrift.governance.models import AgendaItem, Decision
from fremdrift.indicators.models import IndicatorRun
from fremdrift.participation import actions as participation_actions
from fremdrift.participation.choices import CandidateStatus
from fremdrift.participation.models import Candidate
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import Area, AreaMembership, Initiative, Plan

pytestmark = pytest.mark.django_db

EDITED_STATUS = "Lokalt; HR-forum følger op i marts (skrevet i demoen)."


def start_demo(*args: str) -> str:
    """What a start of the demo prints (``scripts/demo.sh`` runs ``fremdrift demo``)."""
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def make_the_three_changes() -> dict[str, int]:
    """What a user does in the browser, through the actions the web views call."""
    coordinator = get_user_model().objects.get(username="koordinator")
    # 1. In the meeting: HMU decides to roll the sprint out; the initiative moves phase.
    sprint = Initiative.objects.get(
        plan__slug="robust-psykiatri-2022", ref="standardtekster-medicinordination"
    )
    assert sprint.phase != "udbredelse"
    item = AgendaItem.objects.get(
        meeting__forum__short_name="HMU", title="Sprint: Standardtekster ved medicinordination"
    )
    governance_actions.record_decision(
        item,
        by=coordinator,
        text="Standardteksterne udbredes til alle afdelinger.",
        outcome="phase_change",
        initiatives=[sprint],
        phase="udbredelse",
        seen_versions={sprint.pk: sprint.version},
    )
    # 2. The long-list: a candidate becomes an initiative in one of the plan's areas.
    candidate = (
        Candidate.objects.filter(
            long_list__plan__slug="robust-psykiatri-2022",
            status__in=[CandidateStatus.OPEN, CandidateStatus.SELECTED],
            promoted_to__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    area = Area.objects.filter(plan__slug="robust-psykiatri-2022").order_by("position", "pk")[0]
    promoted = participation_actions.promote_candidate(
        candidate,
        by=coordinator,
        plan=candidate.long_list.plan,
        areas=[area],
        title=candidate.title[:200],
        kind="udvikling",
        work_form="afdækning",
        phase="afdækning",
    )
    # 3. The register: an initiative's status text is edited.
    winter = Initiative.objects.get(plan__slug="vinterplan-2021", ref="fastholde-seniorer")
    portfolio_actions.edit_initiative(
        winter,
        by=coordinator,
        seen_version=winter.version,
        changes={"follow_up_text": EDITED_STATUS, "phase": "drift"},
    )
    return {"sprint": sprint.pk, "promoted": promoted.pk, "area": area.pk, "winter": winter.pk}


def assert_the_changes_are_kept(changed: dict[str, int]) -> None:
    sprint = Initiative.objects.get(pk=changed["sprint"])
    assert sprint.phase == "udbredelse"
    assert Decision.objects.filter(initiatives=sprint, phase="udbredelse", applied=True).exists()
    assert AreaMembership.objects.filter(
        initiative_id=changed["promoted"], area_id=changed["area"], valid_to__isnull=True
    ).exists()
    winter = Initiative.objects.get(pk=changed["winter"])
    assert winter.follow_up_text == EDITED_STATUS
    assert winter.phase == "drift"


def test_a_second_start_keeps_a_decision_a_promotion_and_an_edit():
    start_demo()
    changed = make_the_three_changes()
    events = AuditEvent.objects.count()

    second = start_demo()

    assert_the_changes_are_kept(changed)
    assert AuditEvent.objects.count() == events  # nothing was written again
    assert "opdateret" not in second and "fjernet" not in second
    assert "allerede indlæst" in second
    assert "--reset" in second


def test_a_second_start_with_force_keeps_the_changes_too():
    start_demo()
    changed = make_the_three_changes()
    start_demo("--force")
    assert_the_changes_are_kept(changed)


def test_a_second_start_accepts_plans_and_users_made_in_the_demo():
    """A plan or user someone made in the demo is the demo's database's own: a restart serves
    it without asking for --force."""
    start_demo()
    admin = get_user_model().objects.get(username="admin")
    portfolio_actions.create_plan(by=admin, slug="min-plan", title="Min plan")
    get_user_model().objects.create_user("karen", password="x")
    second = start_demo()
    assert "allerede indlæst" in second
    assert Plan.objects.filter(slug="min-plan").exists()


def test_a_demo_loaded_before_the_demo_kept_a_record_is_not_loaded_again():
    """A demo database from an earlier version (no record of the load) is left as it is."""
    from fremdrift.demo import loader

    loader.load_all()  # as an earlier version loaded it: no record of the load
    changed = make_the_three_changes()
    second = start_demo()
    assert "allerede indlæst" in second
    assert_the_changes_are_kept(changed)


# (outside a test transaction, as the command runs: PostgreSQL refuses to TRUNCATE tables
# that the same transaction wrote with foreign keys still to be checked)
@pytest.mark.django_db(transaction=True)
def test_reset_starts_afresh_with_the_demo_as_first_loaded():
    first = start_demo()
    changed = make_the_three_changes()

    again = start_demo("--reset")

    assert not Initiative.objects.filter(pk=changed["promoted"]).exists()
    sprint = Initiative.objects.get(
        plan__slug="robust-psykiatri-2022", ref="standardtekster-medicinordination"
    )
    assert sprint.phase == "afprøvning"
    winter = Initiative.objects.get(plan__slug="vinterplan-2021", ref="fastholde-seniorer")
    assert winter.follow_up_text == "Lokalt"
    # the same load as the first start: every plan line as then
    plan_lines = [line for line in first.splitlines() if line.startswith("  ") and ":" in line]
    for line in plan_lines[:3]:
        assert line in again


def test_reset_refuses_a_database_that_is_not_the_demos(users):
    with pytest.raises(CommandError, match="--reset"):
        start_demo("--reset", "--force")
    assert Plan.objects.filter(slug="vinter").exists()


def test_the_help_explains_reset():
    from fremdrift.demo.management.commands.demo import Command

    parser = Command().create_parser("fremdrift", "demo")
    assert "--reset" in parser.format_help()


def test_the_audit_trail_names_the_demos_record_of_its_load_in_danish():
    from django.utils import translation

    from fremdrift.core import audit_display

    start_demo()
    record = AuditEvent.objects.get(object_type="demo")
    assert audit_display.unnamed_keys(record) == []
    with translation.override("da"):
        assert audit_display.object_label("demo") == "Demodata"
        labels = [change.label for change in audit_display.changes(record)]
    assert labels == ["Demodataversion", "Indlæst ved siden af andre data"]


def test_a_start_with_newer_demo_data_says_so_and_still_loads_nothing(monkeypatch):
    from fremdrift.demo import loader

    start_demo()
    changed = make_the_three_changes()
    monkeypatch.setattr(loader, "DEMO_FORMAT", loader.DEMO_FORMAT + 1)
    second = start_demo()
    assert "nyere demodata" in second and "--reset" in second
    assert "Indlæser demodata" not in second
    assert_the_changes_are_kept(changed)


# --------------------------------------------------------------------------- files of the demo
#
# Everything users upload in the demo lies in the database (bilag, import files, reports),
# which --reset empties, except the copies of contact extracts uploaded for an indicator run:
# they wait in FREMDRIFT_INDICATOR_UPLOADS until the run ends. A run still queued (the demo
# stopped before its worker took it) leaves them there, named only by its job.


def queue_an_uploaded_run(settings: Any, tmp_path: Path) -> dict[str, Path]:
    """A run with an uploaded contacts file (and an inbox file), queued and never run."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fremdrift.indicators import runs
    from fremdrift.indicators.engine import IndicatorParams

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.FREMDRIFT_INDICATOR_UPLOADS = tmp_path / "uploads"
    settings.FREMDRIFT_INDICATOR_INBOX = tmp_path / "inbox"
    inbox_file = tmp_path / "inbox" / "fb.csv"
    inbox_file.parent.mkdir()
    inbox_file.write_text("period_id\n1\n", encoding="utf-8")
    outside = tmp_path / "outside.csv"  # a link in the run's folder points here
    outside.write_text("not the demo's\n", encoding="utf-8")
    stranger = tmp_path / "uploads" / "run-not-this-database"  # no job names it
    stranger.mkdir(parents=True)
    (stranger / "kontakter.csv").write_text("x\n", encoding="utf-8")

    folder = runs.upload_folder()
    contacts = runs.save_upload(
        "contacts", SimpleUploadedFile("kontakter.csv", b"contact_id\n1\n"), folder
    )
    (folder / "contacts" / "link.csv").symlink_to(outside)
    runs.enqueue_run(
        by=get_user_model().objects.get(username="analytiker"),
        contacts=contacts,
        fb_periods=runs.inbox_file("fb_periods", "fb.csv"),
        as_of=timezone.now(),
        params=IndicatorParams(),
        cleanup=folder,
    )
    return {"folder": folder, "inbox": inbox_file, "outside": outside, "stranger": stranger}


@pytest.mark.django_db(transaction=True)
def test_reset_removes_the_files_uploaded_in_the_demo_and_says_how_many(settings, tmp_path):
    start_demo()
    files = queue_an_uploaded_run(settings, tmp_path)
    assert (files["folder"] / "contacts" / "kontakter.csv").is_file()

    again = start_demo("--reset")

    assert not files["folder"].exists()
    assert "2 filer, der var lagt op i demoen, er slettet" in again
    # nothing outside the run's folder: not the file its link points to, not the inbox, not
    # a folder no job of this database names
    assert files["outside"].read_text(encoding="utf-8") == "not the demo's\n"
    assert files["inbox"].is_file()
    assert (files["stranger"] / "kontakter.csv").is_file()
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["run-not-this-database"]


@pytest.mark.django_db(transaction=True)
def test_a_reset_that_fails_keeps_the_files_with_the_database(settings, tmp_path, monkeypatch):
    from fremdrift.demo import loader

    start_demo()
    files = queue_an_uploaded_run(settings, tmp_path)
    runs_before = IndicatorRun.objects.count()

    def flush_fails(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database is locked")

    monkeypatch.setattr(loader, "call_command", flush_fails)
    with pytest.raises(RuntimeError):
        start_demo("--reset")

    assert IndicatorRun.objects.count() == runs_before
    assert (files["folder"] / "contacts" / "kontakter.csv").read_bytes() == b"contact_id\n1\n"
    assert (files["folder"] / "contacts" / "link.csv").is_symlink()
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(
        [files["folder"].name, "run-not-this-database"]
    )


@pytest.mark.django_db(transaction=True)
def test_a_reset_with_nothing_uploaded_says_no_file_was_removed(settings, tmp_path):
    settings.FREMDRIFT_INDICATOR_UPLOADS = tmp_path / "uploads"
    start_demo()
    again = start_demo("--reset")
    assert "0 filer, der var lagt op i demoen, er slettet" in again
