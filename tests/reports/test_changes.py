"""Change detection and report content from two snapshots."""

from __future__ import annotations

from dataclasses import replace

from fremdrift.reports.changes import ChangeKind, detect_changes
from fremdrift.reports.content import LAYOUT_STATUS, LAYOUT_YEAR_TASK, build_content

from .helpers import BASE_TIME, initiative, plan


def by_id(changes):
    return {c.initiative_id: c for c in changes}


def base_items():
    return [
        initiative(1, status="Igangsat.", phase="udvikling", phase_label="Udvikling"),
        initiative(2, status="I gang.", follow_up_text="Lokalt"),
        initiative(3, status="Afventer."),
    ]


def test_an_added_sentence_is_a_status_change():
    old = plan(base_items(), as_of=BASE_TIME)
    items = base_items()
    items[0] = replace(items[0], status="Igangsat. Aftalt på møde 24. november 2021.")
    change = by_id(detect_changes(old, plan(items)))[1]
    assert change.kind is ChangeKind.CHANGED
    assert change.fields == ("status",)


def test_a_changed_phase_is_reported():
    old = plan(base_items(), as_of=BASE_TIME)
    items = base_items()
    items[0] = replace(items[0], phase_target="implementering", phase_target_label="Implementering")
    assert by_id(detect_changes(old, plan(items)))[1].fields == ("phase",)


def test_a_changed_follow_up_unit_is_reported():
    old = plan(base_items(), as_of=BASE_TIME)
    items = base_items()
    items[1] = replace(items[1], common_units=("Koncern HR",))
    assert by_id(detect_changes(old, plan(items)))[2].fields == ("follow_up",)


def test_a_new_initiative_is_reported_as_new():
    old = plan(base_items(), as_of=BASE_TIME)
    current = plan([*base_items(), initiative(4, status="Nyt.")])
    change = by_id(detect_changes(old, current))[4]
    assert change.kind is ChangeKind.NEW
    assert change.joined_areas == ("personale",)


def test_an_initiative_removed_from_the_plan_is_reported():
    old = plan(base_items(), as_of=BASE_TIME)
    current = plan(base_items()[:2])
    change = by_id(detect_changes(old, current))[3]
    assert change.kind is ChangeKind.REMOVED
    assert change.removed_from_plan
    assert change.left_areas == ("personale",)


def test_an_initiative_removed_from_one_area_only_stays_in_the_plan():
    areas_before = {"personale": [1, 2, 3], "hospitaler": [1]}
    areas_after = {"personale": [2, 3], "hospitaler": [1]}
    old = plan(base_items(), areas_before, as_of=BASE_TIME)
    change = by_id(detect_changes(old, plan(base_items(), areas_after)))[1]
    assert change.kind is ChangeKind.CHANGED
    assert not change.removed_from_plan
    assert change.left_areas == ("personale",)
    assert change.fields == ()


def test_unchanged_initiatives_are_reported_as_unchanged():
    old = plan(base_items(), as_of=BASE_TIME)
    items = base_items()
    items[0] = replace(items[0], status="Igangsat.  ")
    kinds = {c.initiative_id: c.kind for c in detect_changes(old, plan(items))}
    assert kinds == {1: ChangeKind.UNCHANGED, 2: ChangeKind.UNCHANGED, 3: ChangeKind.UNCHANGED}


def test_content_marks_only_the_added_sentence():
    old = plan(base_items(), as_of=BASE_TIME)
    items = base_items()
    items[0] = replace(items[0], status="Igangsat. Aftalt på møde.")
    content = build_content(plan(items), old, baseline_label="HMU")
    rows = content.areas[0].rows
    assert [s.text for s in rows[0].status if s.changed] == ["Aftalt på møde."]
    assert not any(r.has_changes for r in rows[1:])
    assert content.baseline_label == "HMU"
    assert [(c.initiative_title, c.before, c.after) for c in content.changes] == [
        ("Indsats 1", "Igangsat.", "Igangsat. Aftalt på møde.")
    ]


def test_a_new_initiative_is_all_red_and_flagged_new():
    old = plan(base_items(), as_of=BASE_TIME)
    content = build_content(plan([*base_items(), initiative(4, status="Nyt.")]), old)
    row = content.areas[0].rows[-1]
    assert row.is_new
    assert all(s.changed for s in row.status if s.text.strip())
    assert all(s.changed for s in row.title)


def test_an_initiative_in_two_areas_appears_in_both_tables():
    current = plan(base_items(), {"personale": [1, 2], "hospitaler": [1, 3]})
    content = build_content(current, None)
    assert [[r.initiative_id for r in a.rows] for a in content.areas] == [[1, 2], [1, 3]]


def test_removed_initiatives_are_listed_with_the_area_they_left():
    old = plan(base_items(), {"personale": [1, 2, 3], "hospitaler": [2]}, as_of=BASE_TIME)
    current = plan(base_items()[:2], {"personale": [1, 2], "hospitaler": []})
    removed = build_content(current, old).removed
    assert [(r.title, r.area_title, r.removed_from_plan) for r in removed] == [
        ("Indsats 2", "Hospitaler", False),
        ("Indsats 3", "Personale", True),
    ]


def test_selected_areas_limit_rows_removals_and_changes():
    old = plan(base_items(), {"personale": [1, 2], "hospitaler": [3]}, as_of=BASE_TIME)
    current = plan(base_items()[:2], {"personale": [1, 2], "hospitaler": []})
    content = build_content(current, old, areas=["personale"])
    assert [a.slug for a in content.areas] == ["personale"]
    assert content.removed == ()
    assert content.changes == ()


def test_without_a_baseline_nothing_is_marked():
    content = build_content(plan(base_items()), None, baseline_label="ignored")
    assert not any(r.has_changes or r.is_new for r in content.areas[0].rows)
    assert content.baseline_label is None
    assert content.changes == ()


def test_not_reported_initiatives_are_flagged():
    items = base_items()
    items[2] = replace(items[2], flags=frozenset({"not_reported"}))
    rows = build_content(plan(items), None).areas[0].rows
    assert [r.not_reported for r in rows] == [False, False, True]


def test_year_plans_use_the_year_task_layout():
    assert build_content(plan(base_items()), None).layout == LAYOUT_STATUS
    items = [replace(base_items()[0], year_task="Prøvehandling udbredes til alle afdelinger")]
    assert build_content(plan(items), None).layout == LAYOUT_YEAR_TASK
