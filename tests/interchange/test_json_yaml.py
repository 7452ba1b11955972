"""The interchange format: export, import, round trip, idempotence and clean refusals."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from fremdrift.core.models import AuditEvent, OrgUnit
from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.export import dumps, plan_document
from fremdrift.portfolio.models import Initiative, Plan, StatusUpdate

pytestmark = pytest.mark.django_db

DOC = {
    "format": "fremdrift-plan/1",
    "plan": {
        "slug": "vinterplan-test",
        "title": "Vinterplan",
        "owner": "Koncernledelsen",
        "period_start": "2021-10-27",
        "period_end": "2022-04-30",
        "purpose": ["Komme godt og sikkert gennem vinteren"],
    },
    "areas": [
        {"slug": "personale", "title": "Personale", "initiatives": ["spv", "praehospital"]},
        {"slug": "kommuner", "title": "Kommuner", "initiatives": ["praehospital"]},
    ],
    "initiatives": [
        {
            "ref": "spv",
            "theme": "Flere faggrupper",
            "title": "Yderligere brug af SPV'er",
            "kind": "implementering",
            "phase": "implementering",
            "status": "HR-forum godkendte, at der uddannes flere SPV'er.",
            "status_date": "2022-02-08",
            "follow_up": {
                "local": [],
                "common": ["Koncern HR"],
                "lead": "Koncern HR",
                "text": "Fælles: Koncern HR",
            },
            "areas": ["personale"],
            "history": [
                {
                    "date": "2021-11-24",
                    "phase": "afdækning",
                    "status": "Oplæg behandles i HR-forum.",
                },
                {
                    "date": "2022-02-08",
                    "phase": "implementering",
                    "status": "HR-forum godkendte, at der uddannes flere SPV'er.",
                },
            ],
        },
        {
            "ref": "praehospital",
            "title": "Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid",
            "work_form": "prøvehandling",
            "phase": "afprøvning",
            "phase_target": "udbredelse",
            "status": "Prøvehandling i gang.",
            "status_date": "2021-11-24",
            "follow_up": {
                "local": ["Randersklyngen"],
                "common": [],
                "lead": None,
                "text": "Lokalt: Randersklyngen",
            },
            "areas": ["personale", "kommuner"],
            "history": [
                {
                    "date": "2021-11-24",
                    "phase": "afprøvning",
                    "phase_target": "udbredelse",
                    "status": "Prøvehandling i gang.",
                }
            ],
        },
    ],
}


def test_an_imported_plan_has_one_initiative_in_each_of_its_areas():
    report = apply_document(copy.deepcopy(DOC), by="t")
    assert report.plan_slug == "vinterplan-test"
    plan = Plan.objects.get(slug="vinterplan-test")
    shared = Initiative.objects.get(plan=plan, ref="praehospital")
    assert sorted(m.area.slug for m in shared.memberships.all()) == ["kommuner", "personale"]
    assert shared.phase_target == "udbredelse"
    assert Initiative.objects.filter(plan=plan).count() == 2


def test_history_becomes_dated_status_updates_oldest_first():
    apply_document(copy.deepcopy(DOC), by="t")
    spv = Initiative.objects.get(ref="spv")
    texts = list(
        StatusUpdate.objects.filter(initiative=spv)
        .order_by("recorded_at")
        .values_list("text", "phase")
    )
    assert texts == [
        ("Oplæg behandles i HR-forum.", "afdækning"),
        ("HR-forum godkendte, at der uddannes flere SPV'er.", "implementering"),
    ]
    assert spv.status_date.isoformat() == "2022-02-08"


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_gives_the_same_document():
    from django.core.management import call_command

    apply_document(copy.deepcopy(DOC), by="t")
    first = plan_document(Plan.objects.get(slug="vinterplan-test"))
    text = dumps(first, "json")
    call_command("flush", interactive=False, verbosity=0)
    assert not OrgUnit.objects.exists()
    apply_document(json.loads(text), by="t")
    second = plan_document(Plan.objects.get(slug="vinterplan-test"))
    assert second == first


def test_yaml_and_json_exports_carry_the_same_document():
    apply_document(copy.deepcopy(DOC), by="t")
    document = plan_document(Plan.objects.get(slug="vinterplan-test"))
    assert yaml.safe_load(dumps(document, "yaml")) == json.loads(dumps(document, "json"))


def test_importing_the_same_document_twice_changes_nothing():
    apply_document(copy.deepcopy(DOC), by="t")
    counts = (Initiative.objects.count(), StatusUpdate.objects.count(), AuditEvent.objects.count())
    report = apply_document(copy.deepcopy(DOC), by="t")
    assert not report.changed
    assert (
        Initiative.objects.count(),
        StatusUpdate.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_a_newer_document_adds_status_updates_instead_of_duplicating_initiatives():
    apply_document(copy.deepcopy(DOC), by="t")
    newer = copy.deepcopy(DOC)
    entry = newer["initiatives"][1]
    entry["history"].append(
        {"date": "2022-02-08", "phase": "udbredelse", "status": "Udbredes til alle klynger."}
    )
    entry["status"], entry["phase"], entry["phase_target"] = (
        "Udbredes til alle klynger.",
        "udbredelse",
        None,
    )
    newer["areas"][1]["initiatives"] = []
    entry["areas"] = ["personale"]
    report = apply_document(newer, by="t")
    shared = Initiative.objects.get(ref="praehospital")
    assert Initiative.objects.count() == 2
    assert shared.status_updates.count() == 2
    assert shared.phase == "udbredelse"
    assert [m.area.slug for m in shared.memberships.filter(valid_to__isnull=True)] == ["personale"]
    assert report.unlinked


def test_the_import_is_recorded_in_the_audit_trail_with_file_name_and_hash():
    apply_document(copy.deepcopy(DOC), by="t", source_name="vinter.json", source_hash="abc123")
    event = AuditEvent.objects.get(action="imported")
    assert event.after["file"] == "vinter.json"
    assert event.after["sha256"] == "abc123"


def test_a_dry_run_reports_but_writes_nothing():
    report = apply_document(copy.deepcopy(DOC), by="t", dry_run=True)
    assert report.created
    assert not Plan.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["plan"].pop("slug"), "plan.slug"),
        (lambda d: d["plan"].pop("title"), "plan.title"),
        (lambda d: d["initiatives"][1].pop("ref"), "initiatives[1].ref"),
        (lambda d: d["initiatives"][0].update(title=""), "initiatives[0].title"),
        (lambda d: d["initiatives"][0].update(phase="færdig"), "initiatives[0].phase"),
        (
            lambda d: d["initiatives"][0]["history"][0].update(date="24/11/2021"),
            "initiatives[0].history[0].date",
        ),
        (lambda d: d["areas"][0]["initiatives"].append("findes-ikke"), "areas[0].initiatives"),
    ],
)
def test_a_bad_document_is_refused_naming_the_key_and_nothing_is_written(mutate, where):
    document = copy.deepcopy(DOC)
    mutate(document)
    with pytest.raises(ImportFailed) as info:
        apply_document(document, by="t")
    assert info.value.location == where
    assert not Plan.objects.exists()


def test_unknown_keys_are_refused_naming_the_key_and_where_it_stands():
    document = copy.deepcopy(DOC)
    document["initiatives"][0]["budget"] = 100
    with pytest.raises(ImportFailed) as failure:
        apply_document(document, by="t")
    assert failure.value.location == "initiatives[0].budget"
    assert "budget" in failure.value.message
    assert not Plan.objects.filter(slug="vinterplan-test").exists()
