"""Small charts drawn on the server as SVG (no JavaScript, no build chain): a line of values
over time and bars per day. Pure: values in, markup out; every label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 560
HEIGHT = 160
PAD_LEFT = 44
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # the x axis label (a date)
    value: int


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    points: Sequence[Point]
    css: str = "s1"  # the stylesheet colours .s1, .s2, .s3


def _scale(values: Sequence[int]) -> tuple[int, int]:
    low = min([0, *values])
    high = max([1, *values])
    return low, high


def _y(value: int, low: int, high: int) -> float:
    span = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + span - (value - low) * span / (high - low), 1)


def _x(i: int, count: int) -> float:
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    return round(PAD_LEFT + (span * i / (count - 1) if count > 1 else span / 2), 1)


def _frame(title: str, low: int, high: int, labels: Sequence[str], body: list[str]) -> SafeString:
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{PAD_LEFT}" y1="{_y(low, low, high)}" '
        f'x2="{WIDTH - PAD_RIGHT}" y2="{_y(low, low, high)}"/>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{_y(high, low, high) + 4}" '
        f'text-anchor="end">{high}</text>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{_y(low, low, high) + 4}" '
        f'text-anchor="end">{low}</text>',
    ]
    if labels:
        out.append(
            f'<text class="tick" x="{_x(0, len(labels))}" y="{HEIGHT - 8}" '
            f'text-anchor="start">{escape(labels[0])}</text>'
        )
        if len(labels) > 1:
            out.append(
                f'<text class="tick" x="{_x(len(labels) - 1, len(labels))}" y="{HEIGHT - 8}" '
                f'text-anchor="end">{escape(labels[-1])}</text>'
            )
    out.extend(body)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every label above is escaped)


def line_chart(title: str, series: Sequence[Series]) -> SafeString:
    """One polyline per series over the same x labels (the first series'), with a dot and a
    tooltip per point."""
    values = [p.value for s in series for p in s.points]
    low, high = _scale(values)
    labels = [p.label for p in series[0].points] if series else []
    body: list[str] = []
    for s in series:
        count = len(s.points)
        coords = [(_x(i, count), _y(p.value, low, high)) for i, p in enumerate(s.points)]
        if count > 1:
            path = " ".join(f"{x},{y}" for x, y in coords)
            body.append(f'<polyline class="line {s.css}" points="{path}"/>')
        for (x, y), p in zip(coords, s.points, strict=True):
            body.append(
                f'<circle class="dot {s.css}" cx="{x}" cy="{y}" r="2.5">'
                f"<title>{escape(s.name)} {escape(p.label)}: {p.value}</title></circle>"
            )
    return _frame(title, low, high, labels, body)


def bar_chart(title: str, series: Sequence[Series]) -> SafeString:
    """Stacked bars per x label (the series share their labels), a tooltip per bar part."""
    labels = [p.label for p in series[0].points] if series else []
    count = len(labels)
    totals = [sum(s.points[i].value for s in series) for i in range(count)]
    low, high = _scale(totals)
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(count, 1)
    width = round(max(slot * 0.7, 1), 1)
    body: list[str] = []
    for i in range(count):
        base = 0
        x = round(PAD_LEFT + slot * i + (slot - width) / 2, 1)
        for s in series:
            value = s.points[i].value
            if value <= 0:
                continue
            top = _y(base + value, low, high)
            bottom = _y(base, low, high)
            body.append(
                f'<rect class="bar {s.css}" x="{x}" y="{top}" width="{width}" '
                f'height="{round(bottom - top, 1)}"><title>{escape(s.name)} '
                f"{escape(labels[i])}: {value}</title></rect>"
            )
            base += value
    return _frame(title, low, high, labels, body)
