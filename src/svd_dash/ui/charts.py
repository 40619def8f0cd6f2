"""Plotly figures for the pages. Each takes tables from the analytics layer and only draws them.

Every figure carries its own title and subtitle, readable text sizes, colour-blind-safe colours, and
labels or marker shapes wherever colour would otherwise be the only cue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from svd_dash.analytics.funnel import Funnel
from svd_dash.analytics.periods import Period
from svd_dash.reference import sentence_start as sentence_case
from svd_dash.ui.palettes import DECILE_COLOURS, OKABE_ITO

FONT = {"family": "Arial, Helvetica, sans-serif", "size": 15, "color": "#1a1a1a"}


def _frame(figure: go.Figure, title: str, subtitle: str, height: int = 460) -> go.Figure:
    figure.update_layout(
        title={"text": f"{title}<br><span style='font-size:0.8em;color:#444'>{subtitle}</span>", "x": 0.01, "xanchor": "left"},
        font=FONT,
        height=height,
        margin={"l": 60, "r": 20, "t": 90, "b": 60},
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


def seasonal_figure(profile: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Month-of-year index (100 = average month), with the value printed on each bar."""
    figure = go.Figure(
        go.Bar(
            x=profile["month_name"], y=profile["index"], marker_color=OKABE_ITO[0], text=profile["index"].round(0), textposition="outside"
        )
    )
    figure.add_hline(y=100, line_dash="dot", annotation_text="average month = 100")
    figure.update_yaxes(title="Index (average month = 100)")
    return _frame(figure, title, subtitle)


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


def decile_figure(by_decile: pd.DataFrame, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Rate by national IMD decile with 95% CI error bars; decile numbers on the axis."""
    figure = go.Figure(
        go.Bar(
            x=by_decile["decile"].astype(str),
            y=by_decile["rate"],
            marker_color=[DECILE_COLOURS[int(d) - 1] for d in by_decile["decile"]],
            error_y=_confidence_bars(by_decile),
            text=by_decile["rate"].round(1),
            textposition="outside",
        )
    )
    figure.update_xaxes(title="National IMD 2025 decile (1 = most deprived 10% in England)")
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle)


def area_rates_figure(table: pd.DataFrame, reference: float, title: str, subtitle: str, x_title: str) -> go.Figure:
    """Horizontal bars of area rates with 95% CIs, a line at the West Midlands rate, verdict in the label."""
    ordered = table.sort_values("rate")
    figure = go.Figure(
        go.Bar(
            y=ordered["area_name"] + " (" + ordered["comparison"] + ")",
            x=ordered["rate"],
            orientation="h",
            marker_color=OKABE_ITO[0],
            error_x=_confidence_bars(ordered),
            text=ordered["rate"].round(1),
            textposition="inside",
            insidetextanchor="start",  # values at the start of the bar, clear of the error bar at its end
        )
    )
    figure.add_vline(x=reference, line_dash="dot", annotation_text=f"West Midlands {reference:.1f}")
    figure.update_xaxes(title=x_title)
    figure.update_yaxes(automargin=True)  # room for the area names and verdicts
    return _frame(figure, title, subtitle, height=480)


LIMIT_STYLES = (("od_", "Normal spread", "#1a1a1a", 2.5), ("", "Chance alone", "#8a8a8a", 1.2))
"""Funnel limit sets: overdispersed (dark, thick) and chance-only (grey, thin); 95% dashed and 99.8% dotted."""


def _label_heights(rates: pd.Series, gap: float) -> pd.Series:
    """Label heights (rate units) in rate order, each at least ``gap`` above the one below, so labels never overlap."""
    heights, floor = {}, -np.inf
    for index, rate in rates.sort_values().items():
        floor = max(rate, floor + gap)
        heights[index] = floor
    return pd.Series(heights).reindex(rates.index)


def _name_points(figure: go.Figure, points: pd.DataFrame, gap: float, log_x: bool = False) -> None:
    """Name each point, joined by a thin line. Points of about the same size share a column of labels to their right, in
    rate order and stacked apart (see ``_label_heights``), so neither labels nor lines cross; a point more than twice the
    median size stands apart and is named beside itself."""
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
            text=row.name,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#777",
            xanchor="left",
            font={"size": 13},
            bgcolor="rgba(255,255,255,0.8)",
        )


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
    gap = (max(curve["od_upper_99.8"].max(), units["rate"].max()) - 0) / 16
    _name_points(figure, others if label_all else others.iloc[0:0], gap)
    _name_points(figure, units[chosen], gap, log_x=not label_all)
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
    figure.add_vline(x=100, line_dash="dot", annotation_text="same as ONS", annotation_position="bottom right")
    figure.update_xaxes(title="police.uk as % of ONS police recorded crime", range=[70, 120])
    figure.update_yaxes(autorange="reversed")
    return _frame(figure, title, subtitle, height=460)


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


def published_figure(rows: pd.DataFrame, baseline_value: float | None, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Published figures over time, values labelled, a dotted line at the baseline figure."""
    figure = go.Figure(
        go.Scatter(
            x=rows["period_end"],
            y=rows["value"],
            mode="lines+markers+text",
            text=rows["period"],
            textposition="top center",
            marker={"size": 9, "color": OKABE_ITO[0]},
        )
    )
    if baseline_value is not None:
        figure.add_hline(y=baseline_value, line_dash="dot", annotation_text=f"Baseline {baseline_value:,.0f}")
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle)


def sparkline_figure(values: list[int]) -> go.Figure:
    """A tiny line of recent monthly counts for a card (no axes; the card states the figures)."""
    figure = go.Figure(go.Scatter(y=values, mode="lines", line={"color": OKABE_ITO[0], "width": 2}, hoverinfo="y"))
    figure.update_layout(height=70, margin={"l": 0, "r": 0, "t": 4, "b": 4}, showlegend=False, plot_bgcolor="white")
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def monthly_bars_figure(monthly: pd.DataFrame, title: str, subtitle: str, y_title: str) -> go.Figure:
    """Monthly counts as bars; partial months hatched and named in the legend (not colour alone)."""
    figure = go.Figure()
    for flag, name, pattern in ((True, "Complete month", ""), (False, "Partial month", "/")):
        part = monthly[monthly["complete"] == flag]
        figure.add_bar(x=part["month"], y=part["count"], name=name, marker={"color": OKABE_ITO[0], "pattern": {"shape": pattern}})
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle, height=380)


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
