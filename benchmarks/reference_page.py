"""The reference page for the browser benchmark: Streamlit's own floor (a title and one control), and with
``?chart=1`` also one small chart in Streamlit's own plotly element (the floor of a page with such a chart: the
whole of plotly.js loads and runs; the app's pages draw with plotly.js's basic bundle instead, ``ui/plotly_chart.py``)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Reference page")
st.radio("Choice", ["one", "two"], horizontal=True, key="choice")
if st.query_params.get("chart"):
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), key="chart")
