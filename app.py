"""Streamlit entry point: the router and frame live in the package."""

from svd_dash.ui.frame import run

run()
