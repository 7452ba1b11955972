"""Server-rendered SVG charts of the dashboard and the initiative panel.

No script and no ``style`` attributes (the Content-Security-Policy allows neither): only SVG
presentation attributes. Every chart has ``role="img"``, a ``<title>`` and a ``<desc>``, and
the page shows the same numbers in a table beside it. Provisional values are hatched, values
hidden in a public view are drawn as "*" without a bar.

An SVG scales with its box, type included: drawn 760 units wide, a chart on a 390 px phone
would have 5 px type. :func:`responsive` draws the dashboard's charts twice, the second
narrow (340 units, fewer labels), and the stylesheet shows one of them by the screen's width.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html as _format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#1f1f1f"
MUTED = "#555555"
GRID = "#d0d4d8"
BRAND = "#00505f"
TARGET = "#8a5300"
HIDDEN_TEXT = "*"
# the widths (SVG units) of a chart for wide screens and for phones (see ``responsive``)
WIDE = 760
NARROW = 340


def _num(value: object) -> object:
    return f"{value:.1f}" if isinstance(value, float) else value


def format_html(template: str, *args: object, **kwargs: object) -> SafeString:
    """Django's ``format_html`` with floats written with one decimal."""
    return _format_html(
        template, *(_num(a) for a in args), **{k: _num(v) for k, v in kwargs.items()}
    )


@dataclass(frozen=True)
class Point:
    """One value to draw: a label, the value (None = none), and how to mark it."""

    label: str
    value: float | None
    preliminary: bool = False
    hidden: bool = False
    text: str = ""


def nice_scale(value: float, *, whole: bool = False) -> tuple[float, float]:
    """A round axis top and step (1, 2 or 5 × 10ⁿ, at most five steps) covering ``value``.
    ``whole`` (counts): the step is a whole number, so every line is a count."""
    if value <= 0:
        return (1.0, 1.0) if whole else (1.0, 0.25)
    exponent = math.floor(math.log10(value / 5))
    for base in (1, 2, 5, 10):
        step = base * 10.0**exponent
        if whole and step < 1:
            continue
        if value / step <= 5:
            return math.ceil(value / step - 1e-9) * step, step
    return 10.0 ** (exponent + 2), 10.0 ** (exponent + 1)


def nice_max(value: float) -> float:
    return nice_scale(value)[0]


def _hatch(chart_id: str, colour: str = BRAND) -> SafeString:
    return format_html(
        '<pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="3"/></pattern>',
        chart_id,
        colour,
    )


def _frame(
    chart_id: str,
    width: int,
    height: int,
    title: str,
    desc: str,
    body: str,
    css_class: str = "chart",
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" font-family="Liberation Sans, Arial, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "<defs>{hatch}</defs>{body}</svg>",
        css_class=css_class,
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
        hatch=_hatch(chart_id),
        body=mark_safe(body),  # noqa: S308 - built with format_html below
    )


def _decimals(step: float) -> int:
    """How many decimals write every multiple of ``step`` exactly (0.25: 2, 5: 0)."""
    for places in range(7):
        scaled = step * 10**places
        if abs(scaled - round(scaled)) < 1e-6:
            return places
    return 6


def _axis_label(value: float, rate: bool, step: float, unit: str = "") -> str:
    """The value of a grid line, with the decimals its axis's ``step`` needs (Danish comma);
    a ``unit`` of "%" follows every value (a measure entered in per cent: 12.5 is 12,5 %)."""
    if rate:
        places = _decimals(step * 100)
        return f"{value * 100:.{places}f}".replace(".", ",") + " %"
    suffix = " %" if unit == "%" else ""
    if value >= 10_000 and step >= 1000:
        return f"{value / 1000:.{_decimals(step / 1000)}f}".replace(".", ",") + "k" + suffix
    return f"{value:.{_decimals(step)}f}".replace(".", ",") + suffix


def responsive(
    draw: Callable[..., SafeString], points: Sequence[Point], *, chart_id: str, **options: object
) -> SafeString:
    """The chart drawn for wide screens and again narrow for phones (``chart_id-narrow``);
    the stylesheet shows the one that fits (``.chart-wide``, ``.chart-narrow``)."""
    wide = draw(points, chart_id=chart_id, variant="wide", **options)
    narrow = draw(points, chart_id=f"{chart_id}-narrow", variant="narrow", **options)
    return wide + narrow


