"""Every export made from the bundled data, for two areas: chart images, static maps, CSVs and the Word pack.

Each image is checked for clipping (the outermost pixel rows and columns are background, so no text or
legend runs off the canvas; the plotly layout reserves its margins), each footer names the series' real
publisher, and each file opens (PIL, csv, python-docx). Samples go to tests/artifacts/exports/ to look at.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.colors
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from docx import Document
from docx.shared import Cm
from PIL import Image

from svd_dash.analytics import views
from svd_dash.analytics.concentration import concentration, lorenz_points
from svd_dash.analytics.deprivation import bivariate_classes, rate_by_decile
from svd_dash.analytics.findings import key_findings
from svd_dash.analytics.periods import complete_months
from svd_dash.analytics.seasonality import seasonal_profile
from svd_dash.analytics.svd import SERIES, published_series
from svd_dash.prepared import PreparedData, load_boundaries
from svd_dash.ui import charts, lsoa_map, static_maps
from svd_dash.ui.briefing import briefing_file_name, briefing_pack
from svd_dash.ui.columns import friendly_columns
from svd_dash.ui.components import data_range, published_range, published_source_line, source_line
from svd_dash.ui.exports import (
    PRINT_HEIGHT_PX,
    PRINT_SCALE,
    PRINT_WIDTH_PX,
    ExportLabels,
    chart_height_px,
    chart_png,
    export_stem,
    footer_band,
    labels_for,
    printable_figure,
    slug,
    table_csv,
    titled_for_print,
)
from svd_dash.ui.official_exports import official_labels
from svd_dash.ui.palettes import BIVARIATE
from svd_dash.ui.state import DataMonths, Selection, selection_from_query
from tests.browser import ARTIFACTS, require_chromium
from tests.chart_text import drawn_text_overlaps

SAMPLES = ARTIFACTS / "exports"
AREAS = ("coventry", "walsall", "west-midlands")


def selection_for(prepared: PreparedData, area: str, grouping: str = "Weapons") -> Selection:
    months = DataMonths(tuple(sorted(pd.to_datetime(prepared.months["month"].unique()))), frozenset())
    query = {"area": area, "grouping": grouping, "from": "2025-04", "to": "2026-03", "base_from": "2024-04", "base_to": "2025-03"}
    return selection_from_query(query, months)[0]


@pytest.fixture(scope="module")
def selection(prepared: PreparedData) -> Selection:
    return selection_for(prepared, "coventry")


@dataclass(frozen=True)
class ChartExport:
    """One chart as a page exports it: the figure, the table behind it, its labels and its publisher."""

    name: str
    figure: go.Figure
    numbers: pd.DataFrame
    labels: ExportLabels
    publisher: str


def chart_exports(prepared: PreparedData, selection: Selection) -> list[ChartExport]:
    """Every chart the pages export, built as the pages build them."""
    area, grouping, span = selection.area.code, selection.grouping, data_range(prepared)
    police = source_line(prepared).rstrip(".") + "."

    def labels(title: str, topic: str, source: str = police) -> ExportLabels:
        return labels_for(selection, title, topic, source, span)

    trend = views.trend_table(prepared, area, grouping, selection.baseline)
    table = views.neighbourhoods(prepared, area, grouping, selection.period)
    months = len(views.months_used(prepared, area, selection.period))
    by_decile = rate_by_decile(table, months)
    profile = seasonal_profile(trend.set_index("month")["count"], complete_months(prepared.months, area))
    by_type = views.monthly_by_type(prepared, area, grouping.crime_types)
    points = lorenz_points(table["count"].fillna(0))
    assert concentration(table["count"].fillna(0)).gini > 0
    code = views.top_neighbourhoods(table, "rate")["lsoa21_code"].iloc[0]
    monthly = views.lsoa_monthly(prepared, code, grouping)
    mix = views.crime_type_mix(prepared, selection.period)
    from svd_dash.ui import cache

    rates, seven, reference, _ = cache.area_comparison(grouping.name, "2025-04", "2026-03", "population", area)
    exports = [
        ChartExport(
            "trend",
            charts.trend_figure(trend, selection.baseline, selection.period, "Each month", selection.comparison_subtitle, "Records"),
            trend,
            labels("Each month", "trend"),
            "police.uk",
        ),
        ChartExport(
            "seasonality",
            charts.seasonal_figure(profile, "Month-of-year profile", "sub"),
            profile,
            labels("Profile", "seasonality"),
            "police.uk",
        ),
        ChartExport(
            "crime-types", charts.small_multiples_figure(by_type, "Each crime type", "sub"), by_type, labels("Types", "types"), "police.uk"
        ),
        ChartExport(
            "lorenz",
            charts.lorenz_figure(points, "Concentration", selection.subtitle),
            points,
            labels("Concentration", "lorenz"),
            "police.uk",
        ),
        ChartExport(
            "lsoa", charts.monthly_bars_figure(monthly, code, grouping.name, "Records"), monthly, labels(code, f"lsoa-{code}"), "police.uk"
        ),
        ChartExport(
            "deciles",
            charts.decile_figure(by_decile, "By decile", selection.subtitle, "Rate"),
            by_decile,
            labels("By decile", "deciles"),
            "police.uk",
        ),
        ChartExport(
            "area-rates",
            charts.area_rates_figure(
                rates.assign(comparison=rates["verdict"]),
                reference,
                "Rates by area",
                "sub",
                "Rate per 1,000 residents",
                selection.area.name,
            ),
            rates,
            labels("Rates by area", "area-rates"),
            "police.uk",
        ),
        ChartExport(
            "funnel",
            charts.funnel_figure(seven, "Funnel", "sub", "Rate", "Residents (Census 2021)"),
            seven.units,
            labels("Funnel", "funnel"),
            "police.uk",
        ),
        ChartExport(
            "crime-mix", charts.mix_figure(mix, "Share of records", "sub"), mix, labels("Share of records", "crime-mix"), "police.uk"
        ),
    ]
    for specs in SERIES.values():
        for spec in specs:
            rows = published_series(prepared.svd_measures, spec)
            figure = charts.published_figure(rows, float(rows["value"].iloc[0]), spec.title, "Published figures", rows["unit"].iloc[0])
            published = official_labels(selection, spec.title, spec.indicator, published_source_line(rows), published_range(rows))
            exports.append(ChartExport(slug(f"{spec.indicator}-{spec.geography}"), figure, rows, published, rows["source"].iloc[-1]))
    return exports


def assert_opens_and_unclipped(payload: bytes, size: tuple[int, int]) -> Image.Image:
    """The PNG opens at ``size``, has ink on it, and its outermost 3 pixel rows and columns are white:
    nothing (text, legend, bars) touches or crosses the canvas edge."""
    image = Image.open(io.BytesIO(payload))
    assert image.format == "PNG" and image.size == size
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 10 and (pixels < 128).mean() > 0.005  # not blank: there is dark ink on it
    edges = np.concatenate([pixels[:3].ravel(), pixels[-3:].ravel(), pixels[:, :3].ravel(), pixels[:, -3:].ravel()])
    assert edges.min() >= 250, "something is drawn at the edge of the canvas"
    return image


def test_file_names_say_what_the_file_is(selection: Selection) -> None:
    assert export_stem(selection, "trend") == "coventry_weapons_trend_2025-04_2026-03"
    assert briefing_file_name(selection) == "coventry_weapons_briefing_2025-04_2026-03.docx"


def test_print_layout_reserves_its_margins(prepared: PreparedData, selection: Selection) -> None:
    for export in chart_exports(prepared, selection):
        layout = printable_figure(export.figure).layout
        assert layout.margin.autoexpand is True and layout.legend.yref == "container" and layout.legend.yanchor == "bottom"
        assert all(
            axis.automargin for axis in [*printable_figure(export.figure).select_xaxes(), *printable_figure(export.figure).select_yaxes()]
        )


@pytest.fixture(scope="module")
def drawing_page(browser):
    """A blank chromium page to draw export layouts in with plotly.js."""
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("area", AREAS)
def test_every_chart_image_and_csv(prepared: PreparedData, area: str, drawing_page) -> None:
    require_chromium()
    selection = selection_for(prepared, area)
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for export in chart_exports(prepared, selection):
        png = chart_png(export.figure, export.labels)
        assert_opens_and_unclipped(png, (PRINT_WIDTH_PX * PRINT_SCALE, PRINT_HEIGHT_PX * PRINT_SCALE))
        height = chart_height_px(footer_band(export.labels.footer, PRINT_WIDTH_PX * PRINT_SCALE))
        printed = titled_for_print(export.figure, height, export.labels)
        assert drawn_text_overlaps(drawing_page, printed, PRINT_WIDTH_PX, height) == [], export.name  # no text over text
        assert export.publisher in export.labels.footer, (export.name, export.labels.footer)
        if export.publisher != "police.uk":
            assert "police.uk" not in export.labels.footer and "2023" not in export.labels.footer, export.labels.footer
            assert selection.area.name not in export.labels.subtitle and "12 months to" not in export.labels.subtitle
        payload = table_csv(export.numbers, export.labels)
        text = payload.decode("utf-8")
        assert text.splitlines()[0] == f"# {export.labels.title}"
        rows = list(csv.reader(io.StringIO(text.split("\n", 4)[4])))
        assert rows[0] == list(friendly_columns(export.numbers).columns) and len(rows) == 1 + len(export.numbers)
        assert all("_" not in name for name in rows[0]), rows[0]  # friendly headers, no snake_case
        (SAMPLES / f"{export.labels.stem}_{export.name}.png").write_bytes(png)
        (SAMPLES / f"{export.labels.stem}_{export.name}.csv").write_bytes(payload)


def test_csv_numbers_reconcile_with_the_table(prepared: PreparedData, selection: Selection) -> None:
    trend = views.trend_table(prepared, selection.area.code, selection.grouping, selection.baseline)
    labels = labels_for(selection, "Weapons offences each month", "trend", source_line(prepared).rstrip(".") + ".", data_range(prepared))
    payload = table_csv(trend, labels)
    lines = payload.decode("utf-8").splitlines()
    assert lines[0] == "# Weapons offences each month" and lines[1].startswith("# Coventry · Weapons")
    assert "Possession of weapons" in lines[2] and "Open Government Licence" in lines[3] and "May 2023 to March 2026" in lines[3]
    back = pd.read_csv(io.BytesIO(payload), skiprows=4)
    assert int(back["Records"].sum()) == int(trend["count"].sum())


def static_map(prepared: PreparedData, selection: Selection, kind: str) -> tuple[bytes, set[str]]:
    area = selection.area.code
    table = views.neighbourhoods(prepared, area, selection.grouping, selection.period)
    if kind == "rate":
        colouring = lsoa_map.by_measure(table, "rate", "Rate per 1,000 residents")
    elif kind == "deprivation":
        colouring = lsoa_map.decile_colouring(
            table, "imd2025_decile", "Index of Multiple Deprivation: IMD 2025 national decile (1 = most deprived)"
        )
    else:
        colouring = lsoa_map.bivariate_colouring(table, bivariate_classes(table["rate"].fillna(0), table["imd2025_score"]))
    labels = labels_for(selection, colouring.legend_title, f"{kind}-map", "Source: police.uk street-level crime.", data_range(prepared))
    png = lsoa_map.map_image(colouring, area, labels)
    return png, set(colouring.colours)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("kind", ["rate", "deprivation", "bivariate"])
def test_static_map_images(prepared: PreparedData, area: str, kind: str) -> None:
    selection = selection_for(prepared, area)
    png, colours = static_map(prepared, selection, kind)
    image = assert_opens_and_unclipped(png, (2000, 1600))
    rgb = np.asarray(image.convert("RGB")).reshape(-1, 3)
    drawn = {f"#{r:02x}{g:02x}{b:02x}" for r, g, b in np.unique(rgb, axis=0)}
    assert len({c.lower() for c in colours} & drawn) >= 3  # the class colours are on the map
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / f"{area}_{kind}_map.png").write_bytes(png)


def test_static_map_has_orientation(prepared: PreparedData, selection: Selection) -> None:
    figure = static_maps.map_figure(*static_maps_inputs(prepared, selection))
    texts = [t.get_text() for axes in figure.axes for t in axes.texts] + [t.get_text() for t in figure.texts]
    assert "N" in texts  # the north arrow
    wards = load_boundaries("ward")
    names = set(wards.loc[wards["la_code"] == selection.area.code, "ward_name"])
    assert len(names & set(texts)) >= len(names) * 0.9  # ward names as place labels
    assert any(type(a).__name__ == "ScaleBar" for a in figure.axes[0].artists)


def static_maps_inputs(prepared: PreparedData, selection: Selection) -> tuple:
    area = selection.area.code
    table = views.neighbourhoods(prepared, area, selection.grouping, selection.period)
    colouring = lsoa_map.by_measure(table, "rate", "Rate per 1,000 residents")
    shapes, wards, councils = (load_boundaries(layer) for layer in ("lsoa21", "ward", "la"))
    labels = labels_for(selection, "Rate", "map", "Source: police.uk.", data_range(prepared))
    pick: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame[frame["la_code"] == area]  # noqa: E731
    return pick(shapes), colouring.colours, colouring.legend, colouring.legend_title, pick(wards), pick(councils), labels


@pytest.mark.parametrize("area", AREAS)
def test_briefing_pack(prepared: PreparedData, area: str) -> None:
    require_chromium()
    selection = selection_for(prepared, area)
    steps: list[str] = []
    payload = briefing_pack(prepared, selection, progress=lambda fraction, step: steps.append(step))
    assert len(steps) >= 4  # progress reported while it builds
    document = Document(io.BytesIO(payload))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(shape.width <= text_width for shape in document.inline_shapes)
    assert text_width >= Cm(15)
    text = "\n".join(p.text for p in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        f"Weapons: {selection.area.name}",
        "Key findings",
        "Figures",
        "The numbers",
        "Definitions",
        "Methods",
        "Sources and licences",
    ]
    for finding in key_findings(prepared, selection.area.code, selection.grouping, selection.period, selection.baseline):
        assert finding.sentence in text
    assert "docs/" not in text and ".md" not in text and "repository" not in text
    assert "significant" not in text.lower() and "normal ups and downs." in text and "Indicative only" in text
    pictures = document.inline_shapes
    assert len(pictures) == 4  # trend, SPC, deprivation, map
    alts = [shape._inline.docPr.get("descr") for shape in pictures]
    assert all(alts) and "normal ups and downs" in alts[0] and "latest month" in alts[1]
    assert alts[2].startswith(f"In {selection.area_phrase}, the rate of weapons offences")
    table = document.tables[0]
    assert len(table.rows) == 1 + 8 and selection.area.name in [row.cells[0].text for row in table.rows]
    assert all("_" not in cell.text for cell in table.rows[0].cells)
    assert all(line in text for line in prepared.manifest["attributions"])
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / briefing_file_name(selection)).write_bytes(payload)
    for number, shape in enumerate(pictures):
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        assert_opens_and_unclipped(blob, Image.open(io.BytesIO(blob)).size)
        (SAMPLES / f"{area}_briefing_figure_{number + 1}.png").write_bytes(blob)


def test_the_static_bivariate_map_has_a_3_by_3_key(prepared: PreparedData) -> None:
    selection = selection_for(prepared, "walsall")
    inputs = list(static_maps_inputs(prepared, selection))
    table = views.neighbourhoods(prepared, selection.area.code, selection.grouping, selection.period)
    colouring = lsoa_map.bivariate_colouring(table, bivariate_classes(table["rate"].fillna(0), table["imd2025_score"]))
    inputs[1:4] = colouring.colours, colouring.legend, colouring.legend_title
    figure = static_maps.map_figure(*inputs)
    key = figure.axes[1]
    assert len(key.patches) == 9 and key.get_xlabel() == "Deprivation →" and key.get_ylabel() == "Rate →"
    assert [t.get_text() for t in key.get_xticklabels()] == ["Low", "Medium", "High"]
    assert [t.get_text() for t in key.get_yticklabels()] == ["Low", "Medium", "High"]  # rate rises upwards
    top_left = next(p for p in key.patches if p.get_xy() == (0, 2))
    assert matplotlib.colors.to_hex(top_left.get_facecolor()) == BIVARIATE["high rate, low deprivation"]
    legend_entries = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert legend_entries == ["Council boundary", "Ward boundary"]  # the nine classes are in the grid, not a list
