"""Finding text that collides in a drawn plotly chart: in a page (the browser tests) or in an export
(drawn by plotly.js in Debian's chromium at the export's size, as kaleido draws it)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

OVERLAPPING_TEXT = """(root) => {
  const kinds = [['legendtext', 'legend'], ['g-xtitle', 'axis title'], ['g-ytitle', 'axis title'], ['annotation', 'annotation'],
    ['textpoint', 'value label'], ['gtitle', 'title'], ['xtick', 'tick'], ['ytick', 'tick']];
  const kindOf = t => { for (const [cls, name] of kinds) if (t.closest('.' + cls)) return name; return 'text'; };
  const overlaps = [];
  for (const chart of root.querySelectorAll('.js-plotly-plot')) {
    const texts = [...chart.querySelectorAll('text')].filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none'
      && getComputedStyle(t).visibility !== 'hidden' && parseFloat(getComputedStyle(t).opacity || '1') > 0)
      .map(t => ({text: t.textContent.trim().slice(0, 40), kind: kindOf(t), box: t.getBoundingClientRect()}))
      .filter(t => t.box.width > 0 && t.box.height > 0);
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      if (texts[i].kind === 'tick' && texts[j].kind === 'tick') continue;  // plotly turns or thins its own tick labels
      const a = texts[i].box, b = texts[j].box;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 2 && y > 3) overlaps.push(`${texts[i].kind} "${texts[i].text}" / ${texts[j].kind} "${texts[j].text}"`);
    }
  }
  return overlaps;
}"""
"""Pairs of visible texts in a plotly chart whose boxes overlap (more than 2 px across and 3 px down):
legend over an axis title, a value label over another, an annotation over a tick label. Tick labels are
not compared with each other: plotly turns (so their boxes, not their letters, overlap) or thins them."""


def drawn_text_overlaps(page, figure: go.Figure, width: int, height: int) -> list[str]:
    """Draw ``figure`` at ``width`` x ``height`` with plotly.js in ``page`` and return its overlapping texts."""
    page.set_content('<html><body style="margin:0"><div id="chart"></div></body></html>')
    page.add_script_tag(path=str(PLOTLY_JS))
    spec = json.loads(figure.to_json())
    layout = {**spec.get("layout", {}), "width": width, "height": height}
    page.evaluate("([data, layout]) => Plotly.newPlot('chart', data, layout, {staticPlot: true})", [spec.get("data", []), layout])
    return page.evaluate(f"() => ({OVERLAPPING_TEXT})(document)")
