"""Extension points through which apps add to shared pages without editing them.

Each app registers small functions in its ``AppConfig.ready()``. Pages call them with what
they show, once per page (never once per row), so query counts stay fixed.

- ``NAV_ITEMS``: entries of the main menu: ``(label, url_name, predicate(user) -> bool)``.
- ``PLAN_ACTIONS``: ``fn(request, plan) -> list[Link]`` buttons on the plan page.
- ``PLAN_ROW_NOTES``: ``fn(request, plan, initiative_ids) -> dict[initiative_id, list[str]]``
  short notes under an initiative in the plan tables (e.g. "4 af 6 enheder i implementering").
- ``INITIATIVE_PANELS``: ``fn(request, initiative) -> list[Panel]`` sections of the
  initiative page (``where`` is "main" or "aside").
- ``INITIATIVE_ACTIONS``: ``fn(request, initiative) -> list[Link]`` buttons on the initiative page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool = False


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    where: str = "main"
    order: int = 50


NAV_ITEMS: list[tuple[Any, str, Callable[[Any], bool]]] = []
PLAN_ACTIONS: list[Callable[[Any, Any], list[Link]]] = []
PLAN_ROW_NOTES: list[Callable[[Any, Any, list[int]], dict[int, list[str]]]] = []
INITIATIVE_PANELS: list[Callable[[Any, Any], list[Panel]]] = []
INITIATIVE_ACTIONS: list[Callable[[Any, Any], list[Link]]] = []


def collect_links(hooks: list[Callable[..., list[Link]]], *args: Any) -> list[Link]:
    return [link for hook in hooks for link in hook(*args)]


def collect_panels(request: Any, initiative: Any) -> dict[str, list[Panel]]:
    panels = sorted(
        (p for hook in INITIATIVE_PANELS for p in hook(request, initiative)), key=lambda p: p.order
    )
    return {
        "main": [p for p in panels if p.where == "main"],
        "aside": [p for p in panels if p.where == "aside"],
    }


def collect_row_notes(request: Any, plan: Any, initiative_ids: list[int]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for hook in PLAN_ROW_NOTES:
        for pk, items in hook(request, plan, initiative_ids).items():
            notes.setdefault(pk, []).extend(items)
    return notes
