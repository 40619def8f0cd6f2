"""A card's sparkline as an SVG picture: drawn by the browser at once, with no chart library to load.

Plotly costs a new tab about 1.3 s before its first chart and about 0.2 s for each chart after it
(``benchmarks/browser.py``); the Overview's eight sparklines (seven councils and the region) were eight
plotly charts."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from svd_dash.ui.palettes import OKABE_ITO

WIDTH, HEIGHT = 240.0, 56.0
"""The drawing's own units; it scales to the card's width, keeping its shape."""
PAD = 5.0
"""Room at each edge for a marker (drawing units)."""
PARTIAL_GREY = "#666666"
"""A partial month's hollow circle."""


def sparkline_html(values: Sequence[int], complete: Sequence[bool], label: str) -> str:
    """The sparkline as an ``<img>`` for ``st.html``, which keeps ``<img>`` but strips inline ``<svg>``.
    ``label`` is the picture's text for screen readers; it is escaped here."""
    picture = base64.b64encode(sparkline_svg(values, complete).encode()).decode()
    return f'<img class="sparkline" alt="{html.escape(label)}" src="data:image/svg+xml;base64,{picture}" style="width: 100%">'


def sparkline_svg(values: Sequence[int], complete: Sequence[bool]) -> str:
    """A line of monthly counts (oldest first) for a card: no axes, the card states the figures. Partial months
    (``complete`` False) break the line and show as hollow circles, not as crashes."""
    if len(values) != len(complete):
        raise ValueError(f"{len(values)} values but {len(complete)} completeness flags")
    top = max(max(values, default=1), 1)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = [(PAD + i * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top) for i, value in enumerate(values)]
    runs: list[list[tuple[float, float]]] = [[]]  # runs of complete months, broken at each partial one
    for point, is_complete in zip(points, complete, strict=True):
        if is_complete:
            runs[-1].append(point)
        elif runs[-1]:
            runs.append([])
    lines = "".join(
        f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in run)}" fill="none" stroke="{OKABE_ITO[0]}" '
        'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
        for run in runs
        if len(run) > 1
    )
    lone = "".join(_circle(*run[0], OKABE_ITO[0], OKABE_ITO[0]) for run in runs if len(run) == 1)  # no line to draw: a dot
    hollow = "".join(_circle(x, y, "none", PARTIAL_GREY) for (x, y), is_complete in zip(points, complete, strict=True) if not is_complete)
    return f'<svg viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" width="{WIDTH:.0f}" height="{HEIGHT:.0f}" xmlns="http://www.w3.org/2000/svg">{lines}{lone}{hollow}</svg>'


def _circle(x: float, y: float, fill: str, stroke: str) -> str:
    """A month's marker at (x, y) in drawing units."""
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
