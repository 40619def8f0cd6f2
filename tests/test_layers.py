"""The three layers import downwards only: prepare -> analytics -> ui; Streamlit lives in ui."""

from __future__ import annotations

import ast
from pathlib import Path

from svd_dash.ui.frame import PAGES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "svd_dash"
FORBIDDEN = {
    "prepare": ("svd_dash.analytics", "svd_dash.ui", "streamlit", "plotly", "folium"),
    "analytics": ("svd_dash.ui", "streamlit", "plotly", "folium"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_lower_layers_do_not_import_higher_ones() -> None:
    breaches = []
    for layer, forbidden in FORBIDDEN.items():
        folder = PACKAGE / layer
        for path in sorted(folder.rglob("*.py")) if folder.exists() else []:
            breaches += [f"{path.name} imports {m}" for m in imported_modules(path) if m.startswith(forbidden)]
    assert not breaches


def test_streamlit_only_in_the_ui_layer() -> None:
    outside = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts and any(m.startswith("streamlit") for m in imported_modules(path))
    ]
    assert not outside


def test_pages_only_lay_out() -> None:
    pages = sorted((PACKAGE.parents[1] / "app_pages").glob("*.py"))
    registered = {Path(entry[0]).name for entry in PAGES}
    assert {page.name for page in pages} == registered
    for page in pages:
        assert len(page.read_text(encoding="utf-8").splitlines()) <= 150, page.name
        assert not [m for m in imported_modules(page) if m.startswith(("scipy", "numpy", "esda", "libpysal"))], page.name
