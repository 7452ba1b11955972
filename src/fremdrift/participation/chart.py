"""The prioritisation chart of a long-list: candidates on two axes, as a self-contained SVG.

Points carry the candidate's number in the table beside the chart (the table alternative);
candidates with the same scores are spread in a small circle so every number is readable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from fremdrift.participation.choices import CandidateStatus
from fremdrift.participation.models import Candidate, LongList

SIZE = 460
MARGIN = 56
STATUS_COLOURS = {
    "open": "#00505F",
    "selected": "#2E7D32",
    "rejected": "#8C8C8C",
    "promoted": "#6A1B9A",
}


def legend(numbered: Sequence[tuple[int, Candidate]]) -> list[tuple[str, str]]:
    """The colour and name of each status that has a point in the chart, in status order."""
    shown = {c.status for _n, c in numbered if c.is_scored}
    return [
        (STATUS_COLOURS[value], str(label))
        for value, label in CandidateStatus.choices
        if value in shown and value in STATUS_COLOURS
    ]


def render_svg(long_list: LongList, numbered: Sequence[tuple[int, Candidate]]) -> str:
    """The chart; ``numbered`` pairs each candidate with its number in the table."""
    low, high = long_list.scale_min, long_list.scale_max
    plot = SIZE - 2 * MARGIN
    span = high - low

    def px(value: float) -> float:
        return MARGIN + plot * (value - low) / span

    def py(value: float) -> float:
        return SIZE - MARGIN - plot * (value - low) / span

    title = _("Prioritisation of %(list)s: %(x)s against %(y)s") % {
        "list": long_list.title,
        "x": long_list.x_label,
        "y": long_list.y_label,
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" '
        f'height="{SIZE}" role="img" aria-labelledby="chart-title" '
        f'font-family="Liberation Sans, Arial, sans-serif" font-size="11">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<rect width="{SIZE}" height="{SIZE}" fill="#ffffff"/>',
        f'<rect x="{px((low + high) / 2):.1f}" y="{MARGIN}" width="{plot / 2:.1f}" '
        f'height="{plot / 2:.1f}" fill="#e8f5e9"/>',
    ]
    step = max(1, math.ceil(span / 10))
    for value in range(low, high + 1, step):
        parts.append(
            f'<line x1="{px(value):.1f}" y1="{MARGIN}" x2="{px(value):.1f}" '
            f'y2="{SIZE - MARGIN}" stroke="#e0e0e0"/>'
        )
        parts.append(
            f'<line x1="{MARGIN}" y1="{py(value):.1f}" x2="{SIZE - MARGIN}" '
            f'y2="{py(value):.1f}" stroke="#e0e0e0"/>'
        )
        parts.append(
            f'<text x="{px(value):.1f}" y="{SIZE - MARGIN + 16}" '
            f'text-anchor="middle" fill="#404040">{value}</text>'
        )
        parts.append(
            f'<text x="{MARGIN - 8}" y="{py(value) + 4:.1f}" text-anchor="end" '
            f'fill="#404040">{value}</text>'
        )
    parts.append(
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{plot}" height="{plot}" fill="none" '
        f'stroke="#8c8c8c"/>'
    )
    parts.append(
        f'<text x="{SIZE / 2}" y="{SIZE - 14}" text-anchor="middle" font-weight="bold" '
        f'fill="#1f1f1f">{escape(long_list.x_label)} →</text>'
    )
    parts.append(
        f'<text x="16" y="{SIZE / 2}" text-anchor="middle" font-weight="bold" '
        f'fill="#1f1f1f" transform="rotate(-90 16 {SIZE / 2})">'
        f"{escape(long_list.y_label)} →</text>"
    )
    groups: dict[tuple[int, int], list[tuple[int, Candidate]]] = defaultdict(list)
    for number, candidate in numbered:
        if candidate.is_scored:
            groups[(candidate.x_score, candidate.y_score)].append((number, candidate))
    for (x, y), members in groups.items():
        for index, (number, candidate) in enumerate(members):
            dx = dy = 0.0
            if len(members) > 1:
                angle = 2 * math.pi * index / len(members)
                radius = 9 + 2 * len(members)
                dx, dy = radius * math.cos(angle), radius * math.sin(angle)
            cx, cy = px(x) + dx, py(y) + dy
            colour = STATUS_COLOURS.get(candidate.status, "#00505F")
            tooltip = (
                f"{number}. {candidate.title} ({long_list.x_label} {x}, {long_list.y_label} {y})"
            )
            parts.append(
                f"<g><title>{escape(tooltip)}</title>"
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="{colour}"/>'
                f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" '
                f'fill="#ffffff" font-size="10" font-weight="bold">{number}</text></g>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
