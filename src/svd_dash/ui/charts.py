"""Plotly figures for the pages. Each takes tables from the analytics layer and only draws them.

Every figure carries its own title and subtitle, readable text sizes, colour-blind-safe colours, and
labels or marker shapes wherever colour would otherwise be the only cue.

Each figure is built once per distinct input and shared (``built_once``): plotly checks every property as a
figure is built, 0.1-0.2 s of a page's run (py-spy, Compare areas). So a figure handed out here is never
changed: exports, meeting mode and event markers draw on copies.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import ParamSpec

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from svd_dash.analytics.funnel import Funnel
from svd_dash.analytics.markers import Marker
from svd_dash.analytics.periods import Period
from svd_dash.analytics.spc import SpcResult
from svd_dash.reference import sentence_start as sentence_case
from svd_dash.ui.palettes import DECILE_COLOURS, OKABE_ITO

FIGURES_KEPT = 512
"""Figures ``built_once`` keeps (the least recently used go first)."""

Inputs = ParamSpec("Inputs")


def built_once(builder: Callable[Inputs, go.Figure]) -> Callable[Inputs, go.Figure]:
    """``builder`` whose figure is made once for the same inputs and then shared between runs and sessions
    (Streamlit's resource cache, keyed on the inputs' contents). Callers must not change it."""
    return st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)(builder)


FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": "#1a1a1a"}


SUBTITLE_LINE_CHARS, TITLE_LINE_CHARS = 64, 56
SUBTITLE_LINE_PX = 21
"""Height of a subtitle line in a page chart (plotly spaces title lines by the title's font, not the smaller span's)."""
"""A subtitle or title longer than this breaks onto more lines (at ' · ' or ', '), so a narrow screen never cuts it."""


def wrap_subtitle(subtitle: str, width: int = SUBTITLE_LINE_CHARS) -> list[str]:
    """'Walsall · Weapons · the 12 months to March 2026, compared with ...' as lines of at most about
    ``width`` characters, broken after ' · ' or ', '."""
    lines, line = [], ""
    for part in re.split(r"(?<= · )|(?<=, )", subtitle):
        if line and len(line) + len(part) > width:
            lines.append(line.rstrip(" ·,"))
            line = ""
        line += part
    return [short for long in [*lines, line] for short in (textwrap.wrap(long, width + 8) or [long])]  # words, if no ' · ' or ', '


def _frame(figure: go.Figure, title: str, subtitle: str, height: int = 460) -> go.Figure:
    lines, heading = wrap_subtitle(subtitle), wrap_subtitle(title, TITLE_LINE_CHARS)
    shown = "<br>".join(f"<span style='font-size:0.8em;color:#444'>{line}</span>" for line in lines)
    shown_lines = sum(line.count("<br>") + 1 for line in lines)  # a subtitle may break its own lines
    extra = SUBTITLE_LINE_PX * (shown_lines - 1) + 20 * (len(heading) - 1)
    figure.update_layout(
        title={  # hung from the top, so a long title block grows down into the margin made for it, never onto the plot
            "text": "<br>".join([*(f"<b>{line}</b>" for line in heading), shown]),
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 20},  # plotly draws a multi-line title's first line a few pixels above its anchor
        },
        font=FONT,
        height=height + extra,
        margin={"l": 60, "r": 20, "t": 98 + extra, "b": 60},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.18},
    )
    figure.update_xaxes(showgrid=False, linecolor="#444")
    figure.update_yaxes(gridcolor="#e5e5e5", linecolor="#444", rangemode="tozero")
    return figure


def _confidence_bars(table: pd.DataFrame) -> dict[str, object]:
    """Plotly error bars from ``rate_lower`` to ``rate_upper`` around ``rate`` (a 95% CI)."""
    return {
        "type": "data",
        "symmetric": False,
        "array": table["rate_upper"] - table["rate"],
        "arrayminus": table["rate"] - table["rate_lower"],
    }


@built_once
def trend_figure(trend: pd.DataFrame, baseline: Period, period: Period, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Monthly counts (complete months solid circles, partial months hollow squares), the rolling
    12-month average, with the baseline and current periods shaded and labelled."""
    figure = go.Figure()
    for flag, name, symbol in ((True, "Complete month", "circle"), (False, "Partial month (left out)", "square-open")):
        part = trend[trend["complete"] == flag]
        figure.add_scatter(
            x=part["month"], y=part["count"], mode="markers", name=name, marker={"symbol": symbol, "size": 9, "color": OKABE_ITO[0]}
        )
    joined = trend["count"].where(trend["complete"])  # the line breaks at partial months
    figure.add_scatter(
        x=trend["month"], y=joined, mode="lines", line={"color": OKABE_ITO[0], "width": 1}, showlegend=False, hoverinfo="skip"
    )
    figure.add_scatter(
        x=trend["month"],
        y=trend["rolling_12_month_average"],
        mode="lines",
        name="Rolling 12-month average (complete months)",
        line={"color": OKABE_ITO[1], "width": 3, "dash": "dash"},
    )
    for shaded, label, colour in ((baseline, "Baseline", "#999999"), (period, "Period", OKABE_ITO[2])):
        figure.add_vrect(
            x0=shaded.start - pd.Timedelta(days=14),
            x1=shaded.end + pd.Timedelta(days=14),
            fillcolor=colour,
            opacity=0.12,
            line_width=0,
            annotation_text=label,
            annotation_position="top left",
        )
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle)


