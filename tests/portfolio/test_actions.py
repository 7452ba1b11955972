"""The portfolio's only writer: history, audit and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import AreaMembership, InitiativeVersion, StatusUpdate

pytestmark = pytest.mark.django_db


def test_recording_a_status_appends_an_update_moves_the_phase_and_is_audited(plan):
    initiative = plan.initiatives_by_key["hr"]
    update = actions.record_status(
        initiative,
        by="tester",
        seen_version=initiative.version,
        text="HR-forum godkendte, at der uddannes flere SPV'er.",
        phase="udbredelse",
        status_date=dt.date(2021, 12, 16),
    )
    initiative.refresh_from_db()
    assert initiative.phase == "udbredelse"
    assert initiative.status_text.startswith("HR-forum godkendte")
    assert initiative.status_date == dt.date(2021, 12, 16)
    assert StatusUpdate.objects.filter(initiative=initiative).count() == 1
    assert update.author_name == "tester"
    event = AuditEvent.objects.filter(object_id=str(initiative.pk), action="status_recorded").get()
    assert event.after["phase"] == "udbredelse"
    assert event.before["phase"] == "implementering"


def test_a_stale_version_is_refused_and_nothing_is_written(plan):
    initiative = plan.initiatives_by_key["hr"]
    seen = initiative.version
    actions.record_status(initiative, by="a", seen_version=seen, text="Først")
    with pytest.raises(actions.StaleEdit) as info:
        actions.record_status(initiative, by="b", seen_version=seen, text="Bagefter")
    assert info.value.current.status_text == "Først"
    assert StatusUpdate.objects.filter(initiative=initiative).count() == 1


def test_a_status_without_text_is_refused_in_danish(plan):
    from django.utils import translation

    initiative = plan.initiatives_by_key["hr"]
    with translation.override("da"), pytest.raises(ValidationError) as info:
        actions.record_status(initiative, by="a", seen_version=initiative.version, text="  ")
    assert "Skriv status" in str(info.value)


def test_status_updates_cannot_be_changed_once_written(plan):
    update = StatusUpdate.objects.first()
    update.text = "omskrevet"
    with pytest.raises(PermissionError):
        update.save()


def test_every_edit_writes_a_new_version_with_all_fields(plan, units):
    initiative = plan.initiatives_by_key["hr"]
    before = InitiativeVersion.objects.filter(initiative=initiative).count()
    edited = actions.edit_initiative(
        initiative,
        by="a",
        seen_version=initiative.version,
        changes={"title": "Flere SPV'er", "year_task": "Uddanne 20"},
        units={"lead": [units["hr"]], "local": [units["hospital"]]},
    )
    versions = list(InitiativeVersion.objects.filter(initiative=initiative).order_by("version"))
    assert len(versions) == before + 1
    assert versions[-1].version == edited.version
    assert versions[-1].data["title"] == "Flere SPV'er"
    assert versions[-1].data["units"]["local"] == [units["hospital"].pk]
    assert versions[-2].data["title"] == "Uddannelse af flere SPV'er"


def test_an_edit_that_changes_nothing_writes_nothing(plan):
    initiative = plan.initiatives_by_key["hr"]
    count = AuditEvent.objects.count()
    same = actions.edit_initiative(
        initiative, by="a", seen_version=initiative.version, changes={"title": initiative.title}
    )
    assert same.version == initiative.version
    assert AuditEvent.objects.count() == count


def test_an_invalid_phase_is_refused(plan):
    initiative = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError):
        actions.edit_initiative(
            initiative, by="a", seen_version=initiative.version, changes={"phase": "færdig"}
        )


def test_one_initiative_sits_in_two_areas_with_its_own_position_in_each(plan):
    shared = plan.initiatives_by_key["shared"]
    memberships = AreaMembership.objects.filter(initiative=shared, valid_to__isnull=True)
    assert {m.area.slug for m in memberships} == {"personale", "hospitaler"}


def test_unlinking_keeps_the_old_membership_in_the_history(plan):
    shared = plan.initiatives_by_key["shared"]
    area = plan.areas_by_slug["hospitaler"]
    actions.unlink_from_area(shared, area, by="a")
    rows = AreaMembership.objects.filter(initiative=shared, area=area)
    assert rows.count() == 1
    assert rows.get().valid_to is not None


def test_moving_within_an_area_closes_the_old_position_and_opens_a_new_one(plan):
    area = plan.areas_by_slug["personale"]
    hr = plan.initiatives_by_key["hr"]
    actions.move_in_area(hr, area, by="a", position=1)
    current = AreaMembership.objects.get(initiative=hr, area=area, valid_to__isnull=True)
    assert current.position == 1
    assert AreaMembership.objects.filter(initiative=hr, area=area).count() == 2


def test_archiving_takes_the_initiative_out_of_every_area(plan):
    shared = plan.initiatives_by_key["shared"]
    actions.archive_initiative(shared, by="a", seen_version=shared.version)
    assert not AreaMembership.objects.filter(initiative=shared, valid_to__isnull=True).exists()
    shared.refresh_from_db()
    assert shared.archived_at is not None
    assert AuditEvent.objects.filter(action="archived", object_id=str(shared.pk)).exists()


def test_a_new_initiative_gets_a_unique_reference_from_its_title(plan):
    first = actions.create_initiative(plan, by="a", title="Ældre medicinske patienter")
    second = actions.create_initiative(plan, by="a", title="Ældre medicinske patienter")
    assert first.ref == "aeldre-medicinske-patienter"
    assert second.ref == "aeldre-medicinske-patienter-2"


def test_audit_events_cannot_be_edited_or_deleted(plan):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(note="x")
