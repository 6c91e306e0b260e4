"""The back office's server-side SVG charts: pure functions of their values."""

from __future__ import annotations

import re

from stockbridge.web.backoffice.charts import Point, Series, bar_chart, line_chart


def test_a_line_chart_places_each_point_and_escapes_its_labels() -> None:
    svg = line_chart(
        "On hand <of> LS-S",
        [Series("On hand", [Point("d1", 0), Point("d2", 10), Point("d&3", 5)])],
    )
    assert svg.startswith('<svg class="chart" viewBox="0 0 560 160" role="img"')
    assert 'aria-label="On hand &lt;of&gt; LS-S"' in svg
    assert '<polyline class="line s1" points="44.0,132.0 296.0,12.0 548.0,72.0"/>' in svg
    assert re.findall(r'r="2.5"><title>On hand ([^<]+)</title>', svg) == [
        "d1: 0",
        "d2: 10",
        "d&amp;3: 5",
    ]


def test_bars_stack_their_series_and_leave_out_zeros() -> None:
    svg = bar_chart(
        "Runs",
        [
            Series("ok", [Point("a", 2), Point("b", 0)], "s2"),
            Series("failed", [Point("a", 2), Point("b", 1)], "s3"),
        ],
    )
    rects = re.findall(
        r'<rect class="bar (s\d)" x="([\d.]+)" y="([\d.]+)" width="[\d.]+" '
        r'height="([\d.]+)">',
        svg,
    )
    assert rects == [
        ("s2", "81.8", "72.0", "60.0"),
        ("s3", "81.8", "12.0", "60.0"),
        ("s3", "333.8", "102.0", "30.0"),
    ]
    assert "<title>failed b: 1</title>" in svg
    # the axis runs from 0 to the highest stacked total
    assert '<text class="tick" x="38" y="16.0" text-anchor="end">4</text>' in svg


def test_an_empty_chart_still_draws_its_axis() -> None:
    svg = bar_chart("Orders", [Series("Orders", [])])
    assert "<rect" not in svg
    assert '<line class="axis"' in svg
