"""The demo data built from the seeds, and ``fremdrift demo``."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from fremdrift.core.models import AuditEvent, OrgUnit, RoleAssignment
from fremdrift.portfolio.models import AreaMembership, Initiative, Plan, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_module):
    """The demo loaded once for this module (tests roll back their own changes)."""


WINTER_SECTIONS = [
    "Personale (særligt fokus på senge-/akutafdelinger)",
    "Praktiserende læger",
    "Hospitaler",
    "Kommuner",
    "Patientkontoret",
]


def test_the_winter_plan_has_all_five_sections_in_order(demo):
    plan = Plan.objects.get(slug="vinterplan-2021")
    assert [a.title for a in plan.areas.all()] == WINTER_SECTIONS
    assert plan.purpose and plan.purpose[0] == "Komme godt og sikkert gennem vinteren"
    for area in plan.areas.all():
        assert area.memberships.filter(valid_to__isnull=True).exists(), area.title


def test_the_praehospital_trial_is_one_initiative_under_each_section_that_lists_it(demo):
    matches = Initiative.objects.filter(
        title__contains="Præhospitalet (som i vagttid) kan afslutte patienter i dagtid"
    )
    assert matches.count() == 1
    areas = {
        m.area.title
        for m in AreaMembership.objects.filter(initiative=matches.get(), valid_to__isnull=True)
    }
    assert areas == {"Praktiserende læger", "Hospitaler", "Kommuner"}


def test_every_winter_plan_initiative_has_a_status_and_follow_up(demo):
    plan = Plan.objects.get(slug="vinterplan-2021")
    initiatives = Initiative.objects.filter(memberships__area__plan=plan).distinct()
    assert initiatives.count() >= 50
    without_status = [i.title[:50] for i in initiatives if not i.status_text]
    assert len(without_status) <= 1, without_status  # the seed leaves one status blank
    without_follow_up = [i.title[:50] for i in initiatives if not i.follow_up_text]
    assert len(without_follow_up) <= 2, without_follow_up


def test_the_psychiatry_year_plan_has_six_tracks_and_digitalisation_with_year_tasks(demo):
    plan = Plan.objects.get(slug="psykiatri-aarsplan-2021")
    titles = [a.title for a in plan.areas.all()]
    for n in range(1, 7):
        assert any(t.startswith(f"Spor {n}:") for t in titles), n
    assert any("Digitalisering" in t for t in titles)
    initiatives = Initiative.objects.filter(plan=plan)
    assert all(i.year_task for i in initiatives)
    pal = initiatives.get(title__startswith="Forløbsbeskrivelse for indlagte")
    assert (pal.phase, pal.phase_target) == ("udvikling", "implementering")


def test_robust_psykiatri_has_sprints_theme_workshops_and_transformation_tracks(demo):
    plan = Plan.objects.get(slug="robust-psykiatri-2022")
    forms = set(Initiative.objects.filter(plan=plan).values_list("work_form", flat=True))
    assert {"sprint", "temaworkshop", "transformation", "afdækning"} <= forms


def test_running_the_demo_twice_changes_nothing(demo):
    def counts():
        return (
            Plan.objects.count(),
            Initiative.objects.count(),
            StatusUpdate.objects.count(),
            AreaMembership.objects.count(),
            OrgUnit.objects.count(),
            RoleAssignment.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert counts() == before


def test_the_demo_command_prints_the_demo_logins(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    for username in ("admin", "koordinator", "redaktoer", "laeser"):
        assert username in text
    assert "demo" in text


def test_demo_logins_work_and_the_coordinator_sees_the_winter_plan(client, demo):
    assert client.login(username="koordinator", password="demo")
    response = client.get(reverse("portfolio:plan-detail", args=["vinterplan-2021"]))
    assert response.status_code == 200
    html = response.content.decode()
    for section in WINTER_SECTIONS:
        assert section.replace("/", "/") in html


def test_the_hr_editor_may_update_hr_initiatives_only(client, demo):
    from django.contrib.auth import get_user_model

    from fremdrift.core import access

    editor = get_user_model().objects.get(username="redaktoer")
    hr = OrgUnit.objects.get(name="Koncern HR")
    editable = access.editable_initiatives(editor)
    assert editable.exists()
    assert all(any(u.path.startswith(hr.path) for u in i.units.all()) for i in editable)
    others = Initiative.objects.exclude(pk__in=editable.values("pk"))
    assert others.exists()
    assert not any(access.may_edit(editor, i) for i in others[:20])


def test_the_winter_plan_has_the_seeds_55_initiatives_in_64_section_places(demo):
    plan = Plan.objects.get(slug="vinterplan-2021")
    places = AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
    assert places.count() == 64
    assert places.values("initiative").distinct().count() == 55


def test_the_winter_plans_own_export_lists_55_initiatives_in_64_rows(demo, tmp_path):
    """The counts as a coordinator meets them: one row per section place in the workbook
    `fremdrift export` writes, one reference per initiative."""
    from openpyxl import load_workbook

    path = tmp_path / "vinterplan.xlsx"
    call_command("export", "vinterplan-2021", "--format", "xlsx", "-o", str(path))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    refs = [row[header.index("Reference")] for row in body]
    sections = {row[header.index("Område")] for row in body}
    assert len(body) == 64
    assert len(set(refs)) == 55
    assert sections == set(WINTER_SECTIONS)


def test_the_two_audits_of_the_winter_plan_are_separate_initiatives(demo):
    plan = Plan.objects.get(slug="vinterplan-2021")
    audits = Initiative.objects.filter(plan=plan, title__startswith="Tværsektoriel audit")
    by_area = {
        m.area.slug: m.initiative_id
        for m in AreaMembership.objects.filter(initiative__in=audits, valid_to__isnull=True)
    }
    assert audits.count() == 2
    assert by_area["praktiserende-laeger"] != by_area["kommuner"]
    plo = audits.get(pk=by_area["praktiserende-laeger"])
    assert "indenfor 30 dage over en uge" in plo.title
    assert plo.status_text == "Status til Sundhedsstyregruppen den 9. februar 2022"


HOSPITALS = {
    "Aarhus Universitetshospital",
    "Regionshospitalet Gødstrup",
    "Regionshospitalet Randers",
    "Regionshospitalet Horsens",
    "Hospitalsenhed Midt",
    "Aarhus Universitetshospital Psykiatrien",
}
CLUSTERS = {"Aarhusklyngen", "Randersklyngen", "Horsensklyngen", "Midtklyngen", "Vestklyngen"}


def test_where_the_seed_says_all_hospitals_or_clusters_the_real_ones_can_report(demo):
    assert not OrgUnit.objects.filter(name__in=["Alle hospitaler", "Alle klynger"]).exists()
    plan = Plan.objects.get(slug="vinterplan-2021")

    def local(ref: str) -> set[str]:
        initiative = Initiative.objects.get(plan=plan, ref=ref)
        return {link.unit.name for link in initiative.unit_links.filter(role="local")}

    assert local("flere-faggrupper-patientnaere") == HOSPITALS  # "Alle hospitaler"
    assert local("fastholde-seniorer") == HOSPITALS  # "Lokalt"
    assert local("audit-akutte-indlaeggelser") == CLUSTERS  # "Alle klynger"
    initiative = Initiative.objects.get(plan=plan, ref="fastholde-seniorer")
    assert initiative.follow_up_text == "Lokalt"  # the deck's words stay


def test_the_demo_issues_the_winter_deck_of_24_november_so_later_changes_are_red(demo):
    from fremdrift.reports import service
    from fremdrift.reports.models import IssuedReport

    plan = Plan.objects.get(slug="vinterplan-2021")
    issued = IssuedReport.objects.get(plan=plan)
    assert issued.as_of.date().isoformat() == "2021-11-24"
    assert issued.issued_at.astimezone(ZoneInfo("Europe/Copenhagen")).date() == dt.date(
        2021, 11, 24
    )
    assert "24. november 2021" in service.generate(plan, fmt="html").content.baseline_label
    content = service.generate(plan, fmt="html").content
    assert content.baseline_label is not None
    marked = [row.ref for area in content.areas for row in area.rows if row.has_changes]
    assert "direkte-visitering-privathospitaler" in marked
    assert "flere-faggrupper-patientnaere" not in marked  # unchanged since 24 November


def test_what_the_demo_made_up_is_tagged_illustrativ_on_the_initiative_page(client, demo):
    from fremdrift.followup.models import LocalStatus

    made_up = LocalStatus.objects.filter(illustrative=True).select_related("initiative").first()
    assert made_up is not None
    assert client.login(username="koordinator", password="demo")
    page = client.get(made_up.initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da")
    text = page.content.decode()
    assert made_up.text in text
    assert '<span class="tag illustrative"' in text and ">illustrativ</span>" in text
    seeded = Initiative.objects.get(plan__slug="vinterplan-2021", ref="fastholde-seniorer")
    assert "tag illustrative" not in client.get(seeded.get_absolute_url()).content.decode()


def test_the_demos_made_up_update_round_is_tagged_illustrativ(client, demo):
    """The demo's round and its "Uændret" answers are not in the seeds: the round says so on
    its page and in the plan's list of rounds."""
    from fremdrift.followup.models import UpdateRound

    made_up = UpdateRound.objects.get()
    assert made_up.requests.filter(answers__isnull=False).exists()
    assert client.login(username="koordinator", password="demo")
    for url in (
        made_up.get_absolute_url(),
        reverse("followup:round-list", args=[made_up.plan.slug]),
    ):
        text = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        assert '<span class="tag illustrative"' in text, url


def test_the_demo_decks_indicator_slides_say_illustrativ(demo):
    from io import BytesIO

    from django.utils import translation
    from pptx import Presentation

    from fremdrift.reports import actions as report_actions
    from fremdrift.reports import service

    plan = Plan.objects.get(slug="vinterplan-2021")
    report_actions.set_deck_options(plan, by="test", show_indicators=True)
    with translation.override("da"):
        data = service.generate(plan, fmt="pptx").data
    chart_slides = [
        " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in Presentation(BytesIO(data)).slides
        if any(s.has_chart for s in slide.shapes)
    ]
    assert chart_slides
    assert all("Illustrativ (demodata, ikke fra kildematerialet)." in t for t in chart_slides)