def _css_class(variant: str) -> str:
    return f"chart chart-{variant}" if variant else "chart"


def series_svg(
    points: Sequence[Point],
    *,
    title: str,
    chart_id: str,
    rate: bool = False,
    variant: str = "",
    target: float | None = None,
    target_text: str = "",
    unit: str = "",
) -> SafeString:
    """A time series: bars for counts, a line with dots for rates. ``variant`` "narrow" is
    drawn for a phone: 340 units wide, at most six period labels, the legend on two lines.
    A ``target`` (in the values' units) is a dashed line named "Mål" with ``target_text``
    (or its axis label); the scale reaches it. The ``unit`` of a measure entered by hand
    follows every axis value when it is "%", else it stands once above the axis."""
    narrow = variant == "narrow"
    # room below the plot for the slanted month names ("september 2021")
    if narrow:
        width, height = NARROW, 310
        left, right, top, bottom = 44, 8, 44, 66
    else:
        width, height = WIDE, 306
        left, right, top, bottom = 56, 12, 30, 74
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points if p.value is not None and not p.hidden]
    reach = [*values, target] if target is not None else values
    top_value, step = nice_scale(max(reach, default=0.0), whole=not rate)
    n = max(len(points), 1)
    slot = plot_w / n

    def y(v: float) -> float:
        return top + plot_h - (v / top_value) * plot_h

    parts: list[str] = []
    for i in range(round(top_value / step) + 1):
        v = step * i
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                left,
                y(v),
                width - right,
                y(v),
                GRID,
                left - 6,
                y(v) + 4,
                MUTED,
                _axis_label(v, rate, step, unit),
            )
        )
    if unit and unit != "%" and not rate:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}" '
                'class="axis-unit">{}</text>',
                left - 6,
                top - 10,
                MUTED,
                unit,
            )
        )
    every = max(1, math.ceil(n / (6 if narrow else 12)))
    for i, p in enumerate(points):
        cx = left + slot * (i + 0.5)
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}" '
                    'transform="rotate(-35 {} {})">{}</text>',
                    cx,
                    top + plot_h + 16,
                    INK,
                    cx,
                    top + plot_h + 16,
                    p.label,
                )
            )
        if p.hidden:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}">{}</text>',
                    cx,
                    top + plot_h - 4,
                    MUTED,
                    HIDDEN_TEXT,
                )
            )
            continue
        if p.value is None or rate:
            continue
        bar_w = max(slot * 0.7, 1.0)
        fill = f"url(#{chart_id}-hatch)" if p.preliminary else BRAND
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" '
                'stroke="{}" stroke-width="1"><title>{}</title></rect>',
                cx - bar_w / 2,
                y(p.value),
                bar_w,
                max(plot_h - (y(p.value) - top), 0),
                fill,
                BRAND,
                f"{p.label}: {p.text}",
            )
        )
    if rate:
        coords = [
            (left + slot * (i + 0.5), y(p.value), p)
            for i, p in enumerate(points)
            if p.value is not None and not p.hidden
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _p in coords)
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>', path, BRAND
                )
            )
        for x, yy, p in coords:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}" stroke="{}" '
                    'stroke-width="1.5"><title>{}</title></circle>',
                    x,
                    yy,
                    f"url(#{chart_id}-hatch)" if p.preliminary else BRAND,
                    BRAND,
                    f"{p.label}: {p.text}",
                )
            )
    desc = _("%(count)d periods; hatched values are provisional.") % {"count": len(points)}
    if target is not None:
        named = _("Target: %(value)s") % {
            "value": target_text or _axis_label(target, rate, step, unit)
        }
        parts.append(_target_line(y(max(target, 0.0)), left, width - right, named, key_y=14))
        desc = f"{desc} {named}."
    legend_x = 8 if narrow else left
    parts.append(_legend(chart_id, legend_x, 14, any(p.hidden for p in points), stacked=narrow))
    return _frame(chart_id, width, height, title, desc, "".join(parts), _css_class(variant))


