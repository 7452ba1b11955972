"""The readiness radar: a server-rendered SVG over the eight dimensions of the
transformation wheel. The page shows the same numbers in a table beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 600  # room for the longest dimension label left and right of the chart
HEIGHT = 320
CX = WIDTH / 2
CY = HEIGHT / 2
RADIUS = 105
MAX_SCORE = 5


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * value / MAX_SCORE
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _xy(index: int, count: int, value: float) -> tuple[str, str]:
    x, y = _point(index, count, value)
    return f"{x:.1f}", f"{y:.1f}"


def _points(values: Sequence[float]) -> str:
    return " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values))
    )


def radar_svg(
    labels: Sequence[str],
    scores: Sequence[int | None],
    title: str,
    previous: Sequence[int | None] | None = None,
) -> SafeString:
    """An accessible SVG radar (``role="img"`` with a title); missing scores count as 0."""
    count = len(labels)
    rings = format_html_join(
        "",
        '<polygon points="{}" fill="none" stroke="#c8c8c8" stroke-width="1"/>',
        ((_points([level] * count),) for level in range(1, MAX_SCORE + 1)),
    )
    axes = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c8c8c8" stroke-width="1"/>',
        ((f"{CX:.1f}", f"{CY:.1f}", *_xy(i, count, MAX_SCORE)) for i in range(count)),
    )
    texts = []
    for i, label in enumerate(labels):
        x, y = _point(i, count, MAX_SCORE + 1.1)
        anchor = "middle" if abs(x - CX) < 5 else ("start" if x > CX else "end")
        texts.append((f"{x:.1f}", f"{y + 4:.1f}", anchor, label))
    label_svg = format_html_join(
        "", '<text x="{}" y="{}" text-anchor="{}" font-size="13" fill="#1f1f1f">{}</text>', texts
    )
    old = ""
    if previous is not None:
        old = format_html(
            '<polygon points="{}" fill="none" stroke="#6b6b6b" stroke-width="1.5" '
            'stroke-dasharray="4 3"/>',
            _points([v or 0 for v in previous]),
        )
    now = format_html(
        '<polygon points="{}" fill="#00505f" fill-opacity="0.25" stroke="#00505f" '
        'stroke-width="2"/>',
        _points([v or 0 for v in scores]),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="#00505f"/>',
        (_xy(i, count, v or 0) for i, v in enumerate(scores)),
    )
    return format_html(
        '<svg class="radar" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        "{}{}{}{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        title,
        title,
        rings,
        axes,
        old,
        now,
        dots,
        label_svg,
    )
