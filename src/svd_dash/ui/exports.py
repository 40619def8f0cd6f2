"""Exports for briefing papers: chart images that explain themselves, the numbers behind them as CSV,
and file names that say what a file is.

A chart image carries its own title, a subtitle (area, grouping, period, baseline) and a footer
(source, licence attribution, the data's date range), so it still makes sense pasted into a paper.
Images are drawn by plotly through kaleido, which drives Debian's chromium; one kaleido server is
started per process and reused (about 0.2 s an image after the first).
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass

import kaleido
import pandas as pd
import plotly.graph_objects as go

from svd_dash.ui.state import Selection, area_slug

PRINT_WIDTH_PX, PRINT_HEIGHT_PX, PRINT_SCALE = 1000, 600, 2
"""Layout size and scale of exported charts: 2000 x 1200 pixels, 16.9 cm wide at 300 dpi."""


@dataclass(frozen=True)
class ExportLabels:
    """What an exported file says about itself."""

    title: str
    subtitle: str
    footer: str
    definitions: str
    stem: str


def slug(text: str) -> str:
    """'Serious violence (police.uk proxy)' -> 'serious-violence-police-uk-proxy'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def export_stem(selection: Selection, topic: str) -> str:
    """'coventry_weapons_trend_2025-04_2026-03': area, grouping, what, and the period."""
    return f"{area_slug(selection.area)}_{slug(selection.grouping.name)}_{slug(topic)}_{selection.period.slug}"


def labels_for(selection: Selection, title: str, topic: str, source: str, date_range: str) -> ExportLabels:
    """The labels of one exported chart or table for a selection."""
    return ExportLabels(
        title=title,
        subtitle=selection.subtitle,
        footer=f"{source} Data: {date_range}.",
        definitions=f"{selection.grouping.name}: {selection.grouping.definition}. "
        f"Measure: {selection.measure.label}, {selection.measure.definition}.",
        stem=export_stem(selection, topic),
    )


def ensure_image_server() -> None:
    """Start the shared kaleido (chromium) server for this process; harmless if it is already running."""
    kaleido.start_sync_server(silence_warnings=True)


def chart_png(figure: go.Figure, labels: ExportLabels) -> bytes:
    """The figure as a print-resolution PNG with its title, subtitle and footer drawn on it."""
    printable = copy.deepcopy(figure)
    printable.update_layout(
        title={"text": f"<b>{labels.title}</b><br><span style='font-size:0.75em'>{labels.subtitle}</span>", "x": 0.01, "xanchor": "left"},
        width=PRINT_WIDTH_PX,
        height=PRINT_HEIGHT_PX,
        margin={"l": 70, "r": 30, "t": 95, "b": 150},
        paper_bgcolor="white",
        font={"size": 13},
        legend={"orientation": "h", "x": 0, "y": -0.09, "yanchor": "top", "font": {"size": 11}},
    )
    printable.add_annotation(
        text=_wrap(labels.footer, 150),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.22,
        yanchor="top",
        xanchor="left",
        showarrow=False,
        align="left",
        font={"size": 10, "color": "#333333"},
    )
    ensure_image_server()
    options = {"format": "png", "width": PRINT_WIDTH_PX, "height": PRINT_HEIGHT_PX, "scale": PRINT_SCALE}
    return kaleido.calc_fig_sync(printable.to_plotly_json(), opts=options)


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def table_csv(numbers: pd.DataFrame, labels: ExportLabels) -> bytes:
    """The numbers as UTF-8 CSV, after '#' comment lines giving title, selection, definitions and source."""
    header = "".join(f"# {line}\n" for line in (labels.title, labels.subtitle, labels.definitions, labels.footer))
    buffer = io.StringIO()
    numbers.to_csv(buffer, index=False, lineterminator="\n")
    return (header + buffer.getvalue()).encode("utf-8")
