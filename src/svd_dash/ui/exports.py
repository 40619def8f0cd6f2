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
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from svd_dash.ui.columns import friendly_columns
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


def printable_figure(figure: go.Figure, height_px: int = PRINT_HEIGHT_PX) -> go.Figure:
    """A copy of ``figure`` laid out for print: every margin grows to fit what is in it (axis labels,
    the title, a legend in its own band at the foot), so nothing is cut at the canvas edge, and text
    beside a point is drawn even where it overhangs the plot area."""
    printable = copy.deepcopy(figure)
    printable.update_layout(
        width=PRINT_WIDTH_PX,
        height=height_px,
        margin={"l": 16, "r": 36, "t": 16, "b": 12, "autoexpand": True},
        paper_bgcolor="white",
        font={"size": 13},
        legend={"orientation": "h", "xref": "container", "x": 0.01, "yref": "container", "y": 0, "yanchor": "bottom", "font": {"size": 11}},
    )
    printable.update_xaxes(automargin=True)
    printable.update_yaxes(automargin=True)
    printable.for_each_trace(lambda trace: trace.update(cliponaxis=False), selector=lambda t: "cliponaxis" in t)
    return printable


def titled_for_print(figure: go.Figure, height_px: int, labels: ExportLabels) -> go.Figure:
    """The figure laid out for print (``printable_figure``) with the export's title and subtitle above it."""
    printable = printable_figure(figure, height_px)
    return printable.update_layout(
        title={
            "text": f"<b>{labels.title}</b><br><span style='font-size:0.75em'>{labels.subtitle}</span>",
            "xref": "container",
            "x": 0.01,
            "xanchor": "left",
            "yref": "paper",
            "y": 1,
            "yanchor": "bottom",
            "automargin": True,
            "pad": {"b": 14},
        }
    )


def chart_png(figure: go.Figure, labels: ExportLabels) -> bytes:
    """The figure as a print-resolution PNG: its title and subtitle above, and a band at the foot with
    the source, licence and data dates, drawn below the chart so it can never overlap the legend."""
    footer = footer_band(labels.footer, PRINT_WIDTH_PX * PRINT_SCALE)
    height = chart_height_px(footer)
    printable = titled_for_print(figure, height, labels)
    ensure_image_server()
    options = {"format": "png", "width": PRINT_WIDTH_PX, "height": height, "scale": PRINT_SCALE}
    chart = Image.open(io.BytesIO(kaleido.calc_fig_sync(printable.to_plotly_json(), opts=options))).convert("RGB")
    canvas = Image.new("RGB", (PRINT_WIDTH_PX * PRINT_SCALE, PRINT_HEIGHT_PX * PRINT_SCALE), "white")
    canvas.paste(chart, (0, 0))
    canvas.paste(footer, (0, chart.height))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def chart_height_px(footer: Image.Image) -> int:
    """The height (layout pixels) left for the chart above the footer band."""
    return PRINT_HEIGHT_PX - footer.height // PRINT_SCALE


FOOTER_FONT_PX, FOOTER_MARGIN_PX = 21, 20
"""Footer text size and side margin at print scale (21 px at 300 dpi is about 5 pt; 10.5 pt on screen)."""


def footer_band(text: str, width_px: int) -> Image.Image:
    """A white band holding ``text`` wrapped to the width, in dark grey, above a thin rule."""
    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), FOOTER_FONT_PX)
    lines = wrap_to_width(text, font, width_px - 2 * FOOTER_MARGIN_PX)
    line_height = int(FOOTER_FONT_PX * 1.35)
    band = Image.new("RGB", (width_px, (len(lines) + 1) * line_height + FOOTER_MARGIN_PX // 2), "white")
    draw = ImageDraw.Draw(band)
    draw.line((FOOTER_MARGIN_PX, line_height // 3, width_px - FOOTER_MARGIN_PX, line_height // 3), fill="#bbbbbb", width=2)
    for number, line in enumerate(lines):
        draw.text((FOOTER_MARGIN_PX, (number + 1) * line_height - line_height // 3), line, fill="#333333", font=font)
    return band


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """Words of ``text`` in lines no wider than ``width_px`` when drawn in ``font``."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width_px:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def table_csv(numbers: pd.DataFrame, labels: ExportLabels) -> bytes:
    """The numbers as UTF-8 CSV under friendly column names with units, after '#' comment lines giving
    title, selection, definitions and source."""
    header = "".join(f"# {line}\n" for line in (labels.title, labels.subtitle, labels.definitions, labels.footer))
    buffer = io.StringIO()
    friendly_columns(numbers).to_csv(buffer, index=False, lineterminator="\n")
    return (header + buffer.getvalue()).encode("utf-8")
