"""Streamlit entry point: hands over to the package."""

from svd_dash.ui.summary import render_summary

render_summary()
