"""Export labels and safe text for charts of official figures: their footers name the official sources, not police.uk."""

from __future__ import annotations

import re
from dataclasses import replace

from svd_dash.ui.exports import ExportLabels, labels_for
from svd_dash.ui.state import Selection

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def official_labels(selection: Selection, title: str, topic: str, footer: str, periods: str) -> ExportLabels:
    """Labels for an exported chart of official figures: ``footer`` (from the figures' own sources) and the periods shown.
    The subtitle names those periods, not the dashboard's chosen period, which these figures do not use."""
    labels = labels_for(selection, title, topic, footer, periods)
    return replace(labels, subtitle=f"Official figures: {periods} (not the dates chosen on the dashboard)")


def escape_markdown(text: str) -> str:
    """Text from data files (area names, sources) shown literally, never as Markdown or HTML."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)
