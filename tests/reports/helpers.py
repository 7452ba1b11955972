"""Hand-made snapshots for the report tests."""

from __future__ import annotations

from datetime import UTC, datetime

from fremdrift.reports.snapshot import AreaSnapshot, InitiativeSnapshot, PlanSnapshot

BASE_TIME = datetime(2021, 11, 25, 12, tzinfo=UTC)
NOW = datetime(2021, 12, 10, 9, tzinfo=UTC)


def initiative(id: int, **fields: object) -> InitiativeSnapshot:
    """An initiative with a ref and title derived from its id unless given."""
    fields.setdefault("ref", f"I-{id}")
    fields.setdefault("title", f"Indsats {id}")
    return InitiativeSnapshot(id=id, **fields)


def plan(
    initiatives: list[InitiativeSnapshot],
    areas: dict[str, list[int]] | None = None,
    *,
    as_of: datetime = NOW,
) -> PlanSnapshot:
    """A plan whose areas (slug → initiative ids, in order) default to one area with all."""
    areas = areas if areas is not None else {"personale": [i.id for i in initiatives]}
    area_snaps = tuple(
        AreaSnapshot(
            id=position,
            slug=slug,
            title=slug.capitalize(),
            position=position,
            initiative_ids=tuple(ids),
        )
        for position, (slug, ids) in enumerate(areas.items(), start=1)
    )
    return PlanSnapshot(
        slug="vinterplan",
        title="Vinterplan",
        as_of=as_of,
        areas=area_snaps,
        initiatives={i.id: i for i in initiatives},
    )
