"""Turning a ``Selection`` into the plain-string arguments the caches are keyed by."""

from __future__ import annotations

from svd_dash.ui.state import Selection


def period_args(selection: Selection) -> tuple[str, str]:
    """('2025-04', '2026-03') for the selection's period."""
    return f"{selection.period.start:%Y-%m}", f"{selection.period.end:%Y-%m}"


def baseline_args(selection: Selection) -> tuple[str, str]:
    """('2023-09', '2024-08') for the selection's baseline."""
    return f"{selection.baseline.start:%Y-%m}", f"{selection.baseline.end:%Y-%m}"


def selection_args(selection: Selection) -> tuple[str, str, str, str]:
    """(area code, grouping name, period start, period end)."""
    return (selection.area.code, selection.grouping.name, *period_args(selection))