def _target_line(y: float, x1: float, x2: float, named: str, *, key_y: float) -> SafeString:
    """A dashed line across the plot at the target, and its key at the top right (above the
    plot, where no bar can cover it)."""
    line = '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>'
    dashed = ' stroke-dasharray="6 4"'
    return format_html(
        line + line + '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
        *(x1, y, x2, y, TARGET, 1.5, SafeString(dashed)),
        *(x2 - 22, key_y - 4, x2, key_y - 4, TARGET, 1.5, SafeString(dashed)),
        *(x2 - 28, key_y, INK, named),
    )


def _legend(chart_id: str, x: int, y: int, hidden: bool, *, stacked: bool = False) -> SafeString:
    """The key to the hatching (and to "*"): side by side, or one under the other."""
    legend = format_html(
        '<rect x="{}" y="{}" width="14" height="10" fill="url(#{}-hatch)" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
        x,
        y - 9,
        chart_id,
        BRAND,
        x + 20,
        y,
        INK,
        _("provisional"),
    )
    if hidden:
        legend += format_html(
            '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
            x if stacked else x + 120,
            y + 16 if stacked else y,
            INK,
            _("*: hidden (a small number, or one that would reveal it)"),
        )
    return legend


def bars_svg(
    points: Sequence[Point],
    *,
    title: str,
    chart_id: str,
    rate: bool = False,
    variant: str = "",
) -> SafeString:
    """Horizontal bars, one per geography, with the value written beside each bar. ``variant``
    "narrow" is drawn for a phone: 340 units wide, the legend on two lines."""
    narrow = variant == "narrow"
    if narrow:
        row_h, label_w, value_w, width = 22, 124, 62, NARROW
    else:
        row_h, label_w, value_w, width = 22, 170, 70, WIDE
    top = 6
    height = top + row_h * max(len(points), 1) + (42 if narrow else 26)
    plot_w = width - label_w - value_w
    values = [p.value for p in points if p.value is not None and not p.hidden]
    top_value = nice_max(max(values, default=0.0))
    parts: list[str] = []
    for i, p in enumerate(points):
        y = top + i * row_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                label_w - 8,
                y + 15,
                INK,
                p.label,
            )
        )
        if p.hidden or p.value is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                    label_w + 4,
                    y + 15,
                    MUTED,
                    HIDDEN_TEXT if p.hidden else "–",
                )
            )
            continue
        bar = plot_w * p.value / top_value
        fill = f"url(#{chart_id}-hatch)" if p.preliminary else BRAND
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                'stroke-width="1"/><text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                label_w,
                y + 3,
                max(bar, 0.5),
                row_h - 6,
                fill,
                BRAND,
                label_w + bar + 5,
                y + 15,
                INK,
                p.text,
            )
        )
    hidden = any(p.hidden for p in points)
    legend_x, legend_y = (8, height - 22) if narrow else (label_w, height - 6)
    parts.append(_legend(chart_id, legend_x, legend_y, hidden, stacked=narrow))
    desc = _("%(count)d bars, one per geography.") % {"count": len(points)}
    return _frame(chart_id, width, height, title, desc, "".join(parts), _css_class(variant))


def sparkline_svg(
    points: Sequence[Point], *, title: str, chart_id: str, target: float | None = None
) -> SafeString:
    """A small trend line with an optional dashed target line."""
    width, height, pad = 240, 60, 6
    values = [p.value for p in points if p.value is not None and not p.hidden]
    if target is not None:
        values.append(target)
    if not values:
        return _frame(chart_id, width, height, title, _("No values yet."), "")
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, max(low - 1, 0)
    n = max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * i / n
        y = height - pad - (height - 2 * pad) * (v - low) / (high - low)
        return x, y

    parts: list[str] = []
    if target is not None:
        _x, ty = xy(0, target)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" '
                'stroke-dasharray="4 3"/>',
                pad,
                ty,
                width - pad,
                ty,
                TARGET,
            )
        )
    coords = [(*xy(i, p.value), p) for i, p in enumerate(points) if p.value is not None]
    coords = [c for c in coords if not c[2].hidden]
    if len(coords) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                " ".join(f"{x:.1f},{y:.1f}" for x, y, _p in coords),
                BRAND,
            )
        )
    for x, y, p in coords:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3" fill="{}" stroke="{}"/>',
                x,
                y,
                f"url(#{chart_id}-hatch)" if p.preliminary else BRAND,
                BRAND,
            )
        )
    desc = _("Trend over %(count)d periods.") % {"count": len(points)}
    return _frame(chart_id, width, height, title, desc, "".join(parts))
