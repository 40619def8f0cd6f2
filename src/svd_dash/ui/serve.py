"""``svd-dash serve``: run the app with Streamlit and warm the shared caches as the server starts."""

from __future__ import annotations

import sys

from streamlit.web import cli as streamlit_cli

from svd_dash.prepared import project_root
from svd_dash.ui.warmup import start_warming


def serve(streamlit_options: list[str]) -> int:
    """``streamlit run app.py`` with ``streamlit_options`` (e.g. ``--server.port 8502``), plus the warm-up thread."""
    start_warming()
    sys.argv = ["streamlit", "run", str(project_root() / "app.py"), *streamlit_options]
    try:
        streamlit_cli.main()
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0
