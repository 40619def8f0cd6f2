"""Plotly figures for the pages. Each takes tables from the analytics layer and only draws them.

Every figure carries its own title and subtitle, readable text sizes, colour-blind-safe colours, and
labels or marker shapes wherever colour would otherwise be the only cue.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from svd_dash.analytics.periods import Period
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
        )
    )
    figure.add_vline(x=reference, line_dash="dot", annotation_text=f"West Midlands {reference:.1f}")
    figure.update_xaxes(title=x_title)
    return _frame(figure, title, subtitle, height=480)


def funnel_figure(
    table: pd.DataFrame, curve: pd.DataFrame, reference: float, title: str, subtitle: str, y_title: str, residents: str = "population"
) -> go.Figure:
    """Funnel plot: each area's rate against its residents, with 95% and 99.8% limits (dashed, dotted)."""
    figure = go.Figure()
    for level, dash in (("95", "dash"), ("99.8", "dot")):
        for side in ("lower", "upper"):
            figure.add_scatter(
                x=curve["residents"],
                y=curve[f"{side}_{level}"],
                mode="lines",
                line={"dash": dash, "color": "#555"},
                name=f"{level}% limits",
                showlegend=side == "lower",
            )
    figure.add_hline(y=reference, line_color="#555", annotation_text=f"West Midlands {reference:.1f}")
    figure.add_scatter(
        x=table[residents],
        y=table["rate"],
        mode="markers+text",
        text=table["area_name"],
        textposition="top center",
        name="Area",
        marker={"size": 12, "color": OKABE_ITO[3]},
    )
    figure.update_xaxes(title="Residents aged 16-24 (Census 2021)" if residents == "population_16_24" else "Residents (Census 2021)")
    figure.update_yaxes(title=y_title)
    return _frame(figure, title, subtitle, height=520)


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
