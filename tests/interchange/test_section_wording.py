"""Theme and wording per section: kept in history, exported, imported, shown in decks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.export import plan_document
from fremdrift.portfolio import actions
from fremdrift.reports.asof import plan_snapshot
from fremdrift.reports.content import build_content

pytestmark = pytest.mark.django_db


def test_a_section_heading_and_wording_are_kept_in_history_and_shown_in_the_deck(plan):
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    before = timezone.now()
    actions.set_section_wording(
        shared, hospitals, by="t", theme="Akut", title="Præhospitalet afslutter i dagtid"
    )
    content = build_content(plan_snapshot(plan), None)
    rows = {a.slug: a.rows[0] for a in content.areas}
    assert rows["hospitaler"].theme == "Akut"
    assert rows["hospitaler"].title.text == "Præhospitalet afslutter i dagtid"
    assert rows["personale"].theme == "Præhospitalet"
    earlier = build_content(plan_snapshot(plan, before), None)
    assert {a.slug: a.rows[0].theme for a in earlier.areas}["hospitaler"] == "Præhospitalet"


def test_section_wording_is_exported_and_imported_unchanged(plan):
    shared = plan.initiatives_by_key["shared"]
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", theme="Akut", status_text="Igangsat"
    )
    document = plan_document(plan)
    entry = next(i for i in document["initiatives"] if i["ref"] == shared.ref)
    assert entry["area_themes"] == {"hospitaler": "Akut"}
    assert entry["variants"] == [
        {"area": "hospitaler", "status": "Igangsat", "status_for": "I gang."}
    ]
    assert not apply_document(document, by="t").changed
    entry["area_themes"] = {"hospitaler": "Akut 2"}
    report = apply_document(document, by="t")
    assert report.changed
    assert plan_document(plan)["initiatives"][0]["area_themes"] == {"hospitaler": "Akut 2"}


def test_a_section_status_gives_way_to_a_newer_status(plan):
    shared = plan.initiatives_by_key["shared"]
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", status_text="Igangsat"
    )
    rows = {a.slug: a.rows[0] for a in build_content(plan_snapshot(plan), None).areas}
    assert rows["hospitaler"].status.text == "Igangsat"
    shared.refresh_from_db()
    actions.record_status(
        shared, by="t", seen_version=shared.version, text="Udbredes.", status_date=dt.date.today()
    )
    rows = {a.slug: a.rows[0] for a in build_content(plan_snapshot(plan), None).areas}
    assert rows["hospitaler"].status.text == "Udbredes."


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ((), "colour"),
        (("plan",), "sponsor"),
        (("initiatives", 0), "area_theme"),
        (("initiatives", 0, "follow_up"), "owner"),
    ],
)
def test_an_unknown_key_is_refused_naming_where_it_stands(plan, path, key):
    document = plan_document(plan)
    target = document
    for step in path:
        target = target[step]
    target[key] = "x"
    with pytest.raises(ImportFailed) as failure:
        apply_document(document, by="t", dry_run=True)
    where = ".".join(f"[{s}]" if isinstance(s, int) else s for s in (*path, key)).replace(".[", "[")
    assert failure.value.location == where
    assert key in failure.value.message


def test_phase_text_must_agree_with_the_phase(plan):
    document = plan_document(plan)
    document["initiatives"][0]["phase_text"] = "Drift"
    with pytest.raises(ImportFailed, match="Drift"):
        apply_document(document, by="t", dry_run=True)


def test_the_demo_winter_plan_heads_shared_initiatives_by_section(demo):
    from fremdrift.portfolio.models import Plan

    plan = Plan.objects.get(slug="vinterplan-2021")
    content = build_content(plan_snapshot(plan), None)
    themes = {(area.slug, row.ref): row.theme for area in content.areas for row in area.rows}
    assert themes[("hospitaler", "laegevagten-booker-tid-akutafdeling")] == "Akut"
    assert themes[("praktiserende-laeger", "laegevagten-booker-tid-akutafdeling")] == (
        "Visitation i Lægevagten"
    )
    assert themes[("hospitaler", "indlagt-i-eget-hjem")] == "Indlæggelse i eget hjem"
    assert themes[("patientkontoret", "direkte-visitering-privathospitaler")] == "Patientkontoret"
