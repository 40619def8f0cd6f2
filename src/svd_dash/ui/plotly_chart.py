"""Charts drawn by plotly.js's basic bundle (scatter and bar traces, 1.2 MB) instead of Streamlit's own
plotly element, which loads the whole of plotly.js (4.7 MB) into every new tab.

Measured in headless chromium on a new tab (issue 11): a page with one small chart showed in 1.30 s this
way against 2.08 s with ``st.plotly_chart``, and with five charts 1.67 s against 2.61 s; the bare page
took 0.92 s. Every figure here uses only scatter and bar traces, which the basic bundle draws
(``tests/test_plotly_chart.py`` checks it, and that the bundle is the plotly.js version the Python
package writes figures for).

The bundle is served from ``static/plotly/`` (Streamlit static serving) and loaded once per tab; each
chart is a Streamlit component (``st.components.v2``, drawn in the page, not in an iframe) that draws
its figure with ``Plotly.react`` once it is in or near the view (``NEAR_PX``) and follows its column's
width.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from plotly.io.json import to_json_plotly

from svd_dash.ui.component_js import HELPERS

BUNDLE_URL = "/app/static/plotly/plotly-basic.min.js"
COMPONENT_NAME = "svd_dash.plotly_chart"
CHART_CLASS = "svd-chart"
"""The class of the element each chart draws in (browser tests and the benchmark look for it)."""

AXIS_TEXT = {"tickfont": {"size": 12, "color": "#444"}, "title": {"font": {"size": 14, "color": "#444"}}}
PAGE_TEMPLATE = (
    go.layout.Template(pio.templates["plotly"])
    .update(
        layout={
            "title": {"font": {"family": '"Source Sans", "Source Sans Pro", sans-serif', "size": 16, "color": "#1a1a1a"}},
            "legend": {"font": {"size": 12}},
            "xaxis": AXIS_TEXT,
            "yaxis": AXIS_TEXT,
        }
    )
    .to_plotly_json()
)
"""The text sizes a chart has on the page where the figure does not set its own, as Streamlit's chart theme
gave them (measured in chromium: title 16 px in the page's font, axis titles 14 px, ticks and legend 12 px),
so the layouts tuned and tested under it hold; ticks and axis titles dark grey (#444, 9.7:1 on white)
rather than the theme's light grey. Exports and meeting mode set their own sizes."""

NOT_LOADED = "This chart could not be drawn: its code did not load. Reload the page; its figures are under 'Show the numbers'."

SCRIPT = """
function plotlyLoaded() {
  window.__svdPlotly ??= loadScript(BUNDLE_URL).then(() => window.Plotly).catch((error) => {
    window.__svdPlotly = undefined;
    throw error;
  });
  return window.__svdPlotly;
}

function draw(chart) {
  const { figure, config } = chart.svdPending;
  chart.svdPending = null;
  delete chart.dataset.waiting;
  plotlyLoaded().then((Plotly) => {
    Plotly.react(chart, figure.data, figure.layout, config);
    onWidthChange(chart, () => Plotly.Plots.resize(chart));
  }).catch(() => { chart.textContent = NOT_LOADED; });
}

function chartsNearView() {  // one observer for every chart in the tab, and the charts still waiting
  window.__svdCharts ??= (() => {
    const waiting = new Set();
    const observer = new IntersectionObserver((entries) => {
      for (const { target: chart, isIntersecting } of entries) {
        if (!chart.svdPending || isIntersecting) { observer.unobserve(chart); waiting.delete(chart); }
        if (chart.svdPending && isIntersecting) draw(chart);
        else if (chart.svdPending) {
          chart.dataset.waiting = 'true';
          waiting.add(chart);
          whenIdle(2000, () => plotlyLoaded().catch(() => {}));
        }
      }
    }, { rootMargin: 'NEAR_PX 0px' });
    addEventListener('beforeprint', () => { for (const chart of waiting) { observer.unobserve(chart); draw(chart); } waiting.clear(); });
    return { observer, waiting };
  })();
  return window.__svdCharts;
}

function chartCleanup(chart) {  // run when the chart is removed or rendered again
  return () => {
    const { observer, waiting } = chartsNearView();
    observer.unobserve(chart);
    waiting.delete(chart);
    if (chart.svdResize) { chart.svdResize.disconnect(); chart.svdResize = null; }
  };
}

export default function ({ data, parentElement }) {
  const chart = ownElement(parentElement, 'CHART_CLASS', 'figure');
  chart.setAttribute('aria-label', data.alt);
  const spec = data.figure + JSON.stringify(data.config);
  const { observer } = chartsNearView();
  if (spec !== chart.svdSpec) {  // a rerun with the same figure has nothing new to draw
    chart.svdSpec = spec;
    const figure = JSON.parse(data.figure);
    chart.style.minHeight = `${figure.layout.height || 450}px`;
    chart.svdPending = { figure, config: data.config };
    observer.unobserve(chart);
  }
  if (chart.svdPending) observer.observe(chart);  // drawn once it is in or near the view (at once, when it is); see NEAR_PX
  else if (window.Plotly) onWidthChange(chart, () => Plotly.Plots.resize(chart));
  return chartCleanup(chart);
}
"""

NEAR_PX = 300
"""A chart is drawn when it comes within this many pixels of the view (at once, when it is in view), and
before the page is printed: a chart further down the page waits, so the first screen shows sooner (plotly
took 0.4 s of a new Hotspots tab for the two charts below its map) and a control change redraws only what
is seen. plotly.js itself loads when the browser is next idle."""

COMPONENT_SCRIPT = HELPERS + (
    SCRIPT.replace("BUNDLE_URL", json.dumps(BUNDLE_URL))
    .replace("CHART_CLASS", CHART_CLASS)
    .replace("NOT_LOADED", json.dumps(NOT_LOADED))
    .replace("NEAR_PX", f"{NEAR_PX}px")
)


def plotly_chart(figure: go.Figure, key: str, alt: str, config: dict[str, object]) -> None:
    """Draw ``figure`` across its column at the figure's own height; ``alt`` is read out by screen readers;
    ``config`` is plotly.js's (e.g. ``{"displayModeBar": False}``). The component is registered with the
    running Streamlit on each call (the same definition again is a no-op), so it is there whichever
    runtime (server or test) runs the page."""
    draw = st.components.v2.component(COMPONENT_NAME, js=COMPONENT_SCRIPT, isolate_styles=False)
    spec = figure.to_plotly_json()
    spec["layout"] = spec["layout"] | {"template": PAGE_TEMPLATE}
    draw(data={"figure": to_json_plotly(spec), "alt": alt, "config": config}, key=key)
