"""Colour-blind-safe palettes, in one place (ColorBrewer schemes marked colour-blind safe, and Okabe-Ito)."""

from __future__ import annotations

from svd_dash.analytics.hotspots import HOTSPOT_CLASSES

SEQUENTIAL_5 = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""ColorBrewer YlGnBu, light = low, dark = high."""

HOTSPOT_COLOURS = dict(zip(HOTSPOT_CLASSES, ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"), strict=True))
"""ColorBrewer RdBu 7: hot spots red, cold spots blue, not significant near white."""

DECILE_COLOURS = ("#40004b", "#762a83", "#9970ab", "#c2a5cf", "#e7d4e8", "#d9f0d3", "#a6dba0", "#5aae61", "#1b7837", "#00441b")
"""ColorBrewer PRGn 10 for IMD deciles: purple = most deprived (decile 1), green = least deprived."""

BIVARIATE = {
    "low rate, low deprivation": "#e8e8e8",
    "low rate, medium deprivation": "#ace4e4",
    "low rate, high deprivation": "#5ac8c8",
    "medium rate, low deprivation": "#dfb0d6",
    "medium rate, medium deprivation": "#a5add3",
    "medium rate, high deprivation": "#5698b9",
    "high rate, low deprivation": "#be64ac",
    "high rate, medium deprivation": "#8c62aa",
    "high rate, high deprivation": "#3b4994",
}
"""Joshua Stevens' 3x3 bivariate scheme (rate x deprivation tertiles within the area)."""

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe and Ito's categorical palette, for lines and bars."""

EMERGING_COLOURS = {
    "New hot spot": "#fdd49e",
    "Consecutive hot spot": "#fdbb84",
    "Intensifying hot spot": "#b30000",
    "Persistent hot spot": "#7f0000",
    "Diminishing hot spot": "#ef6548",
    "Sporadic hot spot": "#fc8d59",
    "Oscillating hot spot": "#d7301f",
    "Historical hot spot": "#fee8c8",
    "No pattern detected": "#f7f7f7",
    "New cold spot": "#d0d1e6",
    "Consecutive cold spot": "#a6bddb",
    "Intensifying cold spot": "#045a8d",
    "Persistent cold spot": "#023858",
    "Diminishing cold spot": "#3690c0",
    "Sporadic cold spot": "#74a9cf",
    "Oscillating cold spot": "#0570b0",
    "Historical cold spot": "#ece7f2",
    "Not tested (no neighbours)": "#bdbdbd",
}
"""Emerging hot spot classes: ColorBrewer OrRd for hot patterns, PuBu for cold (the legend names each class)."""

QUINTILE_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""Quintiles of a risk factor, lowest to highest (ColorBrewer YlGnBu 5)."""