@built_once
def small_multiples_figure(by_type: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """One small line chart per crime type (complete months only, own y scale)."""
    types = list(dict.fromkeys(by_type["crime_type"]))
    columns = min(3, len(types))
    rows = -(-len(types) // columns)
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=types, shared_xaxes=True)
    for i, crime_type in enumerate(types):
        part = by_type[(by_type["crime_type"] == crime_type) & by_type["complete"]]
        figure.add_scatter(
            x=part["month"],
            y=part["count"],
            mode="lines+markers",
            marker={"size": 4},
            line={"color": OKABE_ITO[0]},
            showlegend=False,
            row=i // columns + 1,
            col=i % columns + 1,
        )
    return _frame(figure, title, subtitle, height=260 * rows + 100)


@built_once
def seasonal_figure(profile: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Month-of-year index (100 = average month), with the value printed inside the foot of each bar, well
    below the dotted 100 line (a value printed above its bar sat on that line when near 100)."""
    figure = go.Figure(
        go.Bar(
            x=profile["month_name"],
            y=profile["index"],
            marker_color=OKABE_ITO[0],
            text=profile["index"].round(0),
            textposition="inside",
            insidetextanchor="start",
        )
    )
    figure.add_hline(y=100, line_dash="dot")  # named on the axis: a label at the line's end sat on the Nov and Dec values
    figure.update_yaxes(title="Index (100 = average month)")
    return _frame(figure, title, subtitle)


@built_once
def lorenz_figure(points: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Lorenz curve against the line of equality."""
    figure = go.Figure()
    figure.add_scatter(
        x=[0, 100], y=[0, 100], mode="lines", name="If every neighbourhood had the same", line={"dash": "dot", "color": "#777"}
    )
    figure.add_scatter(
        x=points["share_of_lsoas"] * 100,
        y=points["share_of_offences"] * 100,
        mode="lines",
        name="Actual",
        line={"color": OKABE_ITO[3], "width": 3},
    )
    figure.update_xaxes(title="% of neighbourhoods (fewest offences first)", range=[0, 100])
    figure.update_yaxes(title="% of offences", range=[0, 100])
    return _frame(figure, title, subtitle)


@built_once
def decile_figure(by_decile: pd.DataFrame, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Rate by national IMD decile with 95% CI error bars; under each bar its decile number and, in bold,
    its rate (a value printed on the bar was struck through by its error bar)."""
    deciles = by_decile["decile"].astype(str)
    figure = go.Figure(
        go.Bar(
            x=deciles,
            y=by_decile["rate"],
            marker_color=[DECILE_COLOURS[int(d) - 1] for d in by_decile["decile"]],
            error_y=_confidence_bars(by_decile),
        )
    )
    ticks = [f"{decile}<br><b>{rate:.1f}</b>" for decile, rate in zip(deciles, by_decile["rate"], strict=True)]
    figure.update_xaxes(
        title="IMD 2025 decile (1 = most deprived 10% in England); rate in bold",
        tickmode="array",
        tickvals=list(deciles),
        ticktext=ticks,
    )
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle)


def _named_vline(figure: go.Figure, x: float, name: str) -> None:
    """A dotted vertical line across the plot, named by an entry in the legend (not by a label on the chart)."""
    line = {"dash": "dot", "color": "#1a1a1a", "width": 2}
    figure.add_vline(x=x, line=line)
    figure.add_scatter(x=[None], y=[None], mode="lines", line=line, name=name, hoverinfo="skip")


@built_once
def area_rates_figure(
    table: pd.DataFrame, reference: float, title: str, subtitle: str, x_title: str, selected: str | None = None
) -> go.Figure:
    """Horizontal bars of area rates with 95% CIs, a dotted line at the West Midlands rate (named in the legend,
    so no label sits on a bar), verdict in the label; the ``selected`` area's bar orange and its name bold."""
    ordered = table.sort_values("rate")
    chosen = ordered["area_name"] == selected
    names = ordered["area_name"] + " (" + ordered["comparison"] + ")"
    figure = go.Figure(
        go.Bar(
            y=names.where(~chosen, "<b>" + names + "</b>"),
            x=ordered["rate"],
            orientation="h",
            marker_color=[OKABE_ITO[1] if flag else OKABE_ITO[0] for flag in chosen],
            error_x=_confidence_bars(ordered),
            text=ordered["rate"].round(1),
            textposition="inside",
            insidetextanchor="start",  # values at the start of the bar, clear of the error bar at its end
            showlegend=False,
        )
    )
    _named_vline(figure, reference, f"Dotted line: West Midlands, {reference:.1f}")  # named in the legend, not over the bars
    figure.update_xaxes(title=x_title)
    figure.update_yaxes(automargin=True)  # room for the area names and verdicts
    return _frame(figure, title, subtitle, height=480).update_layout(legend_y=-0.3)  # below the axis title


LIMIT_STYLES = (("od_", "Normal spread", "#1a1a1a", 2.5), ("", "Chance alone", "#8a8a8a", 1.2))
"""Funnel limit sets: overdispersed (dark, thick) and chance-only (grey, thin); 95% dashed and 99.8% dotted."""


def _label_heights(rates: pd.Series, gap: float) -> pd.Series:
    """Label heights (rate units) in rate order, each at least ``gap`` above the one below, so labels never overlap."""
    heights, floor = {}, -np.inf
    for index, rate in rates.sort_values().items():
        floor = max(rate, floor + gap)
        heights[index] = floor
    return pd.Series(heights).reindex(rates.index)


def _name_points(figure: go.Figure, points: pd.DataFrame, gap: float, log_x: bool = False, selected: str | None = None) -> None:
    """Name each point, joined by a thin line. Points of about the same size share a column of labels to their right, in
    rate order and stacked apart (see ``_label_heights``), so neither labels nor lines cross; a point more than twice the
    median size stands apart and is named beside itself. The ``selected`` unit's name is in bold."""
    place = np.log10 if log_x else float  # plotly places annotations on log axes by log10
    apart = points["residents"] > 2 * points["residents"].median()
    cluster = points[~apart]
    column = cluster["residents"].max() * 1.25 if len(cluster) else 0.0
    heights = _label_heights(cluster["rate"], gap)
    for row in points.itertuples():
        alone = bool(apart[row.Index]) or len(points) == 1
        figure.add_annotation(
            x=place(row.residents),
            y=row.rate,
            ax=40 if alone else place(column),
            ay=0 if alone else heights[row.Index],
            axref="pixel" if alone else "x",
            ayref="pixel" if alone else "y",
            text=f"<b>{row.name}</b>" if row.unit == selected else row.name,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#777",
            xanchor="left",
            font={"size": 13},
            bgcolor="rgba(255,255,255,0.8)",
        )


@built_once
def funnel_figure(result: Funnel, title: str, subtitle: str, y_title: str, x_title: str, label_all: bool = True) -> go.Figure:
    """Funnel plot of a ``funnel.Funnel``: each unit's rate against its residents, the overdispersed limits (the ones
    the words use unless counts are small) and the chance-only limits, around the comparator without the selected
    area; the selected area is highlighted and named. With ``label_all`` every unit is named (seven councils)."""
    figure = go.Figure()
    curve = result.curve
    for prefix, name, colour, width in LIMIT_STYLES:
        if prefix and result.small_counts:
            continue  # with small counts the normal approximation fails: only the exact limits are drawn and used
        used = (prefix == "od_") != result.small_counts
        for level, dash in (("95", "dash"), ("99.8", "dot")):
            for side in ("lower", "upper"):
                figure.add_scatter(
                    x=curve["residents"],
                    y=curve[f"{prefix}{side}_{level}"],
                    mode="lines",
                    line={"dash": dash, "color": "#1a1a1a" if used else colour, "width": 2.5 if used else width},
                    name=f"{name}, {level}%" + (" (used in the words)" if used else ""),
                    legendgroup=f"{prefix}{level}",
                    showlegend=side == "lower",
                    hoverinfo="skip",
                )
    figure.add_scatter(
        x=curve["residents"][[0, len(curve) - 1]],
        y=[result.target, result.target],
        mode="lines",
        line={"color": "#555", "width": 2},
        name=f"{sentence_case(result.comparator)}: {result.target:,.1f}",
        hoverinfo="skip",
    )
    units = result.units
    chosen = units["unit"] == result.selected
    others = units[~chosen]
    figure.add_scatter(
        x=others["residents"],
        y=others["rate"],
        mode="markers",
        customdata=others[["name", "count"]],
        hovertemplate="%{customdata[0]}: %{y:,.2f} (%{customdata[1]:,.0f})<extra></extra>",
        name="Other areas",
        showlegend=False,
        marker={"size": 10 if label_all else 6, "color": OKABE_ITO[0], "opacity": 1 if label_all else 0.6},
    )
    if chosen.any():
        picked = units[chosen]
        figure.add_scatter(
            x=picked["residents"],
            y=picked["rate"],
            mode="markers",
            name=f"{picked['name'].iloc[0]} (selected)",
            showlegend=False,
            marker={"size": 16, "color": OKABE_ITO[1], "symbol": "diamond", "line": {"color": "#1a1a1a", "width": 1.5}},
        )
    gap = (max(curve["od_upper_99.8"].max(), units["rate"].max()) - 0) / 9  # room for projector-sized names too
    if label_all:  # the selected area's name joins the others' column, so it never lands on a neighbouring point
        _name_points(figure, units, gap, selected=result.selected)
    else:
        _name_points(figure, units[chosen], gap, log_x=True, selected=result.selected)
    figure.update_xaxes(title=x_title, type="log" if not label_all else "linear")
    figure.update_yaxes(title=y_title)
    figure = _frame(figure, title, subtitle, height=560)
    figure.update_layout(legend={"orientation": "h", "y": -0.2, "font": {"size": 12}})
    return figure


SOURCE_STYLES = {
    "official statistics": {"symbol": "circle", "dash": "solid", "name": "Official statistics"},
    "official statement": {"symbol": "circle-open", "dash": "dash", "name": "Official statement (written answer in Parliament)"},
    "derived": {"symbol": "square-open", "dash": "dot", "name": "Derived (third party's sums of Home Office data)"},
}
"""Marker and line per kind of source: solid for official statistics, hollow and dashed for official statements."""


@built_once
def official_series_figure(series: pd.DataFrame, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Official figures over time, one trace per kind of source (never joined across kinds), values labelled."""
    figure = go.Figure()
    for source_type, style in SOURCE_STYLES.items():
        part = series[series["source_type"] == source_type]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["period_end"],
            y=part["value"],
            mode="lines+markers+text",
            text=[f"{v:,.0f}" for v in part["value"]],
            textposition="top center",
            customdata=part[["label"]],
            hovertemplate="%{customdata[0]}: %{y:,.0f}<extra></extra>",
            name=style["name"],
            line={"dash": style["dash"], "color": OKABE_ITO[0], "width": 2},
            marker={"symbol": style["symbol"], "size": 11, "color": OKABE_ITO[0], "line": {"width": 2, "color": OKABE_ITO[0]}},
        )
    figure.update_xaxes(title="End of the 12 months counted")
    figure.update_yaxes(title=y_title, range=[0, series["value"].max() * 1.2])
    return _frame(figure, title, subtitle).update_layout(showlegend=True)  # the kind of source is named even for one series


@built_once
def coverage_figure(table: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """police.uk street-level counts as a % of ONS recorded crime per area: the plain 12-month sum (hollow) and the
    full-year estimate from complete months (solid), with a line at 100%."""
    figure = go.Figure()
    for column, name, symbol in (
        ("coverage_12_months", "12-month sum (partial months included)", "circle-open"),
        ("coverage_estimated", "Full-year estimate from complete months", "circle"),
    ):
        figure.add_scatter(
            x=table[column] * 100,
            y=table["area_name"],
            mode="markers+text",
            text=[f"{v:.0%}" for v in table[column]],
            textposition="middle right" if column == "coverage_estimated" else "middle left",
            name=name,
            marker={"symbol": symbol, "size": 13, "color": OKABE_ITO[0], "line": {"width": 2, "color": OKABE_ITO[0]}},
        )
    _named_vline(figure, 100, "Dotted line: 100%, the same as ONS")  # a label by the line sat on the values near 100%
    figure.update_xaxes(title="police.uk as % of ONS police recorded crime", range=[70, 120])
    figure.update_yaxes(autorange="reversed")
    return _frame(figure, title, subtitle, height=460).update_layout(legend_y=-0.3)  # below the axis title


@built_once
def mix_figure(mix: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Stacked 100% bars of each area's crime-type mix (hover and the table give exact shares)."""
    figure = go.Figure()
    palette = [*OKABE_ITO, "#999999", "#882255", "#44AA99", "#117733", "#332288", "#DDCC77"]
    for i, (crime_type, part) in enumerate(mix.groupby("crime_type", sort=False)):
        labels = [f"{s:.0%}" if s >= 0.08 else "" for s in part["share"]]  # segments named in text, not colour alone
        figure.add_bar(
            y=part["area"],
            x=part["share"] * 100,
            name=crime_type,
            orientation="h",
            marker_color=palette[i % len(palette)],
            text=labels,
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=f"{crime_type}: %{{x:.1f}}%<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title="% of records", range=[0, 100])
    return _frame(figure, title, subtitle, height=560)


@built_once
def published_figure(rows: pd.DataFrame, baseline_value: float | None, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Published figures over time: one point per period, the periods named along the x axis, each value
    labelled on the side of its point away from the baseline (above when at or over it, below when under
    it, unless that would reach the x axis), so no label sits on the dotted baseline line, which is named
    in the legend rather than on the chart."""
    periods = rows["period"].str.replace(" to ", " to<br>", regex=False)
    decimals = 0 if (rows["value"] % 1 == 0).all() else 1
    top = max(float(rows["value"].max()) * 1.2, 1.0)
    above = [baseline_value is None or value >= baseline_value or value < 0.15 * top for value in rows["value"]]
    figure = go.Figure(
        go.Scatter(
            x=periods,
            y=rows["value"],
            mode="lines+markers+text",
            text=[f"{value:,.{decimals}f}" for value in rows["value"]],
            textposition=["top center" if up else "bottom center" for up in above],
            marker={"size": 9, "color": OKABE_ITO[0]},
            name=sentence_case(y_title),
            showlegend=False,
            cliponaxis=False,
        )
    )
    if baseline_value is not None:
        figure.add_scatter(
            x=periods,
            y=[baseline_value] * len(rows),
            mode="lines",
            line={"dash": "dot", "color": "#1a1a1a", "width": 2},
            name=f"Baseline: {baseline_value:,.{decimals}f}",
            hoverinfo="skip",
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(title=sentence_case(y_title), range=[0, top])  # room for the labels above the highest point
    return _frame(figure, title, subtitle)


@built_once
def monthly_bars_figure(monthly: pd.DataFrame, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Monthly counts as bars; partial months hatched and named in the legend (not colour alone)."""
    figure = go.Figure()
    for flag, name, pattern in ((True, "Complete month", ""), (False, "Partial month", "/")):
        part = monthly[monthly["complete"] == flag]
        figure.add_bar(x=part["month"], y=part["count"], name=name, marker={"color": OKABE_ITO[0], "pattern": {"shape": pattern}})
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle, height=380)


SPC_POINTS = {
    "common cause": ("Common cause", "circle", "#7f7f7f"),
    "special cause improving": ("Special cause, improving (fewer)", "triangle-down", "#0072b2"),
    "special cause concerning": ("Special cause, concerning (more)", "triangle-up", "#d55e00"),
}
"""Making Data Count colours (grey, blue, orange), each with its own marker shape so colour is not the only cue."""


@built_once
def spc_figure(result: SpcResult, baseline: Period, title: str, subtitle: str, y_title: str) -> go.Figure:
    """XmR chart: monthly values, centre line, process limits from the baseline, special-cause points by
    shape and colour, partial months hollow (not tested), the target line when set, and the variation
    (and assurance) icon as text and symbol above the subtitle and in the legend."""
    table = result.table
    figure = go.Figure()
    figure.add_scatter(
        x=table["month"], y=table["value"].where(table["complete"]), mode="lines", line={"color": "#7f7f7f", "width": 1}, showlegend=False
    )
    for point_type, (name, symbol, colour) in SPC_POINTS.items():
        part = table[table["point_type"] == point_type]
        if len(part):
            figure.add_scatter(
                x=part["month"], y=part["value"], mode="markers", name=name, marker={"symbol": symbol, "size": 10, "color": colour}
            )
    partial = table[~table["complete"]]
    if len(partial):
        figure.add_scatter(
            x=partial["month"],
            y=partial["value"],
            mode="markers",
            name="Partial month (not tested)",
            marker={"symbol": "circle-open", "size": 10, "color": "#444"},
        )
    for column, name, dash in (
        ("mean", "Centre line (baseline mean)", "solid"),
        ("upper_limit", "Process limits", "dash"),
        ("lower_limit", "", "dash"),
    ):
        figure.add_scatter(
            x=table["month"],
            y=table[column],
            mode="lines",
            name=name,
            showlegend=bool(name),
            line={"color": "#1a1a1a", "dash": dash, "width": 1.5},
        )
    if result.target is not None:
        figure.add_scatter(
            x=table["month"], y=table["target"], mode="lines", name="Target", line={"color": "#cc79a7", "dash": "dot", "width": 2.5}
        )
    figure.add_vrect(
        x0=baseline.start - pd.Timedelta(days=14),
        x1=baseline.end + pd.Timedelta(days=14),
        fillcolor="#999999",
        opacity=0.12,
        line_width=0,
    )
    figure.add_scatter(  # the shaded baseline, named in the legend: a label on the chart sat on the partial months
        x=[None], y=[None], mode="markers", name="Baseline (sets the limits)", marker={"symbol": "square", "size": 14, "color": "#e3e3e3"}
    )
    icons = [result.variation_icon] + ([result.assurance_icon] if result.assurance_icon else [])
    subtitle = "<b>" + " · ".join(f"{icon.symbol} {icon.words}" for icon in icons) + "</b><br>" + subtitle
    for icon in icons:  # also in the legend, which exports keep when they replace the title
        figure.add_scatter(x=[None], y=[None], mode="markers", marker={"color": "rgba(0,0,0,0)"}, name=f"{icon.symbol} {icon.words}")
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle, height=540)


def spc_subtitle(area_name: str, grouping_name: str, baseline: Period) -> str:
    """Two short lines, so nothing is cut off on a narrow screen: where and what, then where the limits come from."""
    return f"{area_name} · {grouping_name}<br>Limits from the baseline, {baseline.label}"


def with_event_markers(figure: go.Figure, markers: tuple[Marker, ...]) -> go.Figure:
    """A copy of ``figure`` with a dashed vertical line and a label for each intervention marker (names escaped:
    plotly reads some HTML); ``figure`` itself when there are none."""
    figure = go.Figure(figure) if markers else figure
    for index, marker in enumerate(markers):
        figure.add_vline(x=marker.month, line={"color": "#009e73", "dash": "dashdot", "width": 2})
        figure.add_annotation(
            x=marker.month,
            y=1 - 0.07 * index,
            xref="x",
            yref="paper",
            text=marker.chart_label,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 13, "color": "#005a41"},
            bgcolor="rgba(255,255,255,0.85)",
        )
    return figure


@built_once
def quintile_figure(table: pd.DataFrame, title: str, subtitle: str, x_title: str, y_title: str) -> go.Figure:
    """Rate by quintile of a factor with its interval as error bars (columns ``quintile``, ``rate``,
    ``rate_lower``, ``rate_upper``); each bar labelled with its rate."""
    figure = go.Figure(
        go.Bar(
            x=[f"Q{q}" for q in table["quintile"]],
            y=table["rate"],
            error_y=_confidence_bars(table),
            marker={"color": OKABE_ITO[0]},
            text=[f"{r:,.1f}" for r in table["rate"]],
            textposition="inside",
            insidetextanchor="start",
            name="Rate (95% interval)",
        )
    )
    figure.update_xaxes(title=x_title)
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle, height=420)


@built_once
def crime_type_figure(by_type: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Records per police.uk category as horizontal bars, largest at the top, each labelled."""
    ordered = by_type.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=ordered["count"],
            y=ordered["crime_type"],
            orientation="h",
            marker={"color": OKABE_ITO[0]},
            text=[f"{c:,}" for c in ordered["count"]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    figure.update_xaxes(title="Records")
    _frame(figure, title, subtitle, height=520).update_layout(margin={"l": 220, "r": 60}, showlegend=False)
    return figure
