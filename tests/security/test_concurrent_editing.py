"""No lost updates: two writers with their own database connections, at the same time.

``portfolio.actions`` lock the initiative row (``select_for_update``) before comparing the
version the writer started from, so the second writer waits for the first to commit, then
sees the new version and is refused with ``StaleEdit``. Only PostgreSQL has row locks that
make this a real race; SQLite serialises whole-database writes and is skipped.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative, StatusUpdate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent writers need PostgreSQL"
    ),
]


def _in_thread(target: Any, results: dict[str, Any], key: str) -> threading.Thread:
    def run() -> None:
        try:
            results[key] = target()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each writer got
            results[key] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_second_of_two_concurrent_writers_gets_stale_edit(plan, users):
    shared = plan.initiatives_by_key["shared"]
    seen = shared.version
    first_has_written, release_first = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first_writer() -> Any:
        with transaction.atomic():  # keeps the row lock until the test releases it
            update = actions.record_status(
                shared, by=users["editor_hospital"], seen_version=seen, text="Først."
            )
            first_has_written.set()
            assert release_first.wait(20)
            return update

    def second_writer() -> Any:
        return actions.edit_initiative(
            shared, by=users["coordinator"], seen_version=seen, changes={"title": "Anden skriver"}
        )

    one = _in_thread(first_writer, results, "first")
    assert first_has_written.wait(20)
    two = _in_thread(second_writer, results, "second")
    time.sleep(0.5)
    assert two.is_alive(), "the second writer should wait for the first one's row lock"
    release_first.set()
    one.join(20)
    two.join(20)

    assert isinstance(results["first"], StatusUpdate)
    assert isinstance(results["second"], actions.StaleEdit)
    assert results["second"].current.version == seen + 1
    current = Initiative.objects.get(pk=shared.pk)
    assert current.version == seen + 1
    assert current.status_text == "Først."
    assert not current.title.startswith("Anden")


def test_of_many_writers_starting_from_one_version_exactly_one_wins(plan, users):
    shared = plan.initiatives_by_key["shared"]
    seen = shared.version
    start = threading.Barrier(4)
    results: dict[str, Any] = {}

    def writer(n: int) -> Any:
        def run() -> Any:
            start.wait(20)
            return actions.record_status(
                shared, by=users["editor_hospital"], seen_version=seen, text=f"Skriver {n}."
            )

        return run

    threads = [_in_thread(writer(n), results, f"w{n}") for n in range(4)]
    for thread in threads:
        thread.join(30)
    winners = [r for r in results.values() if isinstance(r, StatusUpdate)]
    losers = [r for r in results.values() if isinstance(r, actions.StaleEdit)]
    assert len(winners) == 1 and len(losers) == 3, results
    assert StatusUpdate.objects.filter(initiative=shared).count() == 2
    assert Initiative.objects.get(pk=shared.pk).version == seen + 1


def _held_by_a_first_writer(write: Any, results: dict[str, Any]) -> tuple[Any, Any]:
    """Start ``write`` in its own connection and keep its transaction (and row locks) open
    until the test calls the returned ``release``; returns (thread, release)."""
    written, release = threading.Event(), threading.Event()

    def first_writer() -> Any:
        with transaction.atomic():
            result = write()
            written.set()
            assert release.wait(20)
            return result

    thread = _in_thread(first_writer, results, "first")
    assert written.wait(20)
    return thread, release


def _finish(first: Any, release: Any, second: Any) -> None:
    time.sleep(0.5)
    assert second.is_alive(), "the second writer should wait for the first one's row lock"
    release.set()
    first.join(20)
    second.join(20)


def test_an_area_change_and_a_field_change_from_one_version_cannot_both_win(plan, users):
    shared = plan.initiatives_by_key["shared"]  # in "personale" and "hospitaler"
    seen = shared.version
    start = threading.Barrier(2)
    results: dict[str, Any] = {}

    def areas_only() -> Any:
        start.wait(20)
        return actions.edit_initiative(
            shared,
            by=users["coordinator"],
            seen_version=seen,
            changes={},
            areas=[plan.areas_by_slug["personale"]],
        )

    def title_with_the_old_areas() -> Any:
        start.wait(20)
        return actions.edit_initiative(
            shared,
            by=users["coordinator"],
            seen_version=seen,
            changes={"title": "Ny titel"},
            areas=list(plan.areas_by_slug.values()),
        )

    threads = [
        _in_thread(areas_only, results, "areas"),
        _in_thread(title_with_the_old_areas, results, "title"),
    ]
    for thread in threads:
        thread.join(30)
    winners = [k for k, r in results.items() if isinstance(r, Initiative)]
    losers = [k for k, r in results.items() if isinstance(r, actions.StaleEdit)]
    assert len(winners) == 1 and len(losers) == 1, results
    current = Initiative.objects.get(pk=shared.pk)
    areas = sorted(m.area.slug for m in current.memberships.filter(valid_to__isnull=True))
    if winners == ["areas"]:
        assert areas == ["personale"] and not current.title.startswith("Ny titel")
    else:
        assert areas == ["hospitaler", "personale"] and current.title == "Ny titel"


def test_a_decision_recorded_while_a_status_is_written_is_refused_and_records_nothing(plan, users):
    import datetime as dt

    from fremdrift.governance import actions as governance
    from fremdrift.governance.models import Decision

    shared = plan.initiatives_by_key["shared"]
    forum = governance.create_forum(by="test", short_name="HMU", name="HMU", plans=[plan])
    meeting = governance.create_meeting(forum, by="test", date=dt.date(2021, 12, 10))
    item = governance.add_agenda_item(
        meeting, by="test", title="Udbredelse", kind="beslutning", initiatives=[shared]
    )
    seen = {shared.pk: shared.version}  # what the secretary's form shows
    results: dict[str, Any] = {}
    first, release = _held_by_a_first_writer(
        lambda: actions.record_status(
            shared, by=users["editor_hospital"], seen_version=shared.version, text="Sat på pause."
        ),
        results,
    )
    second = _in_thread(
        lambda: governance.record_decision(
            item,
            by=users["coordinator"],
            text="Udbredes til alle afdelinger.",
            outcome="phase_change",
            phase="udbredelse",
            seen_versions=seen,
        ),
        results,
        "second",
    )
    _finish(first, release, second)

    assert isinstance(results["first"], StatusUpdate)
    assert isinstance(results["second"], governance.StaleDecision)
    assert [i.pk for i in results["second"].changed] == [shared.pk]
    assert not Decision.objects.exists()
    current = Initiative.objects.get(pk=shared.pk)
    assert current.status_text == "Sat på pause." and current.phase == "afprøvning"


def test_an_import_applied_while_an_initiative_is_edited_refuses_instead_of_overwriting(
    plan, users
):
    from fremdrift.interchange.apply import PreviewOutdated, apply_document

    shared, hr = plan.initiatives_by_key["shared"], plan.initiatives_by_key["hr"]
    document = {
        "plan": {"slug": plan.slug, "title": plan.title},
        "areas": [
            {"slug": "personale", "title": "Personale", "initiatives": [shared.ref, hr.ref]},
            {"slug": "hospitaler", "title": "Hospitaler", "initiatives": [shared.ref]},
        ],
        "initiatives": [
            {"ref": shared.ref, "title": "Titel fra filen", "phase": "afprøvning"},
            {"ref": hr.ref, "title": hr.title, "phase": hr.phase},
        ],
    }
    preview = apply_document(document, by=users["coordinator"], dry_run=True)
    results: dict[str, Any] = {}
    first, release = _held_by_a_first_writer(
        lambda: actions.edit_initiative(
            shared,
            by=users["editor_hospital"],
            seen_version=shared.version,
            changes={"description": "Skrevet mens filen lå til godkendelse."},
        ),
        results,
    )
    second = _in_thread(
        lambda: apply_document(document, by=users["coordinator"], seen=preview.seen),
        results,
        "second",
    )
    _finish(first, release, second)

    assert isinstance(results["first"], Initiative)
    assert isinstance(results["second"], PreviewOutdated), results["second"]
    current = Initiative.objects.get(pk=shared.pk)
    assert current.description == "Skrevet mens filen lå til godkendelse."
    assert current.title.startswith("Prøvehandling")
