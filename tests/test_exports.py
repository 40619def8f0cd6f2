"""Exports made from the bundled data: chart and map images, CSVs, and the Word briefing pack.

Samples are written to tests/artifacts/exports/ for people to look at.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from docx import Document
from PIL import Image

from svd_dash.analytics import views
from svd_dash.analytics.findings import key_findings
from svd_dash.prepared import PreparedData, load_boundaries
from svd_dash.ui import charts, lsoa_map, static_maps
from svd_dash.ui.briefing import briefing_file_name, briefing_pack
from svd_dash.ui.components import data_range, source_line
from svd_dash.ui.exports import PRINT_HEIGHT_PX, PRINT_SCALE, PRINT_WIDTH_PX, chart_png, export_stem, labels_for, table_csv
from svd_dash.ui.state import DataMonths, Selection, selection_from_query
from tests.browser import ARTIFACTS, require_chromium

SAMPLES = ARTIFACTS / "exports"


@pytest.fixture(scope="module")
def selection(prepared: PreparedData) -> Selection:
    months = DataMonths(tuple(sorted(pd.to_datetime(prepared.months["month"].unique()))), frozenset())
    query = {"area": "coventry", "grouping": "Weapons", "from": "2025-04", "to": "2026-03", "base_from": "2023-09", "base_to": "2024-08"}
    return selection_from_query(query, months)[0]


def assert_real_image(payload: bytes, size: tuple[int, int]) -> Image.Image:
    image = Image.open(io.BytesIO(payload))
    assert image.format == "PNG" and image.size == size
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 10 and (pixels < 128).mean() > 0.005  # not blank: there is dark ink on it
    return image


def test_file_names_say_what_the_file_is(selection: Selection) -> None:
    assert export_stem(selection, "trend") == "coventry_weapons_trend_2025-04_2026-03"
    assert briefing_file_name(selection) == "coventry_weapons_briefing_2025-04_2026-03.docx"


def test_chart_image_and_its_csv(prepared: PreparedData, selection: Selection) -> None:
    require_chromium()
    trend = views.trend_table(prepared, selection.area.code, selection.grouping, selection.baseline)
    figure = charts.trend_figure(
        trend, selection.baseline, selection.period, "Weapons offences each month", selection.subtitle, "Records per month"
    )
    labels = labels_for(selection, "Weapons offences each month", "trend", source_line(prepared).rstrip(".") + ".", data_range(prepared))
    png = chart_png(figure, labels)
    assert_real_image(png, (PRINT_WIDTH_PX * PRINT_SCALE, PRINT_HEIGHT_PX * PRINT_SCALE))
    csv = table_csv(trend, labels)
    lines = csv.decode("utf-8").splitlines()
    assert lines[0] == "# Weapons offences each month" and lines[1].startswith("# Coventry · Weapons")
    assert "Possession of weapons" in lines[2] and "Open Government Licence" in lines[3] and "May 2023 to March 2026" in lines[3]
    back = pd.read_csv(io.BytesIO(csv), skiprows=4, parse_dates=["month"])
    pd.testing.assert_frame_equal(back, trend, check_dtype=False)
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / f"{labels.stem}.png").write_bytes(png)
    (SAMPLES / f"{labels.stem}.csv").write_bytes(csv)


def test_static_map_image(prepared: PreparedData, selection: Selection) -> None:
    table = views.neighbourhoods(prepared, "E08000026", selection.grouping, selection.period)
    colouring = lsoa_map.by_measure(table, "rate", "Rate per 1,000 residents")
    shapes, wards, councils = (load_boundaries(layer) for layer in ("lsoa21", "ward", "la"))
    labels = labels_for(selection, "Weapons offences per 1,000 residents", "hotspot-map", "Source: police.uk.", data_range(prepared))
    png = static_maps.map_png(
        shapes[shapes["la_code"] == "E08000026"],
        colouring.colours,
        colouring.legend,
        colouring.legend_title,
        wards[wards["la_code"] == "E08000026"],
        councils[councils["la_code"] == "E08000026"],
        labels,
    )
    image = assert_real_image(png, (2000, 1600))
    colours = set(colouring.colours)
    rgb = np.asarray(image.convert("RGB")).reshape(-1, 3)
    drawn = {f"#{r:02x}{g:02x}{b:02x}" for r, g, b in np.unique(rgb, axis=0)}
    assert len(colours & drawn) >= 4  # the class colours are on the map
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / f"{labels.stem}.png").write_bytes(png)


def test_briefing_pack(prepared: PreparedData, selection: Selection) -> None:
    require_chromium()
    payload = briefing_pack(prepared, selection)
    document = Document(io.BytesIO(payload))
    text = "\n".join(p.text for p in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == ["Weapons: Coventry", "Key findings", "Figures", "The numbers", "Definitions", "Sources and licences"]
    for finding in key_findings(prepared, "E08000026", selection.grouping, selection.period, selection.baseline):
        assert finding.sentence in text
    assert "significant" not in text.lower() and "within the normal ups and downs." in text and "Indicative only" in text
    pictures = document.inline_shapes
    assert len(pictures) == 4  # trend, SPC, deprivation, map
    alts = [shape._inline.docPr.get("descr") for shape in pictures]
    assert all(alts) and "within the normal ups and downs" in alts[0] and alts[1].startswith("(≈) Common cause: the latest month")
    assert alts[2].startswith("In Coventry, the rate of weapons offences is")
    table = document.tables[0]
    assert len(table.rows) == 1 + 8 and table.rows[2].cells[0].text == "Coventry"
    assert all(line in text for line in prepared.manifest["attributions"])
    SAMPLES.mkdir(parents=True, exist_ok=True)
    (SAMPLES / briefing_file_name(selection)).write_bytes(payload)
